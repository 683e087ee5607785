/**
 * What keeps ingestion fast as the tables grow (docs/decisions/008-ingestion-speed.md).
 * Frozen.
 *
 * 1. A customer's records are found through indexes led by the week of the record, then
 *    the customer: (week, customer_id, time). An index led by customer_id puts each new
 *    record on a random page, so every batch rewrote most of that index (at 1M
 *    interactions, a third of the ingestion time, and growing with the table); led by the
 *    week, a batch of recent records touches a few pages. Reads of one customer probe each
 *    week of the data (queries/customer-records.ts).
 * 2. `generations`: counters the writer bumps when cached data changes, so every process
 *    knows when to drop its cache (ingest/customer-cache.ts).
 */
import { type Kysely, sql } from 'kysely';
import { binaryText } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
type Db = Kysely<any>;

// Spelled out here on purpose (a migration never changes): 604800000 ms = 7 days, as
// CUSTOMER_WEEK_MS in queries/customer-records.ts, whose queries must match it exactly.
export async function up(db: Db): Promise<void> {
  await db.schema.dropIndex('interactions_customer').execute();
  await db.schema.dropIndex('feedback_customer').execute();
  await sql`create index interactions_customer_week
    on interactions ((occurred_at / 604800000), customer_id, occurred_at)`.execute(db);
  await sql`create index feedback_customer_week
    on feedback ((submitted_at / 604800000), customer_id, submitted_at)`.execute(db);

  await db.schema
    .createTable('generations')
    .addColumn('name', binaryText(db), (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('generations').execute();
  await db.schema.dropIndex('interactions_customer_week').execute();
  await db.schema.dropIndex('feedback_customer_week').execute();
  await db.schema
    .createIndex('interactions_customer')
    .on('interactions')
    .columns(['customer_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('feedback_customer')
    .on('feedback')
    .columns(['customer_id', 'submitted_at'])
    .execute();
}
