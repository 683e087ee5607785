/**
 * Webhook delivery against a real HTTP receiver on 127.0.0.1 that fails at first: the
 * event arrives once the receiver recovers, signed with the webhook's secret; after a
 * server restart too (the worker stopped, the database handle closed and reopened); claims
 * of a crashed worker come back after their lease; several workers deliver each event once.
 * The receiver is on loopback, so these workers allow private destinations, as an operator
 * does with PARCOURS_WEBHOOK_ALLOW_PRIVATE=1; without it, deliveries there are refused
 * before connecting, whatever the name resolves to at that moment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  claimDeliveries,
  createRule,
  createWebhook,
  type Database,
  ensureSettings,
  getWebhook,
  ingest,
  migrateToLatest,
  openDatabase,
} from '@parcours/db';
import { createTestSchema, openTestDatabase, seedOrganisation, testDatabaseUrl } from '@parcours/db/testing';
import { ZAlertRuleInput } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody, verifySignature } from './signature.ts';
import { type OutboxWorkerOptions, retryDelay, startOutboxWorker } from './worker.ts';

type Received = { headers: IncomingHttpHeaders; body: string; status: number };

/** A receiver that answers `status()` to each request and records what it got. */
async function receiver(status: (n: number) => number | 'hang') {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = status(received.length + 1);
      const body = Buffer.concat(chunks).toString('utf8');
      if (s === 'hang') {
        received.push({ headers: req.headers, body, status: 0 });
        return;
      }
      received.push({ headers: req.headers, body, status: s });
      res.writeHead(s, { 'content-type': 'text/plain' }).end(s < 300 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/parcours`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Fast timings: retries after 30 ms, no jitter, no overdue sweep; a local receiver allowed. */
const FAST: OutboxWorkerOptions = {
  pollIntervalMs: 10,
  retryDelaysMs: [30],
  jitter: 0,
  overdueEveryMs: 0,
  timeoutMs: 2000,
  network: { allowPrivate: true },
  log: () => {},
};

async function setUp(database: Database, url: string, events?: string[]) {
  const hook = await createWebhook(database.db, {
    name: 'receiver',
    url,
    events: (events ?? ['case.created']) as 'case.created'[],
    active: true,
  });
  await createRule(
    database.db,
    ZAlertRuleInput.parse({
      name: 'Détracteurs',
      target: 'feedback',
      conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }],
      assign_team_id: 'lyon',
      due_hours: 24,
    }),
    { email: null, scope: { kind: 'all' } },
  );
  return hook;
}

const detractor = (id: string) => ({
  id,
  customer_id: 'c1',
  touchpoint_id: 'phone',
  submitted_at: '2026-03-19T09:00:00Z',
  survey: 'nps',
  score: 2,
  comment: 'Attente',
});

async function outbox(database: Database) {
  return database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

describe('signatures', () => {
  it('sha256=<hex HMAC-SHA256 of the raw body>, checked in constant time', () => {
    const sig = signBody('whsec_test', '{"a":1}');
    // the same as `printf '{"a":1}' | openssl dgst -sha256 -hmac whsec_test`
    expect(sig).toBe('sha256=51426af50a41dd7ff2cd3f116594734766d4018d15d6fb07169aee5d2959adf5');
    expect(verifySignature('whsec_test', '{"a":1}', sig)).toBe(true);
    expect(verifySignature('whsec_test', '{"a":2}', sig)).toBe(false);
    expect(verifySignature('whsec_other', '{"a":1}', sig)).toBe(false);
    expect(verifySignature('whsec_test', '{"a":1}', undefined)).toBe(false);
  });

  it('back-off: 10 s, 30 s, 2 min, 10 min, then hourly, with jitter', () => {
    const delays = [10_000, 30_000, 120_000, 600_000, 3_600_000];
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => retryDelay(n, delays, 0, Math.random))).toEqual([
      10_000, 30_000, 120_000, 600_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelay(1, delays, 0.2, () => 0)).toBe(8_000);
    expect(retryDelay(1, delays, 0.2, () => 1)).toBe(12_000);
  });
});

describe('delivery', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
    await seedOrganisation(database);
  });
  afterEach(async () => {
    await database.close();
  });

  it('retries a failing receiver and delivers once it recovers, signed with the secret', async () => {
    const rx = await receiver((n) => (n <= 2 ? 500 : 200));
    const hook = await setUp(database, rx.url);
    await ingest(database, 'feedback', [detractor('f1')]);
    const worker = startOutboxWorker(database, FAST);
    try {
      await until('delivery', async () => (await outbox(database))[0]?.delivered_at != null);
    } finally {
      await worker.stop();
      await rx.close();
    }
    expect(rx.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const [row] = await outbox(database);
    expect(row).toMatchObject({ attempts: 3, last_error: null, failed_at: null, claimed_by: null });
    for (const r of rx.received) {
      // the same delivery id and body on every attempt: receivers dedupe on the id
      expect(r.headers[DELIVERY_HEADER]).toBe(row?.id);
      expect(r.headers[EVENT_HEADER]).toBe('case.created');
      expect(r.headers['content-type']).toBe('application/json');
      expect(verifySignature(hook.secret, r.body, r.headers[SIGNATURE_HEADER] as string)).toBe(true);
      expect(r.body).toBe(row?.body);
    }
    const event = JSON.parse(rx.received[2]?.body ?? '{}');
    expect(event).toMatchObject({
      type: 'case.created',
      case: { record_type: 'feedback', record_id: 'f1', customer_id: 'c1', team_id: 'lyon', status: 'open' },
    });
    expect((await getWebhook(database.db, hook.id)).deliveries).toMatchObject({
      pending: 0,
      delivered: 1,
      failed: 0,
    });
  });

  it('a receiver that is down (connection refused, no answer) is retried, and its last error kept', async () => {
    const rx = await receiver((n) => (n === 1 ? 'hang' : 200));
    const closed = await receiver(() => 200);
    await closed.close(); // nothing listens there any more
    const hook = await setUp(database, closed.url);
    await ingest(database, 'feedback', [detractor('f1')]);
    const worker = startOutboxWorker(database, { ...FAST, timeoutMs: 200, retryDelaysMs: [60_000] });
    try {
      await until('a failed attempt', async () => ((await outbox(database))[0]?.attempts ?? 0) >= 1);
    } finally {
      await worker.stop();
    }
    expect((await outbox(database))[0]?.last_error).toBe('ECONNREFUSED');
    expect((await getWebhook(database.db, hook.id)).deliveries).toMatchObject({ pending: 1, delivered: 0 });
    // moved to a receiver that does not answer in time
    await database.db.updateTable('webhooks').set({ url: rx.url }).execute();
    await database.db.updateTable('outbox').set({ next_attempt_at: 0 }).execute();
    const again = startOutboxWorker(database, { ...FAST, timeoutMs: 200, retryDelaysMs: [30] });
    try {
      await until('delivery', async () => (await outbox(database))[0]?.delivered_at != null);
    } finally {
      await again.stop();
      await rx.close();
    }
    expect(rx.received.map((r) => r.status)).toEqual([0, 200]);
  });

  it('gives up after the retry period, keeping the delivery and its last error', async () => {
    const rx = await receiver(() => 503);
    await setUp(database, rx.url);
    await ingest(database, 'feedback', [detractor('f1')]);
    const worker = startOutboxWorker(database, { ...FAST, maxAgeMs: 0 });
    try {
      await until('giving up', async () => (await outbox(database))[0]?.failed_at != null);
      await worker.runOnce();
    } finally {
      await worker.stop();
      await rx.close();
    }
    expect(rx.received).toHaveLength(1);
    expect((await outbox(database))[0]).toMatchObject({
      attempts: 1,
      last_error: 'HTTP 503',
      delivered_at: null,
    });
  });

  it('claims of a crashed worker come back when their lease ends', async () => {
    const rx = await receiver(() => 200);
    await setUp(database, rx.url);
    await ingest(database, 'feedback', [detractor('f1')]);
    // a worker claims the delivery, then dies without a word
    expect(await claimDeliveries(database, 'crashed', Date.now(), 1000, 10)).toHaveLength(1);
    const worker = startOutboxWorker(database, FAST);
    try {
      await new Promise((r) => setTimeout(r, 150));
      expect(rx.received).toHaveLength(0);
      await until('delivery', async () => (await outbox(database))[0]?.delivered_at != null);
    } finally {
      await worker.stop();
      await rx.close();
    }
    expect(rx.received).toHaveLength(1);
  });

  it('several workers share the outbox: every event is delivered exactly once', async () => {
    const rx = await receiver(() => 200);
    await setUp(database, rx.url);
    await ingest(
      database,
      'feedback',
      Array.from({ length: 12 }, (_, i) => detractor(`f${i}`)),
    );
    const workers = [1, 2, 3].map((n) =>
      startOutboxWorker(database, { ...FAST, batchSize: 2, workerId: `w${n}` }),
    );
    try {
      await until('every delivery', async () =>
        (await outbox(database)).every((r) => r.delivered_at != null),
      );
    } finally {
      for (const w of workers) await w.stop();
      await rx.close();
    }
    const ids = rx.received.map((r) => r.headers[DELIVERY_HEADER]);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('events of later changes go to the webhooks subscribed to them', async () => {
    const rx = await receiver(() => 200);
    await setUp(database, rx.url, ['case.created', 'case.closed']);
    await ingest(database, 'feedback', [detractor('f1')]);
    const c = await database.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
    const { updateCase } = await import('@parcours/db');
    await updateCase(
      database,
      'UTC',
      c.id,
      { status: 'in_progress' },
      { id: 'admin', role: 'admin', teamId: null, scope: { kind: 'all' } },
    );
    await updateCase(
      database,
      'UTC',
      c.id,
      { status: 'closed', root_cause: 'wait', resolution: 'Rappel' },
      { id: 'admin', role: 'admin', teamId: null, scope: { kind: 'all' } },
    );
    const worker = startOutboxWorker(database, FAST);
    try {
      await until('deliveries', async () => (await outbox(database)).every((r) => r.delivered_at != null));
    } finally {
      await worker.stop();
      await rx.close();
    }
    // status_changed is not subscribed
    expect(rx.received.map((r) => r.headers[EVENT_HEADER])).toEqual(['case.created', 'case.closed']);
    expect(JSON.parse(rx.received[1]?.body ?? '{}')).toMatchObject({
      type: 'case.closed',
      case: { status: 'closed', root_cause: 'wait', resolution: 'Rappel' },
      details: { from: 'in_progress', in_time: true },
    });
  });

  describe('destinations (SSRF)', () => {
    /** A name whose DNS answer the test decides, as an attacker's DNS server would. */
    const resolvingTo =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

    /** Delivers one event to `url` with `network`; the outbox row and what the receiver got. */
    async function deliverTo(url: (port: number) => string, network: OutboxWorkerOptions['network']) {
      const rx = await receiver(() => 200);
      const port = Number(new URL(rx.url).port);
      await setUp(database, url(port));
      await ingest(database, 'feedback', [detractor('f1')]);
      const worker = startOutboxWorker(database, { ...FAST, network });
      try {
        await until('an attempt', async () => ((await outbox(database))[0]?.attempts ?? 0) >= 1);
      } finally {
        await worker.stop();
        await rx.close();
      }
      return { row: (await outbox(database))[0], received: rx.received };
    }

    it.each([
      [
        'a loopback address',
        (port: number) => `http://127.0.0.1:${port}/hooks`,
        '127.0.0.1 is a loopback address',
      ],
      [
        'an IPv4-mapped IPv6 loopback',
        (port: number) => `http://[::ffff:127.0.0.1]:${port}/hooks`,
        '127.0.0.1 is a loopback address',
      ],
      ['IPv6 loopback', (port: number) => `http://[::1]:${port}/hooks`, '::1 is a loopback address'],
    ])(
      'without the operator’s consent, %s is refused and the delivery failed at once',
      async (_, url, reason) => {
        const { row, received } = await deliverTo(url, { allowPrivate: false });
        expect(received).toEqual([]);
        expect(row).toMatchObject({ attempts: 1, delivered_at: null });
        expect(row?.failed_at).not.toBeNull();
        expect(row?.last_error).toContain(`destination refused: ${reason}`);
        expect(row?.last_error).toContain('PARCOURS_WEBHOOK_ALLOW_PRIVATE=1');
      },
    );

    it('a name is resolved at delivery and refused when it now points inside (DNS rebinding)', async () => {
      // accepted when created (public then); now the name answers the loopback address
      const { row, received } = await deliverTo((port) => `http://hooks.partner.test:${port}/hooks`, {
        allowPrivate: false,
        resolve: resolvingTo('127.0.0.1'),
      });
      expect(received).toEqual([]);
      expect(row?.failed_at).not.toBeNull();
      expect(row?.last_error).toContain(
        "destination refused: 'hooks.partner.test' resolves to 127.0.0.1 is a loopback",
      );
    });

    it('a name with one private address among public ones is refused', async () => {
      const { row, received } = await deliverTo((port) => `http://mixed.partner.test:${port}/hooks`, {
        allowPrivate: false,
        resolve: resolvingTo('93.184.215.14', '10.0.0.7'),
      });
      expect(received).toEqual([]);
      expect(row?.last_error).toContain("'mixed.partner.test' resolves to 10.0.0.7 is a private address");
    });

    it('with the operator’s consent, a name resolving to loopback is delivered to the checked address', async () => {
      const { row, received } = await deliverTo((port) => `http://receiver.internal.test:${port}/hooks`, {
        allowPrivate: true,
        resolve: resolvingTo('127.0.0.1'),
      });
      expect(received).toHaveLength(1);
      expect(received[0]?.headers.host).toMatch(/^receiver\.internal\.test:\d+$/);
      expect(row?.delivered_at).not.toBeNull();
    });

    it('a name that does not resolve is retried later', async () => {
      const { row } = await deliverTo((port) => `http://gone.partner.test:${port}/hooks`, {
        allowPrivate: false,
        resolve: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND gone.partner.test'), { code: 'ENOTFOUND' });
        },
      });
      expect(row).toMatchObject({ attempts: 1, failed_at: null, last_error: 'ENOTFOUND' });
    });
  });
});

