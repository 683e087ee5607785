/** What one stored record adds to the rollups: shared by the writer and the recomputation. */
import {
  accumulateFeedback,
  accumulateInteraction,
  backlogClosedAt,
  type DayBucketer,
  type InteractionFacts,
  type Survey,
} from '@parcours/domain';
import type { FeedbackRow, InteractionRow } from '../schema.ts';
import { addToDelta, type RollupDelta } from './delta.ts';
import type { RollupContext } from './grains.ts';

export type CustomerAttributes = { segment: string | null; region: string | null };

export function interactionFacts(row: InteractionRow): InteractionFacts {
  return {
    kind: row.kind,
    occurred_at: row.occurred_at,
    resolved_at: row.resolved_at,
    wait_seconds: row.wait_seconds,
    abandoned: row.abandoned === null ? null : row.abandoned === 1,
    converted: row.converted === null ? null : row.converted === 1,
    revenue: row.revenue,
  };
}

function context(
  row: { touchpoint_id: string; team_id: string },
  customer: CustomerAttributes,
  mode = '',
): RollupContext {
  return {
    touchpoint_id: row.touchpoint_id,
    team_id: row.team_id,
    segment: customer.segment ?? '',
    region: customer.region ?? '',
    mode,
  };
}

export function addInteractionToDelta(
  delta: RollupDelta,
  row: InteractionRow,
  customer: CustomerAttributes,
  sign: 1 | -1,
  days: DayBucketer,
): void {
  const ctx = context(row, customer);
  const facts = interactionFacts(row);
  addToDelta(delta, 'interactions', days.key(row.occurred_at), ctx, (m) =>
    accumulateInteraction(m, facts, sign),
  );
  const closedAt = backlogClosedAt(facts);
  if (closedAt !== null) {
    addToDelta(delta, 'interactions', days.key(closedAt), ctx, (m) => {
      m.backlog_closed += sign;
    });
  }
}

export function addFeedbackToDelta(
  delta: RollupDelta,
  row: FeedbackRow,
  customer: CustomerAttributes,
  sign: 1 | -1,
  days: DayBucketer,
): void {
  const ctx = context(row, customer, row.mode);
  addToDelta(delta, 'feedback', days.key(row.submitted_at), ctx, (m) =>
    accumulateFeedback(m, row.survey as Survey, row.score, sign),
  );
}
