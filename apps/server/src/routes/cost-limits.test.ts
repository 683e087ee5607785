/**
 * What a request may cost (docs/decisions/013-request-cost-limits.md), on both engines: a
 * request over a limit is a 400 `too_costly` naming the field; a user's third expensive
 * request at once is a 429 with Retry-After; an overloaded database is a 503 with
 * Retry-After, never a 500. Concurrency is tested with a gate that holds the database's
 * answers until the test opens it: nothing here depends on timing.
 */
import {
  createSession,
  createUser,
  type Database,
  type DB,
  ensureSettings,
  migrateToLatest,
  OverloadedError,
  openDatabase,
} from '@parcours/db';
import { createTestSchema, openTestDatabase, seedOrganisation, testDatabaseUrl } from '@parcours/db/testing';
import { ZError, ZKpiResponse } from '@parcours/domain';
import { Kysely, type KyselyPlugin, type QueryResult, SqliteDialect, sql, type UnknownRow } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../app.ts';
import { SESSION_COOKIE } from '../auth/guard.ts';
import { UNUSABLE_HASH } from '../auth/passwords.ts';
import { type TestApp as App, createTestApp } from '../testing.ts';

let database: Database;
let app: App;

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  app = await createTestApp({ database });
});
afterEach(async () => {
  await database.close();
});

async function errorOf(res: Response, status: number) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return ZError.parse(body).error;
}

// ── 400 too_costly ──────────────────────────────────────────────────────────────────────
describe('a request over a cost limit is a 400 naming the field', () => {
  it('a daily series over 20 years (the issue’s request)', async () => {
    const error = await errorOf(
      await app.request('/api/v1/kpis?from=2007-01-01&to=2026-12-31&groupBy=day'),
      400,
    );
    expect(error).toEqual({
      code: 'too_costly',
      message:
        'groupBy=day over 7,304 days makes 7,304 buckets; at most 1,000 per request: choose week or month, or a shorter window',
      details: [{ field: 'groupBy', reason: error.message }],
    });
    const weekly = await errorOf(
      await app.request('/api/v1/kpis?from=2007-01-01&to=2026-12-31&groupBy=week'),
      400,
    );
    expect(weekly.message).toMatch(/^groupBy=week over 7,304 days makes 1,044 buckets; .* choose month/);
    const monthly = await app.request('/api/v1/kpis?from=2007-01-01&to=2026-12-31&groupBy=month&kpis=nps');
    expect(ZKpiResponse.parse(await monthly.json()).groups).toHaveLength(240);
  });

  it('1,000 days by day are answered, 1,001 are not; the days are counted in the organisation’s zone', async () => {
    const ok = await app.request(
      '/api/v1/kpis?from=2024-01-01&to=2026-09-27&groupBy=day&kpis=nps&compare=false',
    );
    expect(ZKpiResponse.parse(await ok.json()).groups).toHaveLength(1_000);
    const over = await app.request('/api/v1/kpis?from=2024-01-01&to=2026-09-28&groupBy=day&kpis=nps');
    expect((await errorOf(over, 400)).code).toBe('too_costly');
    // 1,000 UTC days that start at 23:00 in Paris touch 1,001 Paris days
    const shifted = '/api/v1/kpis?from=2024-01-01T00:00:00Z&to=2026-09-27T00:00:00Z&groupBy=day&kpis=nps';
    expect((await app.request(shifted)).status).toBe(200);
    await database.db.updateTable('settings').set({ time_zone: 'Europe/Paris' }).execute();
    expect((await errorOf(await app.request(shifted), 400)).message).toMatch(
      /over 1,001 days makes 1,001 buckets/,
    );
  });

  it('a group-by of a dimension within the limit is answered with every value', async () => {
    const res = await app.request('/api/v1/kpis?groupBy=touchpoint&kpis=nps');
    expect(ZKpiResponse.parse(await res.json()).groups).toHaveLength(4);
  });

  it.each([
    ['/api/v1/kpis/nps/records?pageSize=50&page=', 200],
    ['/api/v1/customers?pageSize=50&page=', 200],
    ['/api/v1/cases?pageSize=50&page=', 200],
    ['/api/v1/audit?pageSize=50&page=', 200],
  ])('%s… stops at the first 10,000 rows (page %i at 50 a page)', async (path, last) => {
    expect((await app.request(`${path}${last}`)).status).toBe(200);
    const error = await errorOf(await app.request(`${path}${last + 1}`), 400);
    expect(error.code).toBe('too_costly');
    expect(error.message).toBe(
      'page 201 of 50 starts after row 10,000; lists stop at the first 10,000 rows (page 200 at this page size): narrow the filters or the window',
    );
    expect(error.details).toEqual([{ field: 'page', reason: error.message }]);
  });

  it.each(['/api/v1/kpis', '/api/v1/kpis/nps/records', '/api/v1/cases/root-causes'])(
    '%s refuses a window longer than 20 years',
    async (path) => {
      const error = await errorOf(await app.request(`${path}?from=1990-01-01&to=2026-01-01`), 400);
      expect(error.details).toEqual([{ field: 'from', reason: 'the window may span at most 20 years' }]);
    },
  );
});

