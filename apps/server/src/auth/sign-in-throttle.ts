/**
 * Sign-in throttling: exponential back-off, never a lockout (docs/decisions/012-sign-in-
 * throttling-and-session-lifetime.md). Each attempt counts against counters; a counter
 * that has seen more than its free allowance makes the next attempt wait 1 s, 2 s, 4 s …
 * up to 15 minutes after the latest one. An attempt from the user's known device (a
 * long-lived cookie set by a successful sign-in) counts only against that device, so
 * other people's failures never keep the owner out.
 */
import {
  clearSignInKeys,
  type DB,
  dropSignInAttempt,
  type KnownDevice,
  recordSignInAttempt,
  signInAttemptStats,
} from '@parcours/db';
import type { Kysely } from 'kysely';

/** Attempts each counter lets through before it makes people wait. */
export const FREE_ATTEMPTS = {
  /** one e-mail from one address: a few typos cost nothing */
  pair: 3,
  /** one address, whatever the e-mail: one machine trying many accounts (an office shares one) */
  address: 50,
  /** one e-mail, whatever the address: guessing spread over many machines */
  email: 60,
  /** one known device: its own mistakes */
  device: 3,
} as const;

const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60_000;
/** Attempts older than this are forgotten (and pruned). */
export const ATTEMPT_MEMORY_MS = 24 * 3_600_000;
/** A known device unused this long is forgotten; each sign-in on it renews it. */
export const KNOWN_DEVICE_LIFETIME_MS = 90 * 24 * 3_600_000;

/** How long to wait after the latest of `count` attempts: 0, then 1 s, 2 s, 4 s … capped. */
export function backOff(count: number, free: number): number {
  if (count < free) return 0;
  // 2^20 s is far past the cap: no need to compute larger powers
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(count - free, 20));
}

type Counter = { key: string; free: number };

export type SignInCounters = {
  counters: Counter[];
  /** what a right password resets: the pair's (or the device's) count, never the shared ones */
  resetOnSuccess: string[];
};

/** The counters an attempt for `email` from `address` counts against. */
export function countersFor(email: string, address: string, device: KnownDevice | null): SignInCounters {
  if (device) {
    const key = `device:${device.idHash}`;
    return { counters: [{ key, free: FREE_ATTEMPTS.device }], resetOnSuccess: [key] };
  }
  const pair = `pair:${JSON.stringify([email, address])}`;
  return {
    counters: [
      { key: pair, free: FREE_ATTEMPTS.pair },
      { key: `address:${address}`, free: FREE_ATTEMPTS.address },
      { key: `email:${email}`, free: FREE_ATTEMPTS.email },
    ],
    resetOnSuccess: [pair],
  };
}

async function waitFor(db: Kysely<DB>, counters: Counter[], now: number, except?: string): Promise<number> {
  const stats = await signInAttemptStats(
    db,
    counters.map((c) => c.key),
    now - ATTEMPT_MEMORY_MS,
    except,
  );
  let wait = 0;
  for (const { key, free } of counters) {
    const s = stats.get(key);
    if (s) wait = Math.max(wait, s.lastAt + backOff(s.count, free) - now);
  }
  return wait;
}

export type SignInStart = { attemptId: string; waitMs: 0 } | { attemptId: null; waitMs: number };

/**
 * Counts an attempt, or says how long it must wait. The attempt is counted before the
 * password is checked, and then the counts are read again: of attempts sent at the same
 * moment (to get many guesses past one wait), each sees the others and all but the free
 * allowance wait. A refused attempt is not counted.
 */
export async function startSignIn(db: Kysely<DB>, counters: Counter[], now: number): Promise<SignInStart> {
  // a flood of refused attempts only reads
  const before = await waitFor(db, counters, now);
  if (before > 0) return { attemptId: null, waitMs: before };
  const keys = counters.map((c) => c.key);
  const attemptId = await recordSignInAttempt(db, keys, now, now - ATTEMPT_MEMORY_MS);
  const after = await waitFor(db, counters, now, attemptId);
  if (after > 0) {
    await dropSignInAttempt(db, attemptId);
    return { attemptId: null, waitMs: after };
  }
  return { attemptId, waitMs: 0 };
}

/** A right password: the attempt was no failure, and the pair (or device) starts afresh. */
export async function signInSucceeded(db: Kysely<DB>, attemptId: string, counters: SignInCounters) {
  await dropSignInAttempt(db, attemptId);
  await clearSignInKeys(db, counters.resetOnSuccess);
}
