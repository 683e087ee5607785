/**
 * What sign-in throttling stores: attempts counted against keys (the policy, which keys
 * and how long to wait, is the server's: apps/server/src/auth/sign-in-throttle.ts), and
 * known devices, the long-lived cookies that let their user past other people's failures.
 * Both live in the database, so every server process counts and knows the same.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';
import { sha256 } from './access.ts';

// ── attempts ───────────────────────────────────────────────────────────────────────────
/** Attempts counted against one key: how many, and when the latest was made. */
export type AttemptStats = { count: number; lastAt: number };

/**
 * Attempts counted against `keys` since `since`, by key (keys without any are absent),
 * leaving out the attempt `except` (the caller's own).
 */
export async function signInAttemptStats(
  db: Kysely<DB>,
  keys: readonly string[],
  since: number,
  except?: string,
): Promise<Map<string, AttemptStats>> {
  let query = db
    .selectFrom('sign_in_attempts')
    .select(['key', sql<number>`count(*)`.as('n'), sql<number>`max(at)`.as('last_at')])
    .where('key', 'in', keys)
    .where('at', '>=', since);
  if (except !== undefined) query = query.where('attempt_id', '<>', except);
  const rows = await query.groupBy('key').execute();
  return new Map(rows.map((r) => [r.key, { count: Number(r.n), lastAt: Number(r.last_at) }]));
}

/**
 * Counts an attempt against every key, before its password is checked (so concurrent
 * attempts see each other); returns its id. Attempts older than `forgetBefore` go.
 */
export async function recordSignInAttempt(
  db: Kysely<DB>,
  keys: readonly string[],
  at: number,
  forgetBefore: number,
): Promise<string> {
  const attemptId = randomBytes(12).toString('base64url');
  await db
    .insertInto('sign_in_attempts')
    .values(keys.map((key) => ({ attempt_id: attemptId, key, at })))
    .execute();
  await db.deleteFrom('sign_in_attempts').where('at', '<', forgetBefore).execute();
  return attemptId;
}

/** Takes back one attempt (refused before its password was checked, or right). */
export async function dropSignInAttempt(db: Kysely<DB>, attemptId: string): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('attempt_id', '=', attemptId).execute();
}

/** Forgets every attempt counted against these keys. */
export async function clearSignInKeys(db: Kysely<DB>, keys: readonly string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('sign_in_attempts').where('key', 'in', keys).execute();
}

// ── known devices ──────────────────────────────────────────────────────────────────────
export type KnownDevice = { idHash: string; userId: string };

/** A new device secret for the user (to set as a cookie); expired devices of anyone go. */
export async function createKnownDevice(
  db: Kysely<DB>,
  userId: string,
  now: number,
  lifetimeMs: number,
): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db.deleteFrom('known_devices').where('expires_at', '<=', now).execute();
  await db
    .insertInto('known_devices')
    .values({ id_hash: sha256(secret), user_id: userId, created_at: now, expires_at: now + lifetimeMs })
    .execute();
  return secret;
}

/** The device behind a device secret, when it is known and not expired. */
export async function findKnownDevice(
  db: Kysely<DB>,
  secret: string,
  now: number,
): Promise<KnownDevice | null> {
  const row = await db
    .selectFrom('known_devices')
    .select(['id_hash', 'user_id', 'expires_at'])
    .where('id_hash', '=', sha256(secret))
    .executeTakeFirst();
  return row && row.expires_at > now ? { idHash: row.id_hash, userId: row.user_id } : null;
}

export async function forgetKnownDevice(db: Kysely<DB>, idHash: string): Promise<void> {
  await db.deleteFrom('known_devices').where('id_hash', '=', idHash).execute();
}