// ── 429: expensive requests in flight ───────────────────────────────────────────────────
/**
 * Holds every query's answer until released, and tells when a number of queries have
 * arrived (a query arrives before it waits for a connection: on SQLite the second one
 * waits for the first's).
 */
class Gate implements KyselyPlugin {
  private open = false;
  private arrived = 0;
  private readonly releases: (() => void)[] = [];
  private readonly watchers: { count: number; resolve: () => void }[] = [];

  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.arrived++;
    for (const w of this.watchers) if (this.arrived >= w.count) w.resolve();
    return args.node;
  };

  async transformResult(args: { result: QueryResult<UnknownRow> }): Promise<QueryResult<UnknownRow>> {
    if (!this.open) await new Promise<void>((resolve) => this.releases.push(resolve));
    return args.result;
  }

  arrivals(count: number): Promise<void> {
    if (this.arrived >= count) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ count, resolve }));
  }

  release(): void {
    this.open = true;
    for (const r of this.releases.splice(0)) r();
  }
}

/**
 * The database's reads through the gate. On SQLite, a kysely of its own over the same file
 * handle: a held read then holds its own connection, not the one sessions and goals use.
 * (Never destroyed: that would close the shared handle.)
 */
function gatedReads(gate: Gate): Database {
  const readDb = database.sqlite
    ? new Kysely<DB>({ dialect: new SqliteDialect({ database: database.sqlite }), plugins: [gate] })
    : database.readDb.withPlugin(gate);
  return { ...database, readDb };
}

/** A second user of the same app (the app keeps the counts of requests in flight). */
async function otherUser(target: ReturnType<typeof createApp>) {
  const user = await createUser(database.db, {
    email: `other-${Math.random().toString(36).slice(2)}@parcours.test`,
    name: 'Other',
    role: 'executive',
    team_id: null,
    passwordHash: UNUSABLE_HASH,
  });
  const session = await createSession(database.db, user.id);
  return (path: string) => target.request(path, { headers: { cookie: `${SESSION_COOKIE}=${session.id}` } });
}

