/**
 * GET /api/v1/kpis: windows, time zones, filters, group-bys, the previous period and input
 * validation, on a small data set whose every number is computed by hand below.
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { type KpiResponse, type KpiValue, ZError, ZKpiResponse } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApp as App, createTestApp } from '../testing.ts';
import { FEEDBACK, INTERACTIONS, STORE, x } from './march-data.ts';

// the data set and its hand-computed table: ./march-data.ts
let database: Database;
let app: App;

async function post(kind: string, records: unknown[]) {
  const res = await app.request(`/api/v1/ingest/${kind}`, {
    method: 'POST',
    body: JSON.stringify({ records }),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function openWith(timeZone = 'UTC') {
  database = await openTestDatabase(timeZone);
  await seedOrganisation(database);
  app = await createTestApp({ database });
}

async function seedData() {
  await post('touchpoints', [STORE]);
  await post('interactions', INTERACTIONS);
  await post('feedback', FEEDBACK);
}

async function kpis(query: string): Promise<KpiResponse> {
  const res = await app.request(`/api/v1/kpis?${query}`);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return ZKpiResponse.parse(body);
}

async function rejected(query: string) {
  const res = await app.request(`/api/v1/kpis?${query}`);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(400);
  return ZError.parse(body).error;
}

/** n and value of a KPI; value compared to 9 decimals. */
function expectKpi(v: KpiValue | undefined, n: number, value: number | null) {
  expect(v, 'KPI missing from the response').toBeDefined();
  expect(v?.n).toBe(n);
  if (value === null) expect(v?.value).toBeNull();
  else expect(v?.value).toBeCloseTo(value, 9);
}

const MARCH = 'from=2026-03-01&to=2026-04-01';
/** The same records as MARCH (nothing happens in the last millisecond) but not aligned to
 * midnight, so the figures are read from raw records instead of the rollups. */
const MARCH_RAW = 'from=2026-03-01&to=2026-03-31T23:59:59.999Z';

afterEach(async () => {
  vi.useRealTimers();
  await database.close();
});

// ── totals ──────────────────────────────────────────────────────────────────────────────
describe('the March totals', () => {
  beforeEach(async () => {
    await openWith();
    await seedData();
  });

  it.each([
    ['rollups', MARCH],
    ['raw records', MARCH_RAW],
  ])('every KPI follows its kpis.md formula (read from %s)', async (_label, window) => {
    const r = await kpis(`${window}&compare=false`);
    const t = r.total;
    // 2 promoters (f1 10, f4 9), 1 passive (f3 8), 2 detractors (f2 3, f10 6): 100 × 0 / 5
    expectKpi(t.nps, 5, 0);
    // csat 5, 2, 4: 2 of 3 score 4–5
    expectKpi(t.csat, 3, 200 / 3);
    // ces 6, 3: 1 of 2 scores 5–7
    expectKpi(t.ces, 2, 50);
    // S at 1 March = c1, c3, c4, c5 (c2 churned in Feb, c6 has no acquisition date);
    // c4 churns on 20 March: 3 of 4 retained
    expectKpi(t.retention, 4, 75);
    expectKpi(t.churn, 4, 25);
    // (3600 + 172800 + 1800 + 1209600) / 4
    expectKpi(t.resolution_delay, 4, 346_950);
    // contacts/complaints before 1 April still open then: i3, i9, i11 (resolved 3 April)
    expectKpi(t.backlog, 3, 3);
    // (60 + 30 + 120 + 90 + 300) / 5
    expectKpi(t.wait_time, 5, 120);
    // abandoned: i2, i9 of the 5 where present
    expectKpi(t.abandonment, 5, 40);
    // complaints i2, i8 of 11 interactions
    expectKpi(t.complaint_rate, 11, 200 / 11);
    // converted i4, i6, i10 of 4 where present
    expectKpi(t.conversion, 4, 75);
    // 1 return (i7) per 3 purchases (i4, i6, i10)
    expectKpi(t.return_rate, 3, 100 / 3);
    expectKpi(t.revenue, 3, 390.5);
    expectKpi(t.time_to_close, 0, null);
    // median of 30, 60, 90, 120, 300 is 90 (exact from raw, within 1 % from a sketch)
    expect(t.wait_time?.p50 ?? Number.NaN).toBeGreaterThanOrEqual(89.1);
    expect(t.wait_time?.p50 ?? Number.NaN).toBeLessThanOrEqual(90.9);
    for (const v of Object.values(t)) expect(v.lowSample).toBe(true);
  });

  it('says where the figures came from: rollups for aligned windows, raw records otherwise', async () => {
    expect((await kpis(`${MARCH}&kpis=complaint_rate,nps`)).source).not.toContain('raw');
    const raw = await kpis(`${MARCH_RAW}&kpis=complaint_rate,nps`);
    expect(raw.source).toBe('interactions:raw, feedback:raw');
    expect(raw.total.wait_time).toBeUndefined();
  });

  it('returns only the KPIs asked for', async () => {
    const r = await kpis(`${MARCH}&kpis=nps,revenue`);
    expect(Object.keys(r.total).sort()).toEqual(['nps', 'revenue']);
  });

  it('an empty population is null ("no data"), never 0', async () => {
    // before anyone was acquired (c1, the first, on 2024-01-10): even S is empty
    const r = await kpis('from=2023-01-01&to=2023-02-01&compare=false');
    for (const [id, v] of Object.entries(r.total)) {
      expect(v.value, id).toBeNull();
      expect(v.moe, id).toBeNull();
    }
  });
});

