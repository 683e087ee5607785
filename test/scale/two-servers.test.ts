/**
 * Scale-out: two real `parcours serve` processes over one PostgreSQL database (a schema of
 * its own). Both start at once on the empty schema (one migrates, the other waits for it);
 * what is ingested through one is read, with the same numbers, through the other; and
 * overlapping batches sent concurrently through both, round after round with updates,
 * leave every record counted exactly once and the rollups equal to a recomputation.
 *
 * Runs in the `postgres` test project (PARCOURS_TEST_PG_URL); skipped without PostgreSQL.
 */
import {
  type Database,
  loadSettings,
  migrateToLatest,
  openDatabase,
  rollupsAreClean,
  verifyRollups,
} from '@parcours/db';
import { createTestSchema } from '@parcours/db/testing';
import type { KpiResponse } from '@parcours/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Credentials,
  credentials,
  get,
  post,
  runCli,
  type ServerProcess,
  startServer,
} from './support.ts';

const PG = process.env.PARCOURS_TEST_DATABASE_URL || process.env.PARCOURS_TEST_PG_URL || '';

const CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
const TOUCHPOINTS = ['phone', 'chat', 'site', 'store'];
const MARCH = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const QUERY = '/api/v1/kpis?from=2026-03-01&to=2026-04-01&compare=false';

function hash(id: string): number {
  let h = 7;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return h;
}

const KINDS = ['contact', 'complaint', 'visit', 'purchase'] as const;

/** The content of interaction `id` as sent in round `round`: every round changes some. */
function interaction(id: string, round: number) {
  const h = hash(id);
  const occurred = MARCH + (h % 27) * 24 * HOUR + (h % 23) * HOUR;
  return {
    id,
    customer_id: CUSTOMERS[h % CUSTOMERS.length],
    touchpoint_id: TOUCHPOINTS[h % TOUCHPOINTS.length],
    occurred_at: iso(occurred),
    kind: KINDS[(h + round) % KINDS.length],
    wait_seconds: (h * 7 + round * 13) % 900,
    resolved_at: (h + round) % 3 === 0 ? null : iso(occurred + ((h % 5) + 1 + round) * HOUR),
    abandoned: (h + round) % 5 === 0,
  };
}

function feedback(id: string, round: number) {
  const h = hash(id);
  return {
    id,
    customer_id: CUSTOMERS[h % CUSTOMERS.length],
    touchpoint_id: TOUCHPOINTS[h % TOUCHPOINTS.length],
    submitted_at: iso(MARCH + (h % 27) * 24 * HOUR + 12 * HOUR),
    survey: 'nps',
    score: (h + round * 3) % 11,
  };
}

const ORG = {
  departments: [
    { id: 'svc', name: 'Service client' },
    { id: 'mkt', name: 'Marketing' },
  ],
  teams: [
    { id: 'lyon', name: 'Centre Lyon', department_id: 'svc' },
    { id: 'web', name: 'Acquisition web', department_id: 'mkt' },
  ],
  touchpoints: TOUCHPOINTS.map((id, i) => ({
    id,
    name: `Touchpoint ${id}`,
    channel: id,
    stage: i < 2 ? 'service' : 'purchase',
    media: 'owned',
    presence: id === 'store' ? 'physical' : 'digital',
    team_id: i < 2 ? 'lyon' : 'web',
  })),
  customers: CUSTOMERS.map((id, i) => ({
    id,
    name: `Client ${id}`,
    segment: i % 2 ? 'Premium' : 'Particulier',
    region: i % 3 ? 'Bretagne' : 'Occitanie',
    acquired_at: '2025-01-01',
  })),
};

type Interaction = ReturnType<typeof interaction>;
type Feedback = ReturnType<typeof feedback>;

/** The KPI values the stored content of these records must give, computed here. */
function expected(xs: Interaction[], fs: Feedback[]) {
  const promoters = fs.filter((f) => f.score >= 9).length;
  const detractors = fs.filter((f) => f.score <= 6).length;
  return {
    interactions: xs.length,
    complaintRate: (100 * xs.filter((x) => x.kind === 'complaint').length) / xs.length,
    answers: fs.length,
    nps: (100 * (promoters - detractors)) / fs.length,
  };
}

