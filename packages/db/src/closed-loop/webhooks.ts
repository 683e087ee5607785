/**
 * Webhooks (admins): where case events are delivered. The signing secret is generated here
 * and shown once; it is stored as is, since signing needs it (like any HMAC key).
 */
import { randomBytes } from 'node:crypto';
import {
  toIso,
  type Webhook,
  type WebhookEvent,
  type WebhookInput,
  type WebhookPatch,
} from '@parcours/domain';
import { type Kysely, sql } from 'kysely';
import { NotFoundError } from '../errors.ts';
import type { DB } from '../schema.ts';
import { parseJsonList } from './ids.ts';
import type { WebhookRow } from './tables.ts';

const SECRET_PREFIX = 'whsec_';
const newSecret = () => `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;

async function deliveryStats(db: Kysely<DB>, ids: string[]) {
  const out = new Map<string, Webhook['deliveries']>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('outbox')
    .select([
      'webhook_id',
      sql<number>`sum(case when delivered_at is null and failed_at is null then 1 else 0 end)`.as('pending'),
      sql<number>`sum(case when delivered_at is not null then 1 else 0 end)`.as('delivered'),
      sql<number>`sum(case when failed_at is not null then 1 else 0 end)`.as('failed'),
      sql<number | null>`max(delivered_at)`.as('last_delivered_at'),
    ])
    .where('webhook_id', 'in', ids)
    .groupBy('webhook_id')
    .execute();
  const errors = await db
    .selectFrom('outbox')
    .select(['webhook_id', 'last_error'])
    .where('webhook_id', 'in', ids)
    .where('last_error', 'is not', null)
    .where('delivered_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    out.set(r.webhook_id, {
      pending: Number(r.pending ?? 0),
      delivered: Number(r.delivered ?? 0),
      failed: Number(r.failed ?? 0),
      last_error: errors.find((e) => e.webhook_id === r.webhook_id)?.last_error ?? null,
      last_delivered_at: r.last_delivered_at == null ? null : toIso(Number(r.last_delivered_at)),
    });
  }
  return out;
}

const NO_DELIVERIES: Webhook['deliveries'] = {
  pending: 0,
  delivered: 0,
  failed: 0,
  last_error: null,
  last_delivered_at: null,
};

function toWebhook(row: WebhookRow, stats: Map<string, Webhook['deliveries']>): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: (parseJsonList<WebhookEvent>(row.events) ?? []) as WebhookEvent[],
    active: row.active === 1,
    secret_prefix: row.secret.slice(0, SECRET_PREFIX.length + 4),
    created_at: toIso(Number(row.created_at)),
    updated_at: toIso(Number(row.updated_at)),
    deliveries: stats.get(row.id) ?? NO_DELIVERIES,
  };
}

export async function listWebhooks(db: Kysely<DB>): Promise<Webhook[]> {
  const rows = await db.selectFrom('webhooks').selectAll().orderBy('name').orderBy('id').execute();
  const stats = await deliveryStats(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toWebhook(r, stats));
}

async function webhookRow(db: Kysely<DB>, id: string): Promise<WebhookRow> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no webhook '${id}'`);
  return row;
}

export async function getWebhook(db: Kysely<DB>, id: string): Promise<Webhook> {
  return toWebhook(await webhookRow(db, id), await deliveryStats(db, [id]));
}

export async function createWebhook(
  db: Kysely<DB>,
  input: WebhookInput,
  now = Date.now(),
): Promise<Webhook & { secret: string }> {
  const row: WebhookRow = {
    id: crypto.randomUUID(),
    name: input.name,
    url: input.url,
    secret: newSecret(),
    events: JSON.stringify([...new Set(input.events)]),
    active: input.active ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('webhooks').values(row).execute();
  return { ...toWebhook(row, new Map()), secret: row.secret };
}

/** Changes a webhook; with `rotate_secret` the answer carries the new secret (once). */
export async function updateWebhook(
  db: Kysely<DB>,
  id: string,
  patch: WebhookPatch,
  now = Date.now(),
): Promise<Webhook & { secret?: string }> {
  await webhookRow(db, id);
  const secret = patch.rotate_secret ? newSecret() : undefined;
  await db
    .updateTable('webhooks')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.events !== undefined ? { events: JSON.stringify([...new Set(patch.events)]) } : {}),
      ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      ...(secret !== undefined ? { secret } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  const hook = await getWebhook(db, id);
  return secret === undefined ? hook : { ...hook, secret };
}

/** Removes a webhook and the deliveries still waiting for it. */
export async function deleteWebhook(db: Kysely<DB>, id: string): Promise<Webhook> {
  const hook = await getWebhook(db, id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('outbox').where('webhook_id', '=', id).execute();
    await trx.deleteFrom('webhooks').where('id', '=', id).execute();
  });
  return hook;
}
