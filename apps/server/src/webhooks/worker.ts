/**
 * The outbox worker: delivers case events to webhooks, and marks overdue cases.
 *
 * Each round it claims due deliveries (a lease, so several server processes share the
 * work and a crashed one's claims come back), POSTs each body with its signature, and
 * records the outcome: delivered on a 2xx answer; otherwise retried after 10 s, 30 s,
 * 2 min, 10 min, then every hour (±20 % jitter), until the delivery is 3 days old, then
 * given up (kept, with its last error). A destination the network policy refuses (a
 * private address, see destination.ts) is given up at once, with the reason as its error.
 * Delivery is at least once: a receiver dedupes on `X-Parcours-Delivery`, which stays the
 * same on every attempt of one delivery.
 *
 * Every timing and the clock are options, so tests run in milliseconds.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  type ClaimedDelivery,
  claimDeliveries,
  type Database,
  recordAttempt,
  releaseClaims,
  sweepOverdueCases,
} from '@parcours/db';
import {
  DestinationRefused,
  guardedLookup,
  PUBLIC_ONLY,
  refusedLiteral,
  type WebhookNetworkPolicy,
} from './destination.ts';
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
  /** which addresses deliveries may reach (default: public ones only) */
  network?: WebhookNetworkPolicy;
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

/** An attempt's outcome: null when delivered; a refused destination is not retried. */
type AttemptError = { error: string; permanent: boolean } | null;

/**
 * POSTs one delivery with node's http(s) client, whose `lookup` checks every address the
 * socket may connect to (destination.ts). Redirects are not followed: a 3xx is a failure.
 */
function attempt(
  d: ClaimedDelivery,
  timeoutMs: number,
  network: WebhookNetworkPolicy,
): Promise<AttemptError> {
  const refused = refusedLiteral(d.url, network);
  if (refused) return Promise.resolve({ error: refused.message, permanent: true });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: AttemptError) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const fail = (err: Error & { code?: string }) => {
      if (err instanceof DestinationRefused) return settle({ error: err.message, permanent: true });
      const timedOut = err.name === 'AbortError' || err.name === 'TimeoutError';
      settle({
        error: timedOut ? `no answer within ${timeoutMs} ms` : (err.code ?? err.message),
        permanent: false,
      });
    };
    const url = new URL(d.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(d.body),
          'user-agent': 'Parcours-Webhooks/1',
          [EVENT_HEADER]: d.event,
          [DELIVERY_HEADER]: d.id,
          [SIGNATURE_HEADER]: signBody(d.secret, d.body),
        },
        lookup: guardedLookup(network),
        // one connection per delivery: no pooled socket outlives its checked lookup
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // the answer's body is not needed; reading it frees the connection
        res.resume();
        res.on('end', () =>
          settle(status >= 200 && status < 300 ? null : { error: `HTTP ${status}`, permanent: false }),
        );
        res.on('error', fail);
        res.on('close', () => settle({ error: 'the answer was cut off', permanent: false }));
      },
    );
    req.on('error', fail);
    req.end(d.body);
  });
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
  const network = options.network ?? PUBLIC_ONLY;
  const log = options.log ?? ((m: string) => console.error(`[parcours] webhooks: ${m}`));

  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<number> | null = null;
  let lastSweep = Number.NEGATIVE_INFINITY;

  async function deliver(d: ClaimedDelivery): Promise<void> {
    const outcome = await attempt(d, timeoutMs, network);
    const at = now();
    if (outcome === null) {
      await recordAttempt(database, d.id, { ok: true, at });
      return;
    }
    const { error, permanent } = outcome;
    const failures = d.attempts + 1;
    const retryAt =
      permanent || at - d.created_at >= maxAgeMs ? null : at + retryDelay(failures, delays, jitter, random);
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