describe.skipIf(!PG)('two server processes over one PostgreSQL database', () => {
  let drop: () => Promise<void> = async () => {};
  let url = '';
  let database: Database;
  let a: ServerProcess;
  let b: ServerProcess;
  let creds: Credentials;

  beforeAll(async () => {
    const scoped = await createTestSchema(PG, 'scale');
    drop = scoped.drop;
    url = scoped.url;
    // both start on the empty schema at once: kysely's migration lock lets one migrate
    [a, b] = await Promise.all([
      startServer(url, { PARCOURS_PG_POOL: '4' }),
      startServer(url, { PARCOURS_PG_POOL: '4' }),
    ]);
    database = openDatabase({ url, maxConnections: 2 });
    creds = await credentials(database);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
    await drop();
  });

  it('both servers answer the health check on the same, migrated database', async () => {
    for (const s of [a, b]) {
      const res = await fetch(`${s.base}/healthz`);
      expect(await res.json()).toEqual({ status: 'ok', database: 'postgres' });
    }
    await expect(migrateToLatest(database.db, { apply: false })).resolves.toMatchObject({ pending: [] });
  });

  it('what is ingested through one is read, with the same numbers, through the other', async () => {
    for (const [kind, records] of Object.entries(ORG)) await post(a.base, creds, kind, records);
    const ids = Array.from({ length: 120 }, (_, i) => `seed-${i}`);
    const fids = Array.from({ length: 60 }, (_, i) => `seed-f${i}`);
    await post(
      a.base,
      creds,
      'interactions',
      ids.map((id) => interaction(id, 0)),
    );
    await post(
      a.base,
      creds,
      'feedback',
      fids.map((id) => feedback(id, 0)),
    );

    const viaA = await get<KpiResponse>(a.base, creds, QUERY);
    const viaB = await get<KpiResponse>(b.base, creds, QUERY);
    expect(viaB).toEqual(viaA);
    const want = expected(
      ids.map((id) => interaction(id, 0)),
      fids.map((id) => feedback(id, 0)),
    );
    expect(viaB.total.complaint_rate?.n).toBe(want.interactions);
    expect(viaB.total.complaint_rate?.value).toBeCloseTo(want.complaintRate, 9);
    expect(viaB.total.nps?.n).toBe(want.answers);
    expect(viaB.total.nps?.value).toBeCloseTo(want.nps, 9);

    // grouped reads and drill-down agree too
    const byTpA = await get(a.base, creds, `${QUERY}&groupBy=touchpoint`);
    const byTpB = await get(b.base, creds, `${QUERY}&groupBy=touchpoint`);
    expect(byTpB).toEqual(byTpA);
    const drill = await get<{ total: number }>(
      b.base,
      creds,
      '/api/v1/kpis/complaint_rate/records?from=2026-03-01&to=2026-04-01&subset=interactions',
    );
    expect(drill.total).toBe(want.interactions);
  });

  it('overlapping batches sent concurrently through both count every record exactly once', async () => {
    const ROUNDS = 5;
    // 600 interactions and 300 answers, every id sent by both servers in every round: A
    // takes the first two thirds, B the last two thirds, each split in two concurrent
    // batches, so a third of the ids arrive twice at the same moment
    const ids = Array.from({ length: 600 }, (_, i) => `x${String(i).padStart(4, '0')}`);
    const fids = Array.from({ length: 300 }, (_, i) => `f${String(i).padStart(4, '0')}`);
    const seedIds = Array.from({ length: 120 }, (_, i) => `seed-${i}`);
    const seedFids = Array.from({ length: 60 }, (_, i) => `seed-f${i}`);
    const slices = <T>(all: T[]) => {
      const third = Math.floor(all.length / 3);
      const forA = all.slice(0, 2 * third);
      const forB = all.slice(third);
      const half = (xs: T[]) => [xs.slice(0, xs.length / 2), xs.slice(xs.length / 2)];
      return { a: half(forA), b: half(forB) };
    };
    const si = slices(ids);
    const sf = slices(fids);
    for (let round = 1; round <= ROUNDS; round++) {
      const batches: Promise<unknown>[] = [];
      for (const [server, parts] of [
        [a, si.a],
        [b, si.b],
      ] as const) {
        for (const part of parts)
          batches.push(
            post(
              server.base,
              creds,
              'interactions',
              part.map((id) => interaction(id, round)),
            ),
          );
      }
      for (const [server, parts] of [
        [b, sf.b],
        [a, sf.a],
      ] as const) {
        for (const part of parts)
          batches.push(
            post(
              server.base,
              creds,
              'feedback',
              part.map((id) => feedback(id, round)),
            ),
          );
      }
      // and the seed records again, unchanged, through both at once: nothing moves
      batches.push(
        post(
          a.base,
          creds,
          'interactions',
          seedIds.map((id) => interaction(id, 0)),
        ),
      );
      batches.push(
        post(
          b.base,
          creds,
          'interactions',
          seedIds.map((id) => interaction(id, 0)),
        ),
      );
      const results = (await Promise.all(batches)) as { received: number; inserted: number }[];
      const inserted = results.reduce((s, r) => s + r.inserted, 0);
      // every id is inserted exactly once, in the first round, whichever server got it first
      expect(inserted).toBe(round === 1 ? ids.length + fids.length : 0);

      // the seed records keep round 0's content, the others carry this round's
      const want = expected(
        [...seedIds.map((id) => interaction(id, 0)), ...ids.map((id) => interaction(id, round))],
        [...seedFids.map((id) => feedback(id, 0)), ...fids.map((id) => feedback(id, round))],
      );
      const viaA = await get<KpiResponse>(a.base, creds, QUERY);
      const viaB = await get<KpiResponse>(b.base, creds, QUERY);
      expect(viaB.total).toEqual(viaA.total);
      expect(viaA.total.complaint_rate?.n).toBe(seedIds.length + ids.length);
      expect(viaA.total.complaint_rate?.value).toBeCloseTo(want.complaintRate, 9);
      expect(viaA.total.nps?.n).toBe(seedFids.length + fids.length);
      expect(viaA.total.nps?.value).toBeCloseTo(want.nps, 9);
    }

    const rows = await database.db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(ids.length + seedIds.length);
    const { time_zone } = await loadSettings(database.db);
    const reports = await verifyRollups(database.db, time_zone);
    expect(reports.filter((r) => r.missing + r.extra + r.different > 0)).toEqual([]);
    expect(rollupsAreClean(reports)).toBe(true);
  });

  it('`parcours rollups verify` on PostgreSQL says the rollups match', async () => {
    const { code, output } = await runCli(['rollups', 'verify'], { PARCOURS_DATABASE_URL: url });
    expect(output).toMatch(/rollups match the raw records/);
    expect(code).toBe(0);
  });

  it('a server on a database it cannot reach stops at once with one clear line', async () => {
    const target = new URL(PG);
    target.port = '1';
    const { code, output } = await runCli(['migrate'], { PARCOURS_DATABASE_URL: target.toString() });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `parcours: cannot reach PostgreSQL at ${target.hostname}:1${target.pathname}: ECONNREFUSED`,
    );
  });
});