// ── windows and time zones ──────────────────────────────────────────────────────────────
describe('windows', () => {
  it('defaults to the last 30 days, today included, in the organisation’s zone', async () => {
    await openWith();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-14T23:30:00Z'));
    const r = await kpis('kpis=nps');
    // UTC: today is 14 March; the window ends at the midnight after it
    expect(r.window).toEqual({ from: '2026-02-13T00:00:00.000Z', to: '2026-03-15T00:00:00.000Z' });
    expect(r.previousWindow).toEqual({ from: '2026-01-14T00:00:00.000Z', to: '2026-02-13T00:00:00.000Z' });
    expect(r.timeZone).toBe('UTC');
    // one end given: the other defaults around it
    expect((await kpis('kpis=nps&from=2026-03-01')).window).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-15T00:00:00.000Z',
    });
    expect((await kpis('kpis=nps&to=2026-03-01')).window).toEqual({
      from: '2026-01-30T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
  });

  it('in Europe/Paris, "today" at 23:30 UTC on 14 March is already 15 March', async () => {
    await openWith('Europe/Paris');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-14T23:30:00Z'));
    const r = await kpis('kpis=nps');
    // to = 16 March 00:00 CET = 15 March 23:00 UTC; from 30 days before = 14 Feb 00:00 CET
    expect(r.window).toEqual({ from: '2026-02-13T23:00:00.000Z', to: '2026-03-15T23:00:00.000Z' });
    expect(r.timeZone).toBe('Europe/Paris');
  });

  it('plain dates are local midnight in the organisation’s zone', async () => {
    await openWith('Europe/Paris');
    const r = await kpis('from=2026-03-15&to=2026-03-16&kpis=nps');
    expect(r.window).toEqual({ from: '2026-03-14T23:00:00.000Z', to: '2026-03-15T23:00:00.000Z' });
    // the previous period is the day before
    expect(r.previousWindow).toEqual({ from: '2026-03-13T23:00:00.000Z', to: '2026-03-14T23:00:00.000Z' });
    // a time with an explicit offset is taken as given; one without is local
    expect((await kpis('from=2026-03-15T10:00:00Z&to=2026-03-15T12:00&kpis=nps')).window).toEqual({
      from: '2026-03-15T10:00:00.000Z',
      to: '2026-03-15T11:00:00.000Z',
    });
  });

  it('the day of the spring DST change has 23 hours, and its previous period is the day before', async () => {
    await openWith('Europe/Paris');
    const r = await kpis('from=2026-03-29&to=2026-03-30&kpis=nps');
    expect(r.window).toEqual({ from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
    expect(r.previousWindow).toEqual({ from: '2026-03-27T23:00:00.000Z', to: '2026-03-28T23:00:00.000Z' });
  });

  describe('the time-zone day boundary (Europe/Paris)', () => {
    beforeEach(async () => {
      await openWith('Europe/Paris');
      await post('interactions', [
        // 00:30 on 15 March in Paris (UTC+1)
        x('late', 'c1', 'phone', '2026-03-14T23:30:00Z', 'complaint'),
        // 23:30 on 14 March in Paris
        x('early', 'c1', 'phone', '2026-03-14T22:30:00Z', 'visit'),
      ]);
    });

    it('an interaction at 2026-03-14T23:30:00Z counts on 15 March', async () => {
      const r = await kpis('from=2026-03-14&to=2026-03-16&groupBy=day&kpis=complaint_rate');
      expect(r.groups.map((g) => [g.key, g.kpis.complaint_rate?.n, g.kpis.complaint_rate?.value])).toEqual([
        ['2026-03-14', 1, 0],
        ['2026-03-15', 1, 100],
      ]);
    });

    it('the window 15–16 March contains it, 14–15 March does not', async () => {
      const on15 = await kpis('from=2026-03-15&to=2026-03-16&kpis=complaint_rate');
      expectKpi(on15.total.complaint_rate, 1, 100);
      const on14 = await kpis('from=2026-03-14&to=2026-03-15&kpis=complaint_rate');
      expectKpi(on14.total.complaint_rate, 1, 0);
    });

    it('reading raw records (a window not on midnight) buckets the same way', async () => {
      const r = await kpis('from=2026-03-14&to=2026-03-15T12:00:00%2B01:00&groupBy=day&kpis=complaint_rate');
      expect(r.source).toBe('interactions:raw');
      expect(r.groups.map((g) => [g.key, g.kpis.complaint_rate?.value])).toEqual([
        ['2026-03-14', 0],
        ['2026-03-15', 100],
      ]);
    });

    // regression test (found by the first review of this suite)
    it('a window starting mid-day keeps its first, partial day as a group', async () => {
      const r = await kpis('from=2026-03-14T12:00:00%2B01:00&to=2026-03-16&groupBy=day&kpis=complaint_rate');
      expectKpi(r.total.complaint_rate, 2, 50);
      expect(r.groups.map((g) => [g.key, g.kpis.complaint_rate?.value])).toEqual([
        ['2026-03-14', 0],
        ['2026-03-15', 100],
      ]);
    });
  });
});

// ── filters ─────────────────────────────────────────────────────────────────────────────
describe('filters narrow the records first', () => {
  beforeEach(async () => {
    await openWith();
    await seedData();
  });

  type Expect = Partial<
    Record<
      | 'nps'
      | 'csat'
      | 'ces'
      | 'retention'
      | 'complaint_rate'
      | 'wait_time'
      | 'backlog'
      | 'conversion'
      | 'return_rate'
      | 'revenue',
      [n: number, value: number | null]
    >
  >;
  const cases: [filter: string, expected: Expect][] = [
    // svc = lyon + chat: i1 i2 i3 i8 i9 i11; feedback f1 f2 f5 f6 f8
    // retention: in-window svc interactions by S members c1, c3, c4 → c4 churns: 2 of 3
    [
      'department=svc',
      {
        complaint_rate: [6, 100 / 3],
        wait_time: [5, 120],
        nps: [2, 0],
        csat: [2, 50],
        ces: [1, 100],
        retention: [3, 200 / 3],
        backlog: [3, 3],
      },
    ],
    // mkt = web: i4 i5 i6 i7 i10, no request at all → backlog "no data"
    ['department=mkt', { complaint_rate: [5, 0], revenue: [3, 390.5], backlog: [0, null] }],
    // chat handles i2 i3 (team override) i8; f2 (via i3), f5, f6 (via i2)
    [
      'team=chat',
      { complaint_rate: [3, 200 / 3], wait_time: [3, 80], nps: [1, -100], csat: [2, 50], backlog: [1, 1] },
    ],
    // lyon: i1 i9 i11 (not i3: handled by chat)
    ['team=lyon', { complaint_rate: [3, 0], wait_time: [2, 180], backlog: [2, 2], retention: [2, 50] }],
    ['team=lyon&team=chat', { complaint_rate: [6, 100 / 3] }],
    // the phone touchpoint includes i3 whatever team handled it: i1 i3 i9 i11
    [
      'touchpoint=phone',
      { complaint_rate: [4, 0], wait_time: [3, 160], nps: [2, 0], ces: [1, 100], retention: [3, 200 / 3] },
    ],
    // channel web = site: i4 i5 i10; f3 (passive), f7
    [
      'channel=web',
      { complaint_rate: [3, 0], conversion: [3, 200 / 3], revenue: [2, 140], nps: [1, 0], csat: [1, 100] },
    ],
    ['channel=phone&channel=chat', { complaint_rate: [6, 100 / 3] }],
    // stage purchase = site + store: i4 i5 i6 i7 i10
    [
      'stage=purchase',
      { complaint_rate: [5, 0], conversion: [4, 75], return_rate: [3, 100 / 3], revenue: [3, 390.5] },
    ],
    // media paid = store: i6 i7, f4; S narrowed to c5
    [
      'media=paid',
      {
        complaint_rate: [2, 0],
        return_rate: [1, 100],
        revenue: [1, 250.5],
        nps: [1, 100],
        retention: [1, 100],
      },
    ],
    // media earned = reviews: feedback only
    ['media=earned', { complaint_rate: [0, null], nps: [1, -100], ces: [1, 0] }],
    ['presence=physical', { complaint_rate: [2, 0], revenue: [1, 250.5] }],
    // everything but the store: 9 interactions, 2 complaints
    ['presence=digital', { complaint_rate: [9, 200 / 9] }],
    // Premium = c1, c6: i1 i2 i11 i8; f1 f6 f5 f10; S = {c1} (c6 never acquired)
    ['segment=Premium', { complaint_rate: [4, 50], nps: [2, 0], csat: [2, 50], retention: [1, 100] }],
    // Particulier = c2, c3: i10, i3, i4; S = {c3} (c2 churned before March)
    ['segment=Particulier', { complaint_rate: [3, 0], retention: [1, 100], backlog: [1, 1] }],
    // Occitanie = c3, c4: i3 i4 i5 i9; f2 (3), f3 (8) → (0 − 1) / 2; S = {c3, c4}
    ['region=Occitanie', { complaint_rate: [4, 0], wait_time: [2, 210], nps: [2, -50], retention: [2, 50] }],
    // relational answers: f3 (8), f10 (6), f7 (4), f9 (3); survey mode does not apply to retention
    ['mode=relational', { nps: [2, -50], csat: [1, 100], ces: [1, 0], retention: [4, 75] }],
    ['mode=transactional', { nps: [3, 100 / 3], csat: [2, 50], ces: [1, 100] }],
    // combinations read raw records (no rollup crosses team and segment)
    ['department=svc&segment=Premium', { complaint_rate: [4, 50], nps: [1, 100], csat: [2, 50] }],
    // c3/c4 at phone or livechat: i3, i9; f2; S = {c3, c4}, c4 churns
    [
      'region=Occitanie&stage=service',
      { complaint_rate: [2, 0], wait_time: [2, 210], nps: [1, -100], retention: [2, 50] },
    ],
    // filters that match nothing
    ['stage=awareness', { complaint_rate: [0, null], nps: [0, null], retention: [0, null] }],
  ];

  it.each(
    cases.flatMap(([filter, expected]) => [
      { filter, expected, read: 'rollups', window: MARCH },
      { filter, expected, read: 'raw', window: MARCH_RAW },
    ]),
  )('$filter ($read)', async ({ filter, expected, window }) => {
    const ids = Object.keys(expected).join(',');
    const r = await kpis(`${window}&${filter}&kpis=${ids}&compare=false`);
    for (const [id, [n, value]] of Object.entries(expected) as [keyof Expect, [number, number | null]][]) {
      expectKpi(r.total[id], n, value);
    }
  });
});

// ── group-by ────────────────────────────────────────────────────────────────────────────
describe('groupBy', () => {
  beforeEach(async () => {
    await openWith();
    await seedData();
  });

  /** [key, label, n of complaint_rate] per group, in response order */
  async function groupsOf(query: string) {
    const r = await kpis(`${query}&kpis=complaint_rate&compare=false`);
    return r.groups.map((g) => [g.key, g.label, g.kpis.complaint_rate?.n ?? -1]);
  }

  it.each([
    [
      'department',
      [
        ['mkt', 'Marketing', 5],
        ['svc', 'Service client', 6],
      ],
    ],
    [
      'team',
      [
        ['web', 'Acquisition web', 5],
        ['lyon', 'Centre Lyon', 3],
        ['chat', 'Support chat', 3],
      ],
    ],
    [
      // every touchpoint appears, with no data where it has none
      'touchpoint',
      [
        ['reviews', 'Avis Google', 0],
        ['store', 'Boutique Rennes', 2],
        ['livechat', 'Chat', 2],
        ['site', 'Site web', 3],
        ['phone', 'Téléphone', 4],
      ],
    ],
    [
      // every stage of the organisation's touchpoints appears (kpi-decisions.md, group lists)
      'stage',
      [
        ['loyalty', 'loyalty', 0],
        ['purchase', 'purchase', 5],
        ['service', 'service', 6],
      ],
    ],
    [
      'channel',
      [
        ['chat', 'chat', 2],
        ['phone', 'phone', 4],
        ['review', 'review', 0],
        ['store', 'store', 2],
        ['web', 'web', 3],
      ],
    ],
    [
      'media',
      [
        ['earned', 'earned', 0],
        ['owned', 'owned', 9],
        ['paid', 'paid', 2],
      ],
    ],
    [
      'presence',
      [
        ['digital', 'digital', 9],
        ['physical', 'physical', 2],
      ],
    ],
    [
      // c5 has no segment: its records form the '' group
      'segment',
      [
        ['', '', 2],
        ['Particulier', 'Particulier', 3],
        ['Premium', 'Premium', 4],
        ['Professionnel', 'Professionnel', 2],
      ],
    ],
    [
      'region',
      [
        ['', '', 2],
        ['Bretagne', 'Bretagne', 4],
        ['Grand Est', 'Grand Est', 1],
        ['Occitanie', 'Occitanie', 4],
      ],
    ],
  ])('%s', async (groupBy, expected) => {
    expect(await groupsOf(`${MARCH}&groupBy=${groupBy}`)).toEqual(expected);
    // the raw path groups identically
    expect(await groupsOf(`${MARCH_RAW}&groupBy=${groupBy}`)).toEqual(expected);
  });

  it('the total of a grouped answer equals the ungrouped total', async () => {
    for (const groupBy of ['team', 'segment', 'day']) {
      const grouped = await kpis(`${MARCH}&groupBy=${groupBy}`);
      const plain = await kpis(MARCH);
      expect(grouped.total, groupBy).toEqual(plain.total);
    }
  });

  it('day: one group per day of the window, in order, empty days included', async () => {
    const r = await kpis(`${MARCH}&groupBy=day&kpis=complaint_rate`);
    expect(r.groups.map((g) => g.key)).toEqual(
      Array.from({ length: 31 }, (_, d) => `2026-03-${String(d + 1).padStart(2, '0')}`),
    );
    const counts = Object.fromEntries(
      r.groups
        .filter((g) => (g.kpis.complaint_rate?.n ?? 0) > 0)
        .map((g) => [g.key, g.kpis.complaint_rate?.n]),
    );
    expect(counts).toEqual({
      '2026-03-02': 1,
      '2026-03-03': 1,
      '2026-03-04': 1,
      '2026-03-05': 1,
      '2026-03-06': 1,
      '2026-03-07': 1,
      '2026-03-10': 1,
      '2026-03-12': 1,
      '2026-03-15': 1,
      '2026-03-16': 1,
      '2026-03-20': 1,
    });
  });

  it('week: ISO weeks keyed by their Monday (1 March 2026 is a Sunday)', async () => {
    expect(await groupsOf(`${MARCH}&groupBy=week`)).toEqual([
      ['2026-02-23', '2026-02-23', 0],
      ['2026-03-02', '2026-03-02', 6], // i1–i6
      ['2026-03-09', '2026-03-09', 3], // i7 i8 i9
      ['2026-03-16', '2026-03-16', 2], // i10 i11
      ['2026-03-23', '2026-03-23', 0],
      ['2026-03-30', '2026-03-30', 0],
    ]);
  });

  it('month', async () => {
    expect(await groupsOf('from=2026-02-01&to=2026-04-01&groupBy=month')).toEqual([
      ['2026-02-01', '2026-02-01', 2], // p1 p2
      ['2026-03-01', '2026-03-01', 11],
    ]);
  });

  it('retention per segment: each group’s S is its own customers', async () => {
    const r = await kpis(`${MARCH}&groupBy=segment&kpis=retention&compare=false`);
    // '' = c5 kept; Particulier = c3 kept (c2 left before March); Premium = c1 kept
    // (c6 never acquired); Professionnel = c4, who churns on 20 March
    expect(r.groups.map((g) => [g.key, g.kpis.retention?.n, g.kpis.retention?.value])).toEqual([
      ['', 1, 100],
      ['Particulier', 1, 100],
      ['Premium', 1, 100],
      ['Professionnel', 1, 0],
    ]);
    expectKpi(r.total.retention, 4, 75);
  });

  it('backlog per team, and per week (each at its bucket’s end)', async () => {
    const byTeam = await kpis(`${MARCH}&groupBy=team&kpis=backlog&compare=false`);
    // open at 1 April: i3 (chat), i9 and i11 (lyon)
    expect(byTeam.groups.map((g) => [g.key, g.kpis.backlog?.value])).toEqual([
      ['web', null],
      ['lyon', 2],
      ['chat', 1],
    ]);
    const byWeek = await kpis(`${MARCH}&groupBy=week&kpis=backlog&compare=false`);
    // end of week 23 Feb (2 March 00:00): nothing open (p1 resolved) → 0
    // end of week 2 March (9 March): i3 open (i1, i2 resolved) → 1
    // end of week 9 March (16 March): i3, i9 → 2; end of 16 March week: + i11 → 3; later still 3
    expect(byWeek.groups.map((g) => g.kpis.backlog?.value)).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('a filter limits the listed groups to the matching ones', async () => {
    expect(await groupsOf(`${MARCH}&groupBy=touchpoint&stage=service`)).toEqual([
      ['livechat', 'Chat', 2],
      ['phone', 'Téléphone', 4],
    ]);
    expect(await groupsOf(`${MARCH}&groupBy=department&team=chat`)).toEqual([['svc', 'Service client', 3]]);
  });
});

// ── previous period ─────────────────────────────────────────────────────────────────────
describe('the previous period', () => {
  beforeEach(async () => {
    await openWith();
    await seedData();
  });

  it('is the 31 days before March, with change and significance per kpis.md', async () => {
    const r = await kpis(MARCH);
    expect(r.previousWindow).toEqual({ from: '2026-01-29T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
    const t = r.total;
    const moe = (q: number, n: number) => 1.96 * 100 * Math.sqrt((q * (1 - q)) / n);

    // complaint rate: 2/11 now, 0/2 before (p1, p2); margins 22.79 and 0 → +18.18 is not significant
    expect(t.complaint_rate?.previous).toEqual({ value: 0, n: 2, moe: 0 });
    expect(t.complaint_rate?.moe).toBeCloseTo(moe(2 / 11, 11), 9);
    expect(t.complaint_rate?.change).toBeCloseTo(200 / 11, 9);
    expect(t.complaint_rate?.significant).toBe(false);

    // abandonment: 40 % (moe 42.94) against 100 % of 1 (moe 0): −60 is significant
    expect(t.abandonment?.previous).toEqual({ value: 100, n: 1, moe: 0 });
    expect(t.abandonment?.change).toBeCloseTo(-60, 9);
    expect(t.abandonment?.significant).toBe(true);

    // NPS: 0 (moe 1.96 × 100 × √(0.8/5) = 78.4) against −100 (pf1 scored 2): +100 is significant
    expect(t.nps?.moe).toBeCloseTo(78.4, 9);
    expect(t.nps?.previous).toEqual({ value: -100, n: 1, moe: 0 });
    expect(t.nps?.change).toBe(100);
    expect(t.nps?.significant).toBe(true);

    // CSAT: 66.67 (moe 53.34) against 100: −33.33 is within the margin
    expect(t.csat?.previous).toEqual({ value: 100, n: 1, moe: 0 });
    expect(t.csat?.change).toBeCloseTo(-100 / 3, 9);
    expect(t.csat?.significant).toBe(false);

    // retention: S at 29 Jan = c1 c2 c3 c4, c2 churned → 75 both times, no change
    expect(t.retention?.previous?.value).toBe(75);
    expect(t.retention?.change).toBe(0);
    expect(t.retention?.significant).toBe(false);

    // revenue has no margin: the change is given, significance is not
    expect(t.revenue?.previous).toEqual({ value: 20, n: 1, moe: null });
    expect(t.revenue?.change).toBe(370.5);
    expect(t.revenue?.significant).toBeNull();

    // backlog at 1 March: p1 was resolved → 0 (a real zero), now 3
    expect(t.backlog?.previous?.value).toBe(0);
    expect(t.backlog?.change).toBe(3);

    // wait time: one previous value (600), whose mean has no margin
    expect(t.wait_time?.previous).toEqual({ value: 600, n: 1, moe: null });
    expect(t.wait_time?.significant).toBeNull();
  });

  it('groups carry their own previous values', async () => {
    const r = await kpis(`${MARCH}&groupBy=team&kpis=complaint_rate`);
    const prev = Object.fromEntries(r.groups.map((g) => [g.key, g.kpis.complaint_rate?.previous?.n]));
    // p1 was lyon's, p2 web's
    expect(prev).toEqual({ web: 1, lyon: 1, chat: 0 });
  });

  it('compare=false computes no previous period', async () => {
    const r = await kpis(`${MARCH}&compare=false`);
    expect(r.previousWindow).toBeNull();
    for (const v of Object.values(r.total)) {
      expect(v.previous).toBeNull();
      expect(v.change).toBeNull();
      expect(v.significant).toBeNull();
    }
    // the current figures do not depend on it
    const withCompare = await kpis(MARCH);
    expect(r.total.nps?.value).toBe(withCompare.total.nps?.value);
  });
});

// ── invalid input ───────────────────────────────────────────────────────────────────────
describe('invalid queries are 400 naming the field, and change nothing', () => {
  beforeEach(async () => {
    await openWith();
    await seedData();
  });

  const long = 'x'.repeat(10_000);
  const cases: [query: string, field: string][] = [
    ['from=2026-02-30', 'from'],
    ['from=01/03/2026', 'from'],
    ['to=yesterday', 'to'],
    ['from=2026-03-02&to=2026-03-01', 'to'],
    ['from=2026-03-01&to=2026-03-01', 'to'],
    ['from=2000-01-01&to=2026-01-01', 'from'],
    ['groupBy=hour', 'groupBy'],
    ['stage=delight', 'stage'],
    ['stage=service&stage=delight', 'stage'],
    ['media=stolen', 'media'],
    ['presence=virtual', 'presence'],
    ['mode=anonymous', 'mode'],
    ['kpis=nps,happiness', 'kpis'],
    ['compare=maybe', 'compare'],
    [`channel=${encodeURIComponent("' OR 1=1 --")}`, 'channel'],
    [`from=${encodeURIComponent("2026-03-01' OR 1=1 --")}`, 'from'],
    [`groupBy=${encodeURIComponent('day; DROP TABLE interactions')}`, 'groupBy'],
    [`kpis=${encodeURIComponent("nps') --")}`, 'kpis'],
    [`segment=${long}`, 'segment'],
    [`region=${long}`, 'region'],
    [`team=${long}`, 'team'],
    [`department=${long}`, 'department'],
    [`touchpoint=${long}`, 'touchpoint'],
    [`from=${long}`, 'from'],
    [`kpis=${long}`, 'kpis'],
    [`${Array.from({ length: 201 }, (_, i) => `team=t${i}`).join('&')}`, 'team'],
  ];

  it.each(cases.map(([query, field]) => ({ query, field, label: query.slice(0, 60) })))(
    '$label → $field',
    async ({ query, field }) => {
      const error = await rejected(query);
      expect(error.code).toBe('invalid_request');
      const fields = (error.details ?? []).map((d) => d.field);
      expect(
        fields.some((f) => f === field || f.startsWith(`${field}.`)),
        fields.join(', '),
      ).toBe(true);
      // the message never echoes 10,000 characters back
      expect(JSON.stringify(error).length).toBeLessThan(2000);
    },
  );

  it('the data and the figures are the same after all of them', async () => {
    const before = await kpis(MARCH);
    for (const [query] of cases) await app.request(`/api/v1/kpis?${query}`);
    expect(await kpis(MARCH)).toEqual(before);
  });

  it('an SQL fragment in a free-text filter is refused as an unknown value, and changes nothing', async () => {
    for (const field of ['segment', 'region']) {
      const error = await rejected(`${MARCH}&${field}=${encodeURIComponent("' OR 1=1 --")}`);
      expect(error.details?.map((d) => d.field)).toContain(field);
    }
    // a segment no customer has is refused too: a typo must not read as "no data"
    expect((await rejected(`${MARCH}&segment=Inconnu`)).details?.[0]?.reason).toMatch(
      /no customer has the segment/,
    );
    expectKpi((await kpis(`${MARCH}&kpis=complaint_rate`)).total.complaint_rate, 11, 200 / 11);
  });

  // regression test (found by the first review of this suite)
  it("an unknown id such as team=' OR 1=1 -- is a 400 naming team", async () => {
    const error = await rejected(`${MARCH}&team=${encodeURIComponent("' OR 1=1 --")}`);
    expect(error.details?.map((d) => d.field)).toContain('team');
  });
});
