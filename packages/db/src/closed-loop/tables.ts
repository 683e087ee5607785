/**
 * Kysely table types of the closed loop (migration 2026-11-26-closed-loop). Times are epoch
 * milliseconds, booleans 0/1, lists and conditions JSON texts.
 */
import type { Selectable } from 'kysely';

export type AlertRuleTable = {
  id: string;
  name: string;
  target: string;
  /** JSON: AlertCondition[] */
  conditions: string;
  /** JSON arrays, or null for "any" */
  touchpoint_ids: string | null;
  stages: string | null;
  team_ids: string | null;
  segments: string | null;
  assign_team_id: string;
  due_hours: number;
  active: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  /** rules are never removed (their cases keep them): deleting one sets this */
  deleted_at: number | null;
};

export type CaseTable = {
  id: string;
  rule_id: string;
  record_type: string;
  record_id: string;
  /** the record's customer, touchpoint, handling team and time, kept in step with the record */
  customer_id: string;
  touchpoint_id: string;
  record_team_id: string;
  record_at: number;
  /** the team the case is assigned to (the rule's) */
  team_id: string;
  owner_id: string | null;
  status: string;
  opened_at: number;
  due_at: number;
  closed_at: number | null;
  root_cause: string | null;
  resolution: string | null;
  overdue_notified_at: number | null;
  /** optimistic concurrency: every change increments it */
  version: number;
  updated_at: number;
};

export type CaseEventTable = {
  id: string;
  case_id: string;
  at: number;
  type: string;
  actor_id: string | null;
  note: string | null;
  /** JSON object: what changed */
  details: string | null;
};

export type WebhookTable = {
  id: string;
  name: string;
  url: string;
  secret: string;
  /** JSON: WebhookEvent[] */
  events: string;
  active: number;
  created_at: number;
  updated_at: number;
};

/** One delivery of one event to one webhook, retried until delivered or given up. */
export type OutboxTable = {
  id: string;
  webhook_id: string;
  event_id: string;
  event: string;
  /** the exact body sent (and signed) on every attempt */
  body: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  delivered_at: number | null;
  failed_at: number | null;
  last_error: string | null;
};

export type NotificationTable = {
  id: string;
  user_id: string;
  at: number;
  type: string;
  case_id: string;
  read_at: number | null;
};

export type ClosedLoopTables = {
  alert_rules: AlertRuleTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  webhooks: WebhookTable;
  outbox: OutboxTable;
  notifications: NotificationTable;
};

export type AlertRuleRow = Selectable<AlertRuleTable>;
export type CaseRow = Selectable<CaseTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type WebhookRow = Selectable<WebhookTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NotificationRow = Selectable<NotificationTable>;
