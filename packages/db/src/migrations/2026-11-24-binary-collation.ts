/**
 * Every text column compares and sorts by code point, as SQLite's default BINARY collation
 * does: on PostgreSQL the database's default collation may be linguistic (en_US.UTF-8
 * sorts 'b' before 'C' and ignores accents at first), which would change orderings, cursor
 * comparisons and `id > last` paging from one engine to the other. No-op on SQLite.
 * Frozen: the column lists are spelled out on purpose. New text columns use `binaryText`.
 */
import type { Kysely } from 'kysely';
import { useBinaryCollation } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
type Db = Kysely<any>;

const TEXT_COLUMNS: Record<string, string[]> = {
  settings: ['name', 'time_zone', 'currency'],
  departments: ['id', 'name'],
  teams: ['id', 'name', 'department_id'],
  touchpoints: ['id', 'name', 'channel', 'stage', 'media', 'presence', 'team_id', 'status'],
  customers: ['id', 'name', 'email', 'segment', 'region', 'search'],
  interactions: ['id', 'customer_id', 'touchpoint_id', 'team_id', 'kind'],
  feedback: ['id', 'customer_id', 'touchpoint_id', 'team_id', 'interaction_id', 'survey', 'comment', 'mode'],
  goals: ['id', 'kpi', 'scope_type', 'scope_id', 'period', 'note'],
  rollup_i_day: ['day', 'wait_sketch', 'res_sketch'],
  rollup_i_day_seg_reg: ['day', 'segment', 'region', 'wait_sketch', 'res_sketch'],
  rollup_i_day_tp_team: ['day', 'touchpoint_id', 'team_id', 'wait_sketch', 'res_sketch'],
  rollup_f_day: ['day', 'mode'],
  rollup_f_day_seg_reg: ['day', 'segment', 'region', 'mode'],
  rollup_f_day_tp_team: ['day', 'touchpoint_id', 'team_id', 'mode'],
};

export async function up(db: Db): Promise<void> {
  // referenced columns first is not required: PostgreSQL rebuilds the foreign keys
  for (const [table, columns] of Object.entries(TEXT_COLUMNS)) await useBinaryCollation(db, table, columns);
}

export async function down(_db: Db): Promise<void> {
  // the database's default collation is not known here; binary ordering is harmless to keep
}
