/**
 * Kysely table types. Times are epoch milliseconds (bigint), booleans are 0/1 integers and
 * rollup day keys are 'YYYY-MM-DD' texts in the organisation's time zone: the same on
 * SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { ClosedLoopTables } from './closed-loop/tables.ts';

export type SettingsTable = {
  id: number;
  name: string;
  time_zone: string;
  currency: string;
  updated_at: number;
};

export type DepartmentTable = { id: string; name: string; updated_at: number };
export type TeamTable = { id: string; name: string; department_id: string; updated_at: number };
export type TouchpointTable = {
  id: string;
  name: string;
  channel: string;
  stage: string;
  media: string;
  presence: string;
  team_id: string;
  status: string;
  updated_at: number;
};

export type CustomerTable = {
  id: string;
  name: string;
  email: string | null;
  segment: string | null;
  region: string | null;
  acquired_at: number | null;
  churned_at: number | null;
  /** lower-case, accent-free "id name email" for search */
  search: string;
  updated_at: number;
};

export type InteractionTable = {
  id: string;
  customer_id: string;
  touchpoint_id: string;
  team_id: string;
  occurred_at: number;
  kind: string;
  wait_seconds: number | null;
  resolved_at: number | null;
  abandoned: number | null;
  converted: number | null;
  revenue: number | null;
  updated_at: number;
};

export type FeedbackTable = {
  id: string;
  customer_id: string;
  touchpoint_id: string;
  team_id: string;
  interaction_id: string | null;
  submitted_at: number;
  survey: string;
  score: number;
  comment: string | null;
  mode: string;
  updated_at: number;
};

export type GoalTable = {
  id: string;
  kpi: string;
  scope_type: string;
  scope_id: string | null;
  period: string;
  target: number;
  warning_band: number | null;
  note: string | null;
  created_at: number;
  updated_at: number;
};

export type UserTable = {
  id: string;
  email: string;
  name: string;
  role: string;
  team_id: string | null;
  password_hash: string;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
};
export type SessionTable = {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
};
/** One row per counter a sign-in attempt counts against; the rows of one attempt share its id. */
export type SignInAttemptTable = { attempt_id: string; key: string; at: number };
export type KnownDeviceTable = { id_hash: string; user_id: string; created_at: number; expires_at: number };
export type ApiTokenTable = {
  id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scope: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
};
export type AuditTable = {
  id: string;
  at: number;
  user_id: string | null;
  user_email: string | null;
  action: string;
  target: string | null;
  details: string | null;
  ip: string | null;
};

/** Rollup rows are handled generically (see rollups/grains.ts): keys plus measure columns. */
export type RollupRow = Record<string, string | number>;

export type MigrationTable = { name: Generated<string>; timestamp: string };

/** Counters bumped when data that processes cache changes (ingest/customer-cache.ts). */
export type GenerationTable = { name: string; value: number };

/** A customer a user identified by exact e-mail or id, outside their scope (decision 017). */
export type CallerIdentificationTable = { user_id: string; customer_id: string; identified_at: number };

export type DB = {
  settings: SettingsTable;
  generations: GenerationTable;
  departments: DepartmentTable;
  teams: TeamTable;
  touchpoints: TouchpointTable;
  customers: CustomerTable;
  interactions: InteractionTable;
  feedback: FeedbackTable;
  goals: GoalTable;
  users: UserTable;
  sessions: SessionTable;
  sign_in_attempts: SignInAttemptTable;
  known_devices: KnownDeviceTable;
  caller_identifications: CallerIdentificationTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditTable;
} & ClosedLoopTables &
  Record<`rollup_${string}`, RollupRow>;

export type CustomerRow = Selectable<CustomerTable>;
export type InteractionRow = Selectable<InteractionTable>;
export type FeedbackRow = Selectable<FeedbackTable>;
export type TouchpointRow = Selectable<TouchpointTable>;
export type TeamRow = Selectable<TeamTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type GoalRow = Selectable<GoalTable>;
export type NewInteraction = Insertable<InteractionTable>;
export type UserRow = Selectable<UserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
