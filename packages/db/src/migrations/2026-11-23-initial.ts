/**
 * The initial schema. Frozen: later changes get a new migration; this file imports no
 * application code (the rollup measure columns are spelled out on purpose).
 */
import type { CreateTableBuilder, Kysely } from 'kysely';

const INTERACTION_MEASURES = [
  'n',
  'complaints',
  'returns',
  'purchases',
  'backlog_opened',
  'backlog_closed',
  'wait_n',
  'wait_ms',
  'res_n',
  'res_ms',
  'abandon_n',
  'abandoned',
  'convert_n',
  'converted',
  'revenue_n',
  'revenue_milli',
];
const FEEDBACK_MEASURES = [
  ...Array.from({ length: 11 }, (_, s) => `nps_${s}`),
  ...Array.from({ length: 5 }, (_, s) => `csat_${s + 1}`),
  ...Array.from({ length: 7 }, (_, s) => `ces_${s + 1}`),
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
type Db = Kysely<any>;

async function rollupTable(db: Db, table: string, keys: string[], fact: 'interactions' | 'feedback') {
  let t: CreateTableBuilder<string, string> = db.schema
    .createTable(table)
    .addColumn('day', 'text', (c) => c.notNull());
  for (const k of keys) t = t.addColumn(k, 'text', (c) => c.notNull());
  if (fact === 'interactions') {
    for (const m of INTERACTION_MEASURES) t = t.addColumn(m, 'bigint', (c) => c.notNull().defaultTo(0));
    t = t
      .addColumn('wait_sketch', 'text', (c) => c.notNull().defaultTo('0'))
      .addColumn('res_sketch', 'text', (c) => c.notNull().defaultTo('0'));
  } else {
    for (const m of FEEDBACK_MEASURES) t = t.addColumn(m, 'integer', (c) => c.notNull().defaultTo(0));
  }
  await t.addPrimaryKeyConstraint(`${table}_pk`, ['day', ...keys]).execute();
  if (fact === 'interactions' && keys.length > 0) {
    // the open backlog sums two counters over every day before `to`: a covering index keeps
    // that scan off the wide rows (their sketches)
    await db.schema
      .createIndex(`${table}_backlog`)
      .on(table)
      .columns(['day', ...keys, 'backlog_opened', 'backlog_closed'])
      .execute();
  }
}

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('touchpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('presence', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('segment', 'text')
    .addColumn('region', 'text')
    .addColumn('acquired_at', 'bigint')
    .addColumn('churned_at', 'bigint')
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_acquired').on('customers').columns(['acquired_at']).execute();
  await db.schema.createIndex('customers_email').on('customers').columns(['email']).execute();

  await db.schema
    .createTable('interactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('touchpoint_id', 'text', (c) => c.notNull().references('touchpoints.id'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('wait_seconds', 'double precision')
    .addColumn('resolved_at', 'bigint')
    .addColumn('abandoned', 'integer')
    .addColumn('converted', 'integer')
    .addColumn('revenue', 'double precision')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // time-window scans read the dimensions from the index alone (retention by touchpoint,
  // raw reads narrowed by touchpoint or team)
  await db.schema
    .createIndex('interactions_occurred')
    .on('interactions')
    .columns(['occurred_at', 'touchpoint_id', 'team_id', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('interactions_customer')
    .on('interactions')
    .columns(['customer_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('touchpoint_id', 'text', (c) => c.notNull().references('touchpoints.id'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('interaction_id', 'text', (c) => c.references('interactions.id'))
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('survey', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feedback_submitted')
    .on('feedback')
    .columns(['submitted_at', 'touchpoint_id', 'team_id', 'survey', 'score', 'mode'])
    .execute();
  await db.schema
    .createIndex('feedback_customer')
    .on('feedback')
    .columns(['customer_id', 'submitted_at'])
    .execute();
  await db.schema.createIndex('feedback_interaction').on('feedback').columns(['interaction_id']).execute();

  await db.schema
    .createTable('goals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kpi', 'text', (c) => c.notNull())
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('target', 'double precision', (c) => c.notNull())
    .addColumn('warning_band', 'double precision')
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('goals_period').on('goals').columns(['period']).execute();

  await rollupTable(db, 'rollup_i_day', [], 'interactions');
  await rollupTable(db, 'rollup_i_day_seg_reg', ['segment', 'region'], 'interactions');
  await rollupTable(db, 'rollup_i_day_tp_team', ['touchpoint_id', 'team_id'], 'interactions');
  await rollupTable(db, 'rollup_f_day', ['mode'], 'feedback');
  await rollupTable(db, 'rollup_f_day_seg_reg', ['segment', 'region', 'mode'], 'feedback');
  await rollupTable(db, 'rollup_f_day_tp_team', ['touchpoint_id', 'team_id', 'mode'], 'feedback');
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'rollup_f_day_tp_team',
    'rollup_f_day_seg_reg',
    'rollup_f_day',
    'rollup_i_day_tp_team',
    'rollup_i_day_seg_reg',
    'rollup_i_day',
    'goals',
    'feedback',
    'interactions',
    'customers',
    'touchpoints',
    'teams',
    'departments',
    'settings',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
