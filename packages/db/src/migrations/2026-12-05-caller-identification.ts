/**
 * Callers identified outside a user's scope (docs/decisions/017-identifying-a-caller.md): an
 * agent who names a customer by exact e-mail or id may open that customer's page for a while.
 * Frozen.
 */
import { type Kysely, sql } from 'kysely';
import { binaryText } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
export async function up(db: Kysely<any>): Promise<void> {
  const text = binaryText(db);
  await db.schema
    .createTable('caller_identifications')
    .addColumn('user_id', text, (c) => c.notNull().references('users.id'))
    .addColumn('customer_id', text, (c) => c.notNull().references('customers.id'))
    .addColumn('identified_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('caller_identifications_pk', ['user_id', 'customer_id'])
    .execute();
  // a caller is identified by their exact e-mail, whatever its case: one index seek
  await db.schema
    .createIndex('customers_email_lower')
    .on('customers')
    .expression(sql`lower(email)`)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_email_lower').execute();
  await db.schema.dropTable('caller_identifications').execute();
}
