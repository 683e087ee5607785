/**
 * The closed loop: alert rules, follow-up cases and their history, webhooks, the outbox of
 * deliveries and in-app notifications (docs/decisions/007-closed-loop.md). Frozen.
 */
import type { Kysely } from 'kysely';
import { binaryText } from '../dialect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped schema by design
export async function up(db: Kysely<any>): Promise<void> {
  const text = binaryText(db);
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('target', text, (c) => c.notNull())
    .addColumn('conditions', text, (c) => c.notNull())
    .addColumn('touchpoint_ids', text)
    .addColumn('stages', text)
    .addColumn('team_ids', text)
    .addColumn('segments', text)
    .addColumn('assign_team_id', text, (c) => c.notNull().references('teams.id'))
    .addColumn('due_hours', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', text)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('rule_id', text, (c) => c.notNull().references('alert_rules.id'))
    .addColumn('record_type', text, (c) => c.notNull())
    .addColumn('record_id', text, (c) => c.notNull())
    .addColumn('customer_id', text, (c) => c.notNull())
    .addColumn('touchpoint_id', text, (c) => c.notNull())
    .addColumn('record_team_id', text, (c) => c.notNull())
    .addColumn('record_at', 'bigint', (c) => c.notNull())
    .addColumn('team_id', text, (c) => c.notNull().references('teams.id'))
    .addColumn('owner_id', text, (c) => c.references('users.id'))
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('root_cause', text)
    .addColumn('resolution', text)
    .addColumn('overdue_notified_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // one case per record per rule, however often the record is sent
    .addUniqueConstraint('cases_rule_record', ['rule_id', 'record_type', 'record_id'])
    .execute();
  await db.schema.createIndex('cases_queue').on('cases').columns(['team_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('cases_record').on('cases').columns(['record_type', 'record_id']).execute();
  await db.schema.createIndex('cases_closed').on('cases').columns(['closed_at']).execute();
  // follow_up_rate's numerator starts from the closed cases of the window's records
  await db.schema
    .createIndex('cases_follow_up')
    .on('cases')
    .columns(['record_type', 'status', 'record_at'])
    .execute();
  await db.schema.createIndex('cases_customer').on('cases').columns(['customer_id']).execute();
  await db.schema.createIndex('cases_owner').on('cases').columns(['owner_id', 'status']).execute();
  await db.schema.createIndex('cases_due').on('cases').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('case_id', text, (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('actor_id', text)
    .addColumn('note', text)
    .addColumn('details', text)
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('url', text, (c) => c.notNull())
    .addColumn('secret', text, (c) => c.notNull())
    .addColumn('events', text, (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('webhook_id', text, (c) => c.notNull())
    .addColumn('event_id', text, (c) => c.notNull())
    .addColumn('event', text, (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', text)
    .addColumn('claimed_until', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('failed_at', 'bigint')
    .addColumn('last_error', text)
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['delivered_at', 'failed_at', 'next_attempt_at'])
    .execute();
  await db.schema.createIndex('outbox_webhook').on('outbox').columns(['webhook_id', 'created_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('user_id', text, (c) => c.notNull().references('users.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('case_id', text, (c) => c.notNull().references('cases.id'))
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('notifications_user')
    .on('notifications')
    .columns(['user_id', 'read_at', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['notifications', 'outbox', 'webhooks', 'case_events', 'cases', 'alert_rules'])
    await db.schema.dropTable(t).execute();
}
