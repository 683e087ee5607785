/**
 * Customers: search (accent- and case-insensitive, wildcards literal), profile (KPIs over the
 * whole relationship) and the timeline (newest first, cursor-paginated, every record once).
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { type Timeline, ZCustomerList, ZCustomerProfile, ZError, ZTimeline } from '@parcours/domain';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApp as App, createTestApp } from '../testing.ts';

let database: Database;
let app: App;

async function post(kind: string, records: unknown[], target: App = app) {
  const res = await target.request(`/api/v1/ingest/${kind}`, {
    method: 'POST',
    body: JSON.stringify({ records }),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function getOk<T>(path: string, schema: { parse: (v: unknown) => T }, target: App = app): Promise<T> {
  const res = await target.request(path);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return schema.parse(body);
}

async function getError(path: string, status: number) {
  const res = await app.request(path);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return ZError.parse(body).error;
}

const x = (id: string, customer_id: string, occurred_at: string, kind: string, extra = {}) => ({
  id,
  customer_id,
  touchpoint_id: 'phone',
  occurred_at,
  kind,
  ...extra,
});
const fb = (
  id: string,
  customer_id: string,
  submitted_at: string,
  survey: string,
  score: number,
  extra = {},
) => ({
  id,
  customer_id,
  touchpoint_id: 'phone',
  submitted_at,
  survey,
  score,
  ...extra,
});

// c1's history (and one record of c3's, which c1's profile must not count)
//   p1   02-10 09:00 contact   wait 600, resolved after 7200 s, abandoned
//   pf1  02-10 12:00 nps 2
//   i1   03-02 09:00 contact   wait 60, resolved after 3600 s, not abandoned
//   f1   03-02 12:00 nps 10
//   i2   03-03 10:00 complaint wait 30, resolved after 172800 s, abandoned
//   f6   03-03 11:00 csat 2
//   i11  03-20 09:00 contact   resolved 04-03 (after "now", 25 March): open
const C1_INTERACTIONS = [
  x('p1', 'c1', '2026-02-10T09:00:00Z', 'contact', {
    wait_seconds: 600,
    resolved_at: '2026-02-10T11:00:00Z',
    abandoned: true,
  }),
  x('i1', 'c1', '2026-03-02T09:00:00Z', 'contact', {
    wait_seconds: 60,
    resolved_at: '2026-03-02T10:00:00Z',
    abandoned: false,
  }),
  x('i2', 'c1', '2026-03-03T10:00:00Z', 'complaint', {
    wait_seconds: 30,
    resolved_at: '2026-03-05T10:00:00Z',
    abandoned: true,
  }),
  x('i11', 'c1', '2026-03-20T09:00:00Z', 'contact', { resolved_at: '2026-04-03T09:00:00Z' }),
  x('other', 'c3', '2026-03-04T08:00:00Z', 'complaint', { revenue: 10 }),
];
const C1_FEEDBACK = [
  fb('pf1', 'c1', '2026-02-10T12:00:00Z', 'nps', 2),
  fb('f1', 'c1', '2026-03-02T12:00:00Z', 'nps', 10, { interaction_id: 'i1' }),
  fb('f6', 'c1', '2026-03-03T11:00:00Z', 'csat', 2, { interaction_id: 'i2' }),
  fb('other-f', 'c3', '2026-03-04T09:00:00Z', 'nps', 9),
];

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  app = await createTestApp({ database });
});
afterEach(async () => {
  vi.useRealTimers();
  await database.close();
});

// ── search ──────────────────────────────────────────────────────────────────────────────
describe('GET /api/v1/customers', () => {
  beforeEach(async () => {
    await post('customers', [
      { id: 'x-pct', name: 'Remise 100% fidèle' },
      { id: 'x-us', name: 'Jean_Pierre Roux' },
      // would match `jean_p` if `_` were a LIKE wildcard
      { id: 'x-jx', name: 'Jeanxpierre Test' },
    ]);
  });

  const search = async (q: string, extra = '') => {
    const r = await getOk(`/api/v1/customers?q=${encodeURIComponent(q)}${extra}`, ZCustomerList);
    return { total: r.total, ids: r.items.map((i) => i.id) };
  };

  it.each([
    // by name, whatever the accents and case
    ['helene', ['c1']],
    ['HÉLÈNE', ['c1']],
    ['  Hélène  ', ['c1']],
    ['zoe', ['c3']],
    ['ines mor', ['c5']],
    ['dupont', ['c1']],
    // by e-mail
    ['paul@example.com', ['c4']],
    ['example.fr', ['c1', 'c2']],
    // by id
    ['c4', ['c4']],
    ['x-us', ['x-us']],
    // LIKE wildcards are literal characters
    ['100%', ['x-pct']],
    ['%', ['x-pct']],
    ['e%e', []],
    ['jean_p', ['x-us']],
    ['_', ['x-us']],
    ['\\', []],
    ["' OR 1=1 --", []],
    ['nobody at all', []],
  ])('q=%j finds %j', async (q, expected) => {
    expect(await search(q)).toEqual({ total: expected.length, ids: expected });
  });

  it('lists everyone by name without a query, a page at a time', async () => {
    const everyone = [
      'c1', // Hélène Dupont
      'c5', // Inès Moreau
      'x-us', // Jean_Pierre Roux
      'x-jx', // Jeanxpierre Test
      'c6', // Luc Bernard
      'c2', // Marc Leroy
      'c4', // Paul Durand
      'x-pct', // Remise 100% fidèle
      'c3', // Zoé Martin
    ];
    expect(await search('')).toEqual({ total: 9, ids: everyone });
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const r = await getOk(`/api/v1/customers?pageSize=4&page=${page}`, ZCustomerList);
      expect(r).toMatchObject({ total: 9, page, pageSize: 4 });
      pages.push(r.items.map((i) => i.id));
    }
    expect(pages).toEqual([everyone.slice(0, 4), everyone.slice(4, 8), everyone.slice(8), []]);
  });

  it('returns customer items as stored', async () => {
    const r = await getOk('/api/v1/customers?q=marc', ZCustomerList);
    expect(r.items).toEqual([
      {
        type: 'customer',
        id: 'c2',
        name: 'Marc Leroy',
        email: 'marc@example.fr',
        segment: 'Particulier',
        region: 'Bretagne',
        acquiredAt: '2024-05-01T00:00:00.000Z',
        churnedAt: '2026-02-10T10:00:00.000Z',
      },
    ]);
  });

  it('finds a customer by a new name after an update', async () => {
    await post('customers', [
      { id: 'c6', name: 'Lucie Bernard-Éluard', segment: 'Premium', region: 'Grand Est' },
    ]);
    expect(await search('eluard')).toEqual({ total: 1, ids: ['c6'] });
    expect(await search('luc bernard')).toEqual({ total: 0, ids: [] });
  });

  it.each([
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['pageSize=501', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    [`q=${'a'.repeat(201)}`, 'q'],
  ])('%s → 400 naming %s', async (query, field) => {
    const error = await getError(`/api/v1/customers?${query}`, 400);
    expect(error.details?.map((d) => d.field)).toContain(field);
  });
});

// ── profile ─────────────────────────────────────────────────────────────────────────────
describe('GET /api/v1/customers/{id}', () => {
  beforeEach(async () => {
    await post('interactions', C1_INTERACTIONS);
    await post('feedback', C1_FEEDBACK);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-25T12:00:00Z'));
  });

  it('shows the customer, their counts and their KPIs over the whole relationship', async () => {
    const p = await getOk('/api/v1/customers/c1', ZCustomerProfile);
    expect(p.customer).toEqual({
      type: 'customer',
      id: 'c1',
      name: 'Hélène Dupont',
      email: 'helene@example.fr',
      segment: 'Premium',
      region: 'Bretagne',
      acquiredAt: '2024-01-10T00:00:00.000Z',
      churnedAt: null,
    });
    // 4 interactions, 3 answers; i11 is still open on 25 March
    expect(p.counts).toEqual({ interactions: 4, feedback: 3, openRequests: 1 });
    expect(p.firstSeenAt).toBe('2026-02-10T09:00:00.000Z');
    expect(p.lastSeenAt).toBe('2026-03-20T09:00:00.000Z');

    const k = p.kpis;
    // NPS: f1 (10) promoter, pf1 (2) detractor → 0
    expect(k.nps).toMatchObject({ value: 0, n: 2 });
    // CSAT: f6 (2) → 0 % (a real 0, not "no data")
    expect(k.csat).toMatchObject({ value: 0, n: 1 });
    expect(k.ces).toMatchObject({ value: null, n: 0 });
    // (7200 + 3600 + 172800 + 1209600) / 4
    expect(k.resolution_delay).toMatchObject({ value: 348_300, n: 4 });
    // (600 + 60 + 30) / 3
    expect(k.wait_time).toMatchObject({ value: 230, n: 3 });
    // 1 complaint (i2) of 4; c3's complaint is not hers
    expect(k.complaint_rate).toMatchObject({ value: 25, n: 4 });
    expect(k.abandonment?.value).toBeCloseTo(200 / 3, 9);
    expect(k.conversion).toMatchObject({ value: null, n: 0 });
    expect(k.revenue).toMatchObject({ value: null, n: 0 });
    expect(k.backlog).toMatchObject({ value: 1, n: 1 });
    // the profile reads raw records: exact percentiles
    expect(k.wait_time?.percentiles).toBe('exact');
    expect(k.wait_time?.p50).toBe(60);
  });

  it('a customer with no records has zero counts and "no data" KPIs', async () => {
    const p = await getOk('/api/v1/customers/c5', ZCustomerProfile);
    expect(p.counts).toEqual({ interactions: 0, feedback: 0, openRequests: 0 });
    expect(p.firstSeenAt).toBeNull();
    expect(p.lastSeenAt).toBeNull();
    for (const [id, v] of Object.entries(p.kpis)) expect(v.value, id).toBeNull();
  });

  it('once the last request is resolved, nothing is open', async () => {
    vi.setSystemTime(new Date('2026-04-04T00:00:00Z'));
    const p = await getOk('/api/v1/customers/c1', ZCustomerProfile);
    expect(p.counts.openRequests).toBe(0);
    // every request resolved: a real backlog of 0
    expect(p.kpis.backlog).toMatchObject({ value: 0 });
  });

  it('an unknown customer is a 404', async () => {
    const error = await getError('/api/v1/customers/nobody', 404);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('nobody');
  });
});

// ── timeline ────────────────────────────────────────────────────────────────────────────
/** Follows nextCursor from the first page to the last; returns the ids page by page. */
async function walk(customer: string, limit: number, target: App = app): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const t: Timeline = await getOk(`/api/v1/customers/${customer}/timeline?${query}`, ZTimeline, target);
    expect(t.items.length).toBeLessThanOrEqual(limit);
    pages.push(t.items.map((i) => `${i.type === 'interaction' ? 'i' : 'f'}:${i.id}`));
    cursor = t.nextCursor;
    if (cursor === null) return pages;
    expect(t.items.length).toBe(limit);
  }
  throw new Error('the cursor never ended');
}

