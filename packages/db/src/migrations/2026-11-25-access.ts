/** Accounts, sessions, login throttling, API tokens and the audit trail. Frozen. */
import type { Kysely } from 'kysely';
import { binaryText } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
export async function up(db: Kysely<any>): Promise<void> {
  // ids, e-mails and keys compare by code point on every engine
  const text = binaryText(db);
  await db.schema
    .createTable('users')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('email', text, (c) => c.notNull().unique())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull())
    .addColumn('team_id', text, (c) => c.references('teams.id'))
    .addColumn('password_hash', text, (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // the session id is never stored: only its SHA-256, so a copy of the database opens nothing
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', text, (c) => c.primaryKey())
    .addColumn('user_id', text, (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('key', text, (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_key').on('login_attempts').columns(['key', 'at']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('prefix', text, (c) => c.notNull())
    .addColumn('scope', text, (c) => c.notNull())
    .addColumn('created_by', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', text)
    .addColumn('user_email', text)
    .addColumn('action', text, (c) => c.notNull())
    .addColumn('target', text)
    .addColumn('details', text)
    .addColumn('ip', text)
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'api_tokens', 'login_attempts', 'sessions', 'users'])
    await db.schema.dropTable(t).execute();
}
