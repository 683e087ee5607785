/**
 * Case events: one row in the case's history, and, in the same transaction, one outbox row
 * per subscribed webhook (delivered later by the outbox worker) and the in-app
 * notifications of the people concerned. Nothing is sent from inside a transaction.
 */
import {
  type CaseEventType,
  NOTIFICATION_TYPES,
  type NotificationType,
  toIso,
  WEBHOOK_EVENTS,
  type WebhookEvent,
} from '@parcours/domain';
import { upsertRows, type WriteHandle } from '../dialect.ts';
import { chunks, ID_CHUNK, parseJsonList, timeOrderedId } from './ids.ts';
import type { CaseRow } from './tables.ts';

export type Primitive = string | number | boolean | null;

export type NewCaseEvent = {
  /** the case as it is after the change */
  case: CaseRow;
  type: CaseEventType;
  /** the user who did it; null for the system */
  actorId: string | null;
  note?: string | null;
  details?: Record<string, Primitive>;
};

/** What a webhook receives about a case: ids and states, never customer names or comments. */
export function webhookCase(c: CaseRow) {
  const iso = (ms: number | null) => (ms === null ? null : toIso(ms));
  return {
    id: c.id,
    status: c.status,
    rule_id: c.rule_id,
    team_id: c.team_id,
    owner_id: c.owner_id,
    record_type: c.record_type,
    record_id: c.record_id,
    customer_id: c.customer_id,
    touchpoint_id: c.touchpoint_id,
    opened_at: iso(c.opened_at),
    due_at: iso(c.due_at),
    closed_at: iso(c.closed_at),
    root_cause: c.root_cause,
    resolution: c.resolution,
  };
}

const isWebhookEvent = (t: string): t is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(t);
const isNotification = (t: string): t is NotificationType =>
  (NOTIFICATION_TYPES as readonly string[]).includes(t);

async function activeTeamUsers(h: WriteHandle, teams: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks(teams, ID_CHUNK)) {
    const rows = await h.trx
      .selectFrom('users')
      .select(['id', 'team_id'])
      .where('team_id', 'in', part)
      .where('disabled_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      if (r.team_id === null) continue;
      const list = out.get(r.team_id) ?? [];
      list.push(r.id);
      out.set(r.team_id, list);
    }
  }
  return out;
}

/**
 * Who hears of an event in the app: a new case, everyone of its team; an assignment, the
 * new owner; an overdue case, its owner, else its team. Nobody is told of their own act.
 */
function recipients(e: NewCaseEvent, team: string[]): string[] {
  let who: string[] = [];
  if (e.type === 'case.created') who = team;
  else if (e.type === 'case.assigned') who = e.case.owner_id ? [e.case.owner_id] : [];
  else if (e.type === 'case.overdue') who = e.case.owner_id ? [e.case.owner_id] : team;
  return who.filter((u) => u !== e.actorId);
}

export async function recordCaseEvents(h: WriteHandle, at: number, events: NewCaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: timeOrderedId(at),
    case_id: e.case.id,
    at,
    type: e.type,
    actor_id: e.actorId,
    note: e.note ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
  }));
  await upsertRows(h, 'case_events', ['id'], rows);

  // webhooks: one delivery per subscribed active webhook, with its body fixed now
  if (events.some((e) => isWebhookEvent(e.type))) {
    const hooks = await h.trx
      .selectFrom('webhooks')
      .select(['id', 'events'])
      .where('active', '=', 1)
      .execute();
    const outbox: Record<string, unknown>[] = [];
    events.forEach((e, i) => {
      if (!isWebhookEvent(e.type)) return;
      const eventId = rows[i]?.id ?? '';
      const body = JSON.stringify({
        id: eventId,
        type: e.type,
        occurred_at: toIso(at),
        case: webhookCase(e.case),
        details: e.details ?? {},
      });
      for (const hook of hooks) {
        if (!(parseJsonList<string>(hook.events) ?? []).includes(e.type)) continue;
        outbox.push({
          id: timeOrderedId(at),
          webhook_id: hook.id,
          event_id: eventId,
          event: e.type,
          body,
          created_at: at,
          attempts: 0,
          next_attempt_at: at,
          claimed_by: null,
          claimed_until: null,
          delivered_at: null,
          failed_at: null,
          last_error: null,
        });
      }
    });
    await upsertRows(h, 'outbox', ['id'], outbox);
  }

  // in-app notifications
  const notifying = events.filter((e) => isNotification(e.type));
  if (notifying.length === 0) return;
  const needTeams = [
    ...new Set(
      notifying
        .filter((e) => e.type === 'case.created' || (e.type === 'case.overdue' && !e.case.owner_id))
        .map((e) => e.case.team_id),
    ),
  ];
  const teams = needTeams.length ? await activeTeamUsers(h, needTeams) : new Map<string, string[]>();
  const notifications: Record<string, unknown>[] = [];
  for (const e of notifying) {
    for (const user of recipients(e, teams.get(e.case.team_id) ?? [])) {
      notifications.push({
        id: timeOrderedId(at),
        user_id: user,
        at,
        type: e.type,
        case_id: e.case.id,
        read_at: null,
      });
    }
  }
  await upsertRows(h, 'notifications', ['id'], notifications);
}
