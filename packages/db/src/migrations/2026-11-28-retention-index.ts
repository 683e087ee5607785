/**
 * Retention of all customers is counted over index ranges (queries/kpis.ts,
 * gatherRetention): customers acquired before a date, and those churned in a range with
 * their acquisition, read from this index alone. Frozen.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('customers_churned')
    .on('customers')
    .columns(['churned_at', 'acquired_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_churned').execute();
}
