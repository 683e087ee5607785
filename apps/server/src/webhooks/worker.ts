/**
 * The outbox worker: delivers case events to webhooks, and marks overdue cases.
 *
 * Each round it claims due deliveries (a lease, so several server processes share the
 * work and a crashed one's claims come back), POSTs each body with its signature, and
 * records the outcome: delivered on a 2xx answer; otherwise retried after 10 s, 30 s,
 * 2 min, 10 min, then every hour (±20 % jitter), until the delivery is 3 days old, then
 * given up (kept, with its last error). Delivery is at least once: a receiver dedupes on
 * `X-Parcours-Delivery`, which stays the same on every attempt of one delivery.
 *
 * Every timing and the clock are options, so tests run in milliseconds.
 */
import { randomBytes } from 'node:crypto';
import {
  type ClaimedDelivery,
  claimDeliveries,
  type Database,
  recordAttempt,
  releaseClaims,
  sweepOverdueCases,
} from '@parcours/db';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody } from './signature.ts';

export type OutboxWorkerOptions = {
  /** names this process's claims (default: random) */
  workerId?: string;
  /** pause between rounds when there was nothing (or little) to do */
  pollIntervalMs?: number;
  /** deliveries claimed per round */
  batchSize?: number;
  /** how long a claim lasts: longer than a delivery can take */
  leaseMs?: number;
  /** one request's time limit */
  timeoutMs?: number;
  /** waits after the 1st, 2nd… failure; the last repeats */
  retryDelaysMs?: readonly number[];
  /** ± this fraction of each wait, so failed deliveries do not all come back at once */
  jitter?: number;
  /** a delivery this old that fails again is given up */
  maxAgeMs?: number;
  /** how often overdue cases are looked for (0: never) */
  overdueEveryMs?: number;
  now?: () => number;
  random?: () => number;
  fetch?: typeof fetch;
  log?: (message: string) => void;
};

export const DEFAULT_RETRY_DELAYS_MS = [10_000, 30_000, 120_000, 600_000, 3_600_000] as const;

export type OutboxWorker = {
  workerId: string;
  /** runs one round now (claim, deliver, record); answers how many deliveries it attempted */
  runOnce: () => Promise<number>;
  /** finishes the round under way, gives back this worker's claims, and stops */
  stop: () => Promise<void>;
};

/** The wait after the `failures`-th failed attempt (1-based), with jitter. */
export function retryDelay(
  failures: number,
  delays: readonly number[],
  jitter: number,
  random: () => number,
): number {
  const base = delays[Math.min(failures, delays.length) - 1] ?? delays.at(-1) ?? 60_000;
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}

async function attempt(d: ClaimedDelivery, timeoutMs: number, doFetch: typeof fetch): Promise<string | null> {
  try {
    const res = await doFetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parcours-Webhooks/1',
        [EVENT_HEADER]: d.event,
        [DELIVERY_HEADER]: d.id,
        [SIGNATURE_HEADER]: signBody(d.secret, d.body),
      },
      body: d.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // the answer's body is not needed; reading it frees the connection
    await res.arrayBuffer().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  }
}

export function startOutboxWorker(database: Database, options: OutboxWorkerOptions = {}): OutboxWorker {
  const workerId = options.workerId ?? `w-${process.pid}-${randomBytes(4).toString('hex')}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3);
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const jitter = options.jitter ?? 0.2;
  const maxAgeMs = options.maxAgeMs ?? 3 * 86_400_000;
  const overdueEveryMs = options.overdueEveryMs ?? 60_000;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const log = options.log ?? ((m: string) => console.error(`[parcours] webhooks: ${m}`));

  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<number> | null = null;
  let lastSweep = Number.NEGATIVE_INFINITY;

  async function deliver(d: ClaimedDelivery): Promise<void> {
    const error = await attempt(d, timeoutMs, doFetch);
    const at = now();
    if (error === null) {
      await recordAttempt(database, d.id, { ok: true, at });
      return;
    }
    const failures = d.attempts + 1;
    const retryAt = at - d.created_at >= maxAgeMs ? null : at + retryDelay(failures, delays, jitter, random);
    await recordAttempt(database, d.id, { ok: false, at, error, retryAt });
    if (retryAt === null)
      log(`gave up delivery ${d.id} (${d.event}) to ${d.url} after ${failures} attempts: ${error}`);
  }

  async function work(): Promise<number> {
    if (overdueEveryMs > 0 && now() - lastSweep >= overdueEveryMs) {
      lastSweep = now();
      await sweepOverdueCases(database, lastSweep);
    }
    const claimed = await claimDeliveries(database, workerId, now(), leaseMs, batchSize);
    await Promise.all(claimed.map(deliver));
    return claimed.length;
  }

  function runOnce(): Promise<number> {
    // one round at a time; a caller joining a round under way waits for it
    if (!round)
      round = work().finally(() => {
        round = null;
      });
    return round;
  }

  function schedule(delay: number) {
    if (stopping) return;
    timer = setTimeout(() => {
      timer = null;
      runOnce()
        .then((n) => schedule(n >= batchSize ? 0 : pollIntervalMs))
        .catch((err) => {
          if (stopping) return;
          log(`round failed: ${(err as Error).message}`);
          schedule(pollIntervalMs);
        });
    }, delay);
  }
  schedule(0);

  return {
    workerId,
    runOnce,
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await round?.catch(() => undefined);
      await releaseClaims(database, workerId).catch(() => undefined);
    },
  };
}