describe('GET /api/v1/customers/{id}/timeline', () => {
  beforeEach(async () => {
    await post('interactions', C1_INTERACTIONS);
    await post('feedback', C1_FEEDBACK);
  });

  const NEWEST_FIRST = ['i:i11', 'f:f6', 'i:i2', 'f:f1', 'i:i1', 'f:pf1', 'i:p1'];

  it('lists interactions and feedback together, newest first', async () => {
    const t = await getOk('/api/v1/customers/c1/timeline', ZTimeline);
    expect(t.items.map((i) => `${i.type === 'interaction' ? 'i' : 'f'}:${i.id}`)).toEqual(NEWEST_FIRST);
    expect(t.nextCursor).toBeNull();
    const f6 = t.items[1];
    expect(f6).toMatchObject({ type: 'feedback', id: 'f6', interactionId: 'i2', teamId: 'lyon', score: 2 });
  });

  it.each([1, 2, 3, 6, 7, 50])('pages of %i visit every record exactly once, in order', async (limit) => {
    const pages = await walk('c1', limit);
    expect(pages.flat()).toEqual(NEWEST_FIRST);
    expect(pages.length).toBe(Math.max(1, Math.ceil(NEWEST_FIRST.length / limit)));
  });

  it('ties on the same timestamp: interactions first, then by id, each exactly once', async () => {
    const at10 = '2026-03-10T10:00:00Z';
    await post('interactions', [
      x('t-a', 'c5', at10, 'visit'),
      x('t-c', 'c5', at10, 'visit'),
      x('t-b', 'c5', at10, 'visit'),
      x('t-d', 'c5', '2026-03-10T09:00:00Z', 'visit'),
      // an interaction and an answer may share an id: they are different records
      x('same', 'c5', at10, 'visit'),
    ]);
    await post('feedback', [
      fb('t-f1', 'c5', at10, 'nps', 9),
      fb('t-f2', 'c5', at10, 'nps', 8),
      fb('same', 'c5', at10, 'nps', 7),
      fb('t-f0', 'c5', '2026-03-10T11:00:00Z', 'nps', 7),
    ]);
    const expected = ['f:t-f0', 'i:t-d'];
    expected.splice(1, 0, 'i:t-c', 'i:t-b', 'i:t-a', 'i:same', 'f:t-f2', 'f:t-f1', 'f:same');
    for (let limit = 1; limit <= 10; limit++)
      expect((await walk('c5', limit)).flat(), `limit ${limit}`).toEqual(expected);
  });

  it('property: any mix of ties is visited once, newest first, whatever the page size', async () => {
    const instants = ['2026-03-10T10:00:00Z', '2026-03-10T10:00:00.001Z', '2026-03-11T00:00:00Z'];
    const record = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
      at: fc.constantFrom(...instants),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 8 }),
        fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        async (interactions, answers, limit) => {
          const db = await openTestDatabase();
          try {
            await seedOrganisation(db);
            const local = await createTestApp({ database: db });
            if (interactions.length)
              await post(
                'interactions',
                interactions.map((r) => x(r.id, 'c6', r.at, 'visit')),
                local,
              );
            if (answers.length)
              await post(
                'feedback',
                answers.map((r) => fb(r.id, 'c6', r.at, 'csat', 3)),
                local,
              );
            const seen = (await walk('c6', limit, local)).flat();
            const expected = [
              ...interactions.map((r) => ({ key: `i:${r.id}`, at: Date.parse(r.at) })),
              ...answers.map((r) => ({ key: `f:${r.id}`, at: Date.parse(r.at) })),
            ];
            expect([...seen].sort()).toEqual(expected.map((e) => e.key).sort());
            const times = seen.map((k) => expected.find((e) => e.key === k)?.at ?? Number.NaN);
            for (let i = 1; i < times.length; i++)
              expect(times[i]).toBeLessThanOrEqual(times[i - 1] as number);
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('an unknown customer is a 404', async () => {
    expect((await getError('/api/v1/customers/nobody/timeline', 404)).code).toBe('not_found');
  });

  it.each([
    ['garbage', 'a string that is not base64 JSON'],
    [Buffer.from('{"t":"soon","r":1,"id":"x"}').toString('base64url'), 'JSON of the wrong shape'],
    [Buffer.from('{"t":1,"r":7,"id":"x"}').toString('base64url'), 'an unknown rank'],
    ['x'.repeat(401), 'a cursor too long'],
  ])('a bad cursor (%#: %s) is a 400 naming cursor', async (cursor) => {
    const error = await getError(`/api/v1/customers/c1/timeline?cursor=${encodeURIComponent(cursor)}`, 400);
    expect(error.code).toBe('invalid_request');
    expect(error.details?.map((d) => d.field)).toEqual(['cursor']);
  });

  it.each(['limit=0', 'limit=201', 'limit=many'])('%s is a 400 naming limit', async (query) => {
    const error = await getError(`/api/v1/customers/c1/timeline?${query}`, 400);
    expect(error.details?.map((d) => d.field)).toEqual(['limit']);
  });
});
