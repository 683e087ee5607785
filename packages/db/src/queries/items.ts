/** Shaping raw rows into the API's record items (names resolved, times in ISO 8601). */
import type { CustomerItem, FeedbackItem, InteractionItem, Survey } from '@parcours/domain';
import { toIso } from '@parcours/domain';
import type { CustomerRow, FeedbackRow, InteractionRow } from '../schema.ts';
import type { Org } from './reference.ts';

const flag = (v: number | null) => (v === null ? null : v === 1);

export function interactionItem(
  row: InteractionRow & { customer_name: string },
  org: Org,
  zone: string,
): InteractionItem {
  return {
    type: 'interaction',
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    touchpointId: row.touchpoint_id,
    touchpointName: org.touchpoints.get(row.touchpoint_id)?.name ?? row.touchpoint_id,
    teamId: row.team_id,
    teamName: org.teams.get(row.team_id)?.name ?? row.team_id,
    occurredAt: toIso(row.occurred_at, zone),
    kind: row.kind,
    waitSeconds: row.wait_seconds,
    resolvedAt: row.resolved_at === null ? null : toIso(row.resolved_at, zone),
    resolutionSeconds: row.resolved_at === null ? null : (row.resolved_at - row.occurred_at) / 1000,
    abandoned: flag(row.abandoned),
    converted: flag(row.converted),
    revenue: row.revenue,
  };
}

export function feedbackItem(
  row: FeedbackRow & { customer_name: string },
  org: Org,
  zone: string,
): FeedbackItem {
  return {
    type: 'feedback',
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    touchpointId: row.touchpoint_id,
    touchpointName: org.touchpoints.get(row.touchpoint_id)?.name ?? row.touchpoint_id,
    teamId: row.team_id,
    teamName: org.teams.get(row.team_id)?.name ?? row.team_id,
    interactionId: row.interaction_id,
    submittedAt: toIso(row.submitted_at, zone),
    survey: row.survey as Survey,
    score: row.score,
    comment: row.comment,
    mode: row.mode as FeedbackItem['mode'],
  };
}

export function customerItem(row: Omit<CustomerRow, 'search' | 'updated_at'>, zone: string): CustomerItem {
  return {
    type: 'customer',
    id: row.id,
    name: row.name,
    email: row.email,
    segment: row.segment,
    region: row.region,
    acquiredAt: row.acquired_at === null ? null : toIso(row.acquired_at, zone),
    churnedAt: row.churned_at === null ? null : toIso(row.churned_at, zone),
  };
}
