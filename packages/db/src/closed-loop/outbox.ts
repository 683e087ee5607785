/**
 * The outbox of webhook deliveries, as the delivery worker sees it. Rows are written in the
 * transaction that made the event (so an event is never lost nor sent for a change that
 * was rolled back), then claimed, attempted and marked by workers. Claims are leases:
 * several server processes claim disjoint rows (`claimRows`: `for update skip locked` on
 * PostgreSQL; one writer at a time on SQLite), and a worker that dies mid-delivery leaves
 * rows that come back once their lease ends. Delivery is at least once.
 */
import { sql } from 'kysely';
import { claimRows, type Database, tryLockJob } from '../dialect.ts';

export type ClaimedDelivery = {
  id: string;
  event: string;
  event_id: string;
  body: string;
  attempts: number;
  created_at: number;
  webhook_id: string;
  url: string;
  secret: string;
};

/**
 * Claims up to `limit` deliveries that are due (not delivered, not given up, next attempt
 * reached, not claimed by a live lease) for `workerId` until `now + leaseMs`.
 */
export async function claimDeliveries(
  database: Database,
  workerId: string,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  return database.db.transaction().execute(async (trx) => {
    // one claimer at a time per database (a short transaction); the others try next round
    if (!(await tryLockJob(trx, database.engine, 'outbox-claim'))) return [];
    const due = await claimRows(
      trx
        .selectFrom('outbox')
        .select('outbox.id')
        .where('outbox.delivered_at', 'is', null)
        .where('outbox.failed_at', 'is', null)
        .where('outbox.next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('outbox.claimed_until', 'is', null), eb('outbox.claimed_until', '<=', now)]))
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('webhooks')
              .select(sql`1`.as('one'))
              .whereRef('webhooks.id', '=', 'outbox.webhook_id')
              .where('webhooks.active', '=', 1),
          ),
        )
        .orderBy('outbox.next_attempt_at')
        .orderBy('outbox.id')
        .limit(limit),
      database.engine,
    ).execute();
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    await trx
      .updateTable('outbox')
      .set({ claimed_by: workerId, claimed_until: now + leaseMs })
      .where('id', 'in', ids)
      .execute();
    const rows = await trx
      .selectFrom('outbox as o')
      .innerJoin('webhooks as w', 'w.id', 'o.webhook_id')
      .select([
        'o.id',
        'o.event',
        'o.event_id',
        'o.body',
        'o.attempts',
        'o.created_at',
        'o.webhook_id',
        'w.url',
        'w.secret',
      ])
      .where('o.id', 'in', ids)
      .orderBy('o.next_attempt_at')
      .orderBy('o.id')
      .execute();
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts), created_at: Number(r.created_at) }));
  });
}

export type AttemptOutcome =
  | { ok: true; at: number }
  /** `retryAt` null: give up (the retry period is over) */
  | { ok: false; at: number; error: string; retryAt: number | null };

/** Records one attempt and releases the claim. */
export async function recordAttempt(database: Database, id: string, outcome: AttemptOutcome): Promise<void> {
  await database.db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      claimed_by: null,
      claimed_until: null,
      ...(outcome.ok
        ? { delivered_at: outcome.at, last_error: null }
        : {
            last_error: outcome.error.slice(0, 1000),
            ...(outcome.retryAt === null ? { failed_at: outcome.at } : { next_attempt_at: outcome.retryAt }),
          }),
    }))
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .execute();
}

/** Gives back a stopping worker's claims, so another process takes them at once. */
export async function releaseClaims(database: Database, workerId: string): Promise<void> {
  await database.db
    .updateTable('outbox')
    .set({ claimed_by: null, claimed_until: null })
    .where('claimed_by', '=', workerId)
    .where('delivered_at', 'is', null)
    .execute();
}
