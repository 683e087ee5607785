/**
 * Sign-in throttling by back-off, and known devices (docs/decisions/012-sign-in-throttling-
 * and-session-lifetime.md). `login_attempts` stays for servers of the previous release
 * during a rolling upgrade; nothing of this release reads it. Frozen.
 */
import type { Kysely } from 'kysely';
import { binaryText } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
export async function up(db: Kysely<any>): Promise<void> {
  const text = binaryText(db);
  // one row per counter an attempt counts against (its e-mail and address, its address…),
  // all sharing the attempt's id so a success or a refusal takes back exactly its own rows
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('attempt_id', text, (c) => c.notNull())
    .addColumn('key', text, (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_attempts_pk', ['key', 'attempt_id'])
    .execute();
  await db.schema
    .createIndex('sign_in_attempts_key_at')
    .on('sign_in_attempts')
    .columns(['key', 'at'])
    .execute();
  // pruning reads old rows by time alone
  await db.schema.createIndex('sign_in_attempts_at').on('sign_in_attempts').columns(['at']).execute();
  await db.schema.createIndex('sign_in_attempts_id').on('sign_in_attempts').columns(['attempt_id']).execute();

  // like sessions, only the SHA-256 of the device cookie is stored
  await db.schema
    .createTable('known_devices')
    .addColumn('id_hash', text, (c) => c.primaryKey())
    .addColumn('user_id', text, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('known_devices_user').on('known_devices').columns(['user_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['known_devices', 'sign_in_attempts']) await db.schema.dropTable(t).execute();
}