describe('after a server restart', () => {
  /** A database that can be closed and opened again: a SQLite file, or a PostgreSQL schema. */
  async function restartable() {
    const pg = testDatabaseUrl();
    if (pg) {
      const scoped = await createTestSchema(pg);
      return { url: scoped.url, cleanup: scoped.drop };
    }
    const dir = mkdtempSync(join(tmpdir(), 'parcours-outbox-'));
    return {
      url: join(dir, 'parcours.db'),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  it('a pending event is delivered exactly once by the next server', async () => {
    const place = await restartable();
    let recovered = false;
    const rx = await receiver(() => (recovered ? 200 : 500));
    try {
      // first server: the event is written, the receiver fails, the server stops
      const first = openDatabase({ url: place.url, maxConnections: 2 });
      await migrateToLatest(first.db);
      await ensureSettings(first.db, { time_zone: 'UTC' });
      await seedOrganisation(first);
      const hook = await setUp(first, rx.url);
      await ingest(first, 'feedback', [detractor('f1')]);
      const w1 = startOutboxWorker(first, { ...FAST, retryDelaysMs: [50] });
      await until('a failed attempt', async () => ((await outbox(first))[0]?.attempts ?? 0) >= 1);
      await w1.stop();
      await first.close();
      const failedAttempts = rx.received.length;
      expect(failedAttempts).toBeGreaterThanOrEqual(1);
      expect(rx.received.every((r) => r.status === 500)).toBe(true);

      // the receiver recovers; a new server starts on the same database
      recovered = true;
      const second = openDatabase({ url: place.url, maxConnections: 2 });
      const w2 = startOutboxWorker(second, { ...FAST, retryDelaysMs: [50] });
      try {
        await until('delivery', async () => (await outbox(second))[0]?.delivered_at != null);
        // a few more rounds: nothing is sent again
        for (let i = 0; i < 3; i++) await w2.runOnce();
      } finally {
        await w2.stop();
      }
      const delivered = rx.received.filter((r) => r.status === 200);
      expect(delivered).toHaveLength(1);
      const row = (await outbox(second))[0];
      expect(row?.attempts).toBe(failedAttempts + 1);
      expect(delivered[0]?.headers[DELIVERY_HEADER]).toBe(row?.id);
      expect(
        verifySignature(
          hook.secret,
          delivered[0]?.body ?? '',
          delivered[0]?.headers[SIGNATURE_HEADER] as string,
        ),
      ).toBe(true);
      await second.close();
    } finally {
      await rx.close();
      await place.cleanup();
    }
  });
});
