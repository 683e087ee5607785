/**
 * Every error has one JSON shape, `{ error: { code, message, details? } }`, and an internal
 * error never shows a stack trace or SQL (architecture.md, principle 4).
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { ZError } from '@parcours/domain';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApp as App, createTestApp } from './testing.ts';

let database: Database;
let app: App;
let closed = false;

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  app = await createTestApp({ database });
  closed = false;
});
afterEach(async () => {
  vi.restoreAllMocks();
  if (!closed) await database.close();
});

/** What a client must never see in an error body. */
const LEAKS = [
  /\n\s+at /, // a stack frame
  /\.ts:\d+/, // a source position
  /node_modules/,
  /\bselect\b/i,
  /\binsert\b/i,
  /\bfrom "?\w+"?\s+where\b/i,
  /sqlite/i,
  /no such table/i,
  /rollup_/,
  /\binteractions\b/,
];

function expectNoLeak(text: string) {
  for (const leak of LEAKS) expect(text, `leaks ${leak}`).not.toMatch(leak);
}

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/api/v2/kpis'],
    ['POST', '/api/v1/kpis'],
    ['DELETE', '/api/v1/settings'],
    ['GET', '/api/v1/kpis/nps/records/extra'],
    ['GET', '/api'],
  ])('%s %s → 404 in the error shape', async (method, path) => {
    const res = await app.request(path, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    const { error } = ZError.parse(await res.json());
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(path);
  });
});

describe('the service itself', () => {
  it('answers the health check', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: database.engine });
  });

  it('describes itself in OpenAPI 3.1, every route included', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/ingest/{kind}',
        '/api/v1/kpis',
        '/api/v1/kpis/{kpi}/records',
        '/api/v1/kpi-definitions',
        '/api/v1/customers',
        '/api/v1/customers/{id}',
        '/api/v1/customers/{id}/timeline',
        '/api/v1/goals',
        '/api/v1/goals/status',
        '/api/v1/goals/{id}',
        '/api/v1/settings',
        '/api/v1/reference',
      ]),
    );
  });
});

describe('internal errors', () => {
  it('a database failure during a read is a 500 without stack or SQL, and is logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    await sql`drop table rollup_i_day`.execute(database.db);
    const res = await app.request('/api/v1/kpis?from=2026-03-01&to=2026-04-01&kpis=complaint_rate');
    expect(res.status).toBe(500);
    const text = await res.text();
    expectNoLeak(text);
    expect(ZError.parse(JSON.parse(text)).error).toEqual({
      code: 'internal',
      message: 'an unexpected error occurred; it has been logged',
    });
    // the details go to the log, not to the client
    expect(log).toHaveBeenCalled();
    expect(String(log.mock.calls[0]?.[0])).toContain('/api/v1/kpis');
  });

  it('a database failure during a write is a 500 without stack or SQL', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await sql`drop table rollup_f_day_tp_team`.execute(database.db);
    const res = await app.request('/api/v1/ingest/feedback', {
      method: 'POST',
      body: JSON.stringify({
        records: [
          {
            id: 'f1',
            customer_id: 'c1',
            touchpoint_id: 'phone',
            submitted_at: '2026-03-01',
            survey: 'nps',
            score: 9,
          },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expectNoLeak(text);
    expect(ZError.parse(JSON.parse(text)).error.code).toBe('internal');
    // and the transaction was rolled back
    const rows = await database.db.selectFrom('feedback').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('a closed database: 500 on every route, 503 on the health check, never a stack', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await database.close();
    closed = true;
    for (const path of ['/api/v1/settings', '/api/v1/customers?q=a', '/api/v1/goals', '/api/v1/kpis']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(500);
      const text = await res.text();
      expectNoLeak(text);
      expect(ZError.parse(JSON.parse(text)).error.code).toBe('internal');
    }
    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', database: database.engine });
  });
});