describe('a user has at most 2 expensive requests in flight', () => {
  let gate: Gate;
  let gated: App;
  beforeEach(async () => {
    gate = new Gate();
    // dashboard reads go through readDb: the gate holds them; sessions and goals do not
    gated = await createTestApp({ database: gatedReads(gate) });
  });
  afterEach(() => gate.release());

  it('a third is refused at once with 429 and Retry-After; others and cheap routes are not', async () => {
    const first = gated.request('/api/v1/kpis');
    const second = gated.request('/api/v1/kpis?groupBy=team');
    await gate.arrivals(2);

    const third = await gated.request('/api/v1/kpis/nps/records');
    expect(third.headers.get('retry-after')).toBe('1');
    expect(await errorOf(third, 429)).toEqual({
      code: 'too_many_requests',
      message:
        'you already have 2 expensive requests (KPIs, drill-downs, goal status, searches) running; wait for one to finish, then try again',
    });
    // a route that is not expensive still answers
    expect((await gated.request('/api/v1/goals')).status).toBe(200);
    // another user has their own budget: their request reaches the database
    const other = (await otherUser(gated.app))('/api/v1/kpis');
    await gate.arrivals(3);

    gate.release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect((await other).status).toBe(200);
    // the slots are free again
    expect((await gated.request('/api/v1/kpis')).status).toBe(200);
  });

  it.each([
    '/api/v1/kpis',
    '/api/v1/kpis/nps/records',
    '/api/v1/goals/status',
    '/api/v1/cases/root-causes',
    '/api/v1/customers',
    '/api/v1/customers/c1',
  ])('%s is expensive', async (path) => {
    const held = [gated.request('/api/v1/kpis'), gated.request('/api/v1/kpis')];
    await gate.arrivals(2);
    expect((await errorOf(await gated.request(path), 429)).code).toBe('too_many_requests');
    gate.release();
    for (const r of held) expect((await r).status).toBe(200);
  });

  it('a request that fails gives its slot back', async () => {
    const one = await createTestApp({ database, expensivePerUser: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await one.request('/api/v1/kpis?from=2007-01-01&to=2026-12-31&groupBy=day')).status).toBe(400);
      expect((await one.request('/api/v1/kpis?touchpoint=nowhere')).status).toBe(400);
    }
    expect((await one.request('/api/v1/kpis')).status).toBe(200);
  });
});

// ── 503: the database is overloaded ─────────────────────────────────────────────────────
/** Fails every query with the given error, as an overloaded read path would. */
const failing = (error: Error): KyselyPlugin => ({
  transformQuery: () => {
    throw error;
  },
  transformResult: async (args) => args.result,
});

describe('an overloaded database answers 503 with Retry-After, never 500', () => {
  it.each([
    ['a read past its timeout', new OverloadedError('statement_timeout'), /took too long/],
    ['a busy database', new OverloadedError('busy'), /busy/],
    ['no free connection', new OverloadedError('pool_exhausted'), /every database connection is in use/],
  ])('%s', async (_label, error, message) => {
    // operators see each one in the log
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const overloaded = await createTestApp({
      database: { ...database, readDb: database.readDb.withPlugin(failing(error)) },
    });
    for (const path of ['/api/v1/kpis', '/api/v1/kpis/nps/records', '/api/v1/customers']) {
      const res = await overloaded.request(path);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = await errorOf(res, 503);
      expect(body.code).toBe('overloaded');
      expect(body.message).toMatch(message);
    }
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  const PG = testDatabaseUrl();
  it.skipIf(!PG)('PostgreSQL: a read that waits past the statement timeout', async () => {
    const scoped = await createTestSchema(PG as string);
    const setup = openDatabase({ url: scoped.url, maxConnections: 1 });
    const impatient = openDatabase({ url: scoped.url, maxConnections: 2, statementTimeoutMs: 300 });
    let release = () => {};
    try {
      await migrateToLatest(setup.db);
      await ensureSettings(setup.db, { time_zone: 'UTC' });
      const slowApp = await createTestApp({ database: impatient });
      // another session holds the settings table: the read waits until its timeout stops it
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const holder = setup.db.transaction().execute(async (trx) => {
        await sql`lock table settings in access exclusive mode`.execute(trx);
        locked();
        await held;
      });
      await isLocked;
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const res = await slowApp.request('/api/v1/kpis');
      warn.mockRestore();
      release();
      await holder;
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await errorOf(res, 503)).message).toMatch(/took too long/);
      expect((await slowApp.request('/api/v1/kpis')).status).toBe(200);
    } finally {
      release();
      await impatient.close();
      await setup.close();
      await scoped.drop();
    }
  });
});
