/**
 * Kysely table types. Times are epoch milliseconds (bigint), booleans are 0/1 integers and
 * rollup day keys are 'YYYY-MM-DD' texts in the organisation's time zone: the same on
 * SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

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

/** Rollup rows are handled generically (see rollups/grains.ts): keys plus measure columns. */
export type RollupRow = Record<string, string | number>;

export type MigrationTable = { name: Generated<string>; timestamp: string };

export type DB = {
  settings: SettingsTable;
  departments: DepartmentTable;
  teams: TeamTable;
  touchpoints: TouchpointTable;
  customers: CustomerTable;
  interactions: InteractionTable;
  feedback: FeedbackTable;
  goals: GoalTable;
} & Record<`rollup_${string}`, RollupRow>;

export type CustomerRow = Selectable<CustomerTable>;
export type InteractionRow = Selectable<InteractionTable>;
export type FeedbackRow = Selectable<FeedbackTable>;
export type TouchpointRow = Selectable<TouchpointTable>;
export type TeamRow = Selectable<TeamTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type GoalRow = Selectable<GoalTable>;
export type NewInteraction = Insertable<InteractionTable>;
