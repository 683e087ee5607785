/**
 * GET /api/v1/kpis/{kpi}/records (drill-down): the records behind a KPI are exactly the
 * ones its formula counts. Same data set as kpis.test.ts, repeated here so each file reads
 * on its own.
 */
import { type Database, KPI_SUBSETS } from '@parcours/db';
import {
  type DrillResponse,
  KPI_IDS,
  type KpiId,
  type KpiResponse,
  ZDrillResponse,
  ZError,
  ZKpiDefinition,
  ZKpiResponse,
} from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TestApp as App } from '../testing.ts';
import { openMarchApp } from './march-data.ts';

// the data set and its hand-computed table: ./march-data.ts
let database: Database;
let app: App;

beforeEach(async () => {
  ({ database, app } = await openMarchApp());
});
afterEach(async () => {
  await database.close();
});

const MARCH = 'from=2026-03-01&to=2026-04-01';
const MARCH_RAW = 'from=2026-03-01&to=2026-03-31T23:59:59.999Z';
const FEB_MARCH = 'from=2026-02-01&to=2026-04-01';

async function kpis(query: string): Promise<KpiResponse> {
  const res = await app.request(`/api/v1/kpis?${query}&compare=false`);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return ZKpiResponse.parse(body);
}

async function drill(kpi: string, query: string): Promise<DrillResponse> {
  const res = await app.request(`/api/v1/kpis/${kpi}/records?${query}`);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return ZDrillResponse.parse(body);
}

/** Every record of a subset (the data set is far below one page of 500). */
async function all(kpi: string, subset: string, query: string) {
  const r = await drill(kpi, `${query}&subset=${subset}&pageSize=500`);
  expect(r.items.length).toBe(r.total);
  return r;
}

const ids = (r: DrillResponse) => r.items.map((i) => i.id);

async function rejected(path: string) {
  const res = await app.request(path);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(400);
  return ZError.parse(body).error;
}

const DRILLABLE = KPI_IDS.filter((k) => (KPI_SUBSETS[k] ?? []).length > 0 && k !== 'follow_up_rate');

// ── definitions ─────────────────────────────────────────────────────────────────────────
describe('GET /api/v1/kpi-definitions', () => {
  it('lists every KPI with its subsets, the population first', async () => {
    const defs = z.array(ZKpiDefinition).parse(await (await app.request('/api/v1/kpi-definitions')).json());
    expect(defs.map((d) => d.id)).toEqual([...KPI_IDS]);
    for (const d of defs) expect(d.subsets, d.id).toEqual([...KPI_SUBSETS[d.id]]);
    const nps = defs.find((d) => d.id === 'nps');
    expect(nps).toMatchObject({
      unit: 'points',
      better: 'higher',
      subsets: ['responses', 'promoters', 'passives', 'detractors'],
    });
  });
});

// ── population = n ──────────────────────────────────────────────────────────────────────
describe("the population subset's total equals the KPI's n", () => {
  const FILTERS = [
    '',
    'department=svc',
    'team=chat',
    'team=lyon',
    'touchpoint=phone',
    'channel=web',
    'stage=purchase',
    'media=paid',
    'presence=digital',
    'segment=Premium',
    'region=Occitanie',
    'mode=relational',
    'department=svc&segment=Premium',
    'region=Occitanie&stage=service',
  ];
  const WINDOWS = { march: MARCH, 'march (raw)': MARCH_RAW, 'february–march': FEB_MARCH };

  it.each(
    FILTERS.flatMap((filter) =>
      Object.entries(WINDOWS).map(([label, window]) => ({
        filter: filter || '(no filter)',
        label,
        query: `${window}&${filter}`,
      })),
    ),
  )('$filter, $label', async ({ query }) => {
    const k = await kpis(query);
    for (const kpi of DRILLABLE) {
      const population = KPI_SUBSETS[kpi][0] as string;
      const r = await drill(kpi, `${query}&subset=${population}&pageSize=1`);
      expect(r.total, `${kpi}/${population}`).toBe(k.total[kpi]?.n);
      // the population is the default subset
      expect((await drill(kpi, `${query}&pageSize=1`)).subset).toBe(population);
    }
  });

  // regression test (found by the first review of this suite)
  it('follow_up_rate: the detractors subset total equals the KPI n', async () => {
    const k = await kpis(`${MARCH}&kpis=follow_up_rate`);
    const r = await all('follow_up_rate', 'detractors', MARCH);
    expect(ids(r)).toEqual(['f10', 'f2', 'f6']);
    expect(k.total.follow_up_rate?.n).toBe(3);
  });
});

// ── numerators ──────────────────────────────────────────────────────────────────────────
describe('numerator subsets count what the formula counts', () => {
  const FILTERS = [
    '',
    'department=svc',
    'touchpoint=phone',
    'stage=purchase',
    'segment=Premium',
    'region=Occitanie',
    'mode=relational',
  ];
  const total = async (kpi: KpiId, subset: string, query: string) =>
    (await drill(kpi, `${query}&subset=${subset}&pageSize=1`)).total;
  // one after the other: a user's expensive requests at once are limited (auth/guard.ts)
  const totals = async (kpi: KpiId, subsets: string[], query: string) => {
    const out: number[] = [];
    for (const subset of subsets) out.push(await total(kpi, subset, query));
    return out;
  };
  const pct = (a: number, b: number) => (b > 0 ? (100 * a) / b : null);
  const close = (actual: number | null | undefined, expected: number | null, label: string) => {
    if (expected === null) expect(actual, label).toBeNull();
    else expect(actual, label).toBeCloseTo(expected, 9);
  };

  it.each(FILTERS.map((f) => ({ filter: f || '(no filter)', query: `${MARCH}&${f}` })))(
    '$filter',
    async ({ query }) => {
      const k = (await kpis(query)).total;
      // NPS = 100 × (promoters − detractors) / responses; the three parts add up
      const [responses = 0, promoters = 0, passives = 0, detractors = 0] = await totals(
        'nps',
        ['responses', 'promoters', 'passives', 'detractors'],
        query,
      );
      expect(promoters + passives + detractors).toBe(responses);
      close(k.nps?.value, responses ? (100 * (promoters - detractors)) / responses : null, 'nps');

      const [answered = 0, satisfied = 0, neutral = 0, dissatisfied = 0] = await totals(
        'csat',
        ['responses', 'satisfied', 'neutral', 'dissatisfied'],
        query,
      );
      expect(satisfied + neutral + dissatisfied).toBe(answered);
      close(k.csat?.value, pct(satisfied, answered), 'csat');

      const [rated = 0, easy = 0, middling = 0, difficult = 0] = await totals(
        'ces',
        ['responses', 'easy', 'neutral', 'difficult'],
        query,
      );
      expect(easy + middling + difficult).toBe(rated);
      close(k.ces?.value, pct(easy, rated), 'ces');

      const [base = 0, retained = 0, churned = 0] = await totals(
        'retention',
        ['base', 'retained', 'churned'],
        query,
      );
      expect(retained + churned).toBe(base);
      close(k.retention?.value, pct(retained, base), 'retention');
      close(
        k.churn?.value,
        pct(await total('churn', 'churned', query), await total('churn', 'base', query)),
        'churn',
      );

      const ratio = async (kpi: KpiId, num: string, den: string) =>
        close(k[kpi]?.value, pct(await total(kpi, num, query), await total(kpi, den, query)), kpi);
      await ratio('abandonment', 'abandoned', 'eligible');
      await ratio('complaint_rate', 'complaints', 'interactions');
      await ratio('conversion', 'converted', 'eligible');
      await ratio('return_rate', 'returns', 'purchases');

      // sums and means over the items themselves
      const interactionValues = async (
        kpi: KpiId,
        subset: string,
        pick: (i: Record<string, unknown>) => unknown,
      ) =>
        (await all(kpi, subset, query)).items.map(
          (i) => pick(i as unknown as Record<string, unknown>) as number,
        );
      const revenue = await interactionValues('revenue', 'with_revenue', (i) => i.revenue);
      close(k.revenue?.value, revenue.length ? revenue.reduce((a, b) => a + b, 0) : null, 'revenue');
      const waits = await interactionValues('wait_time', 'waited', (i) => i.waitSeconds);
      close(
        k.wait_time?.value,
        waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null,
        'wait_time',
      );
      const delays = await interactionValues('resolution_delay', 'resolved', (i) => i.resolutionSeconds);
      close(
        k.resolution_delay?.value,
        delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : null,
        'resolution',
      );
      const open = await total('backlog', 'open', query);
      expect(k.backlog?.n).toBe(open);
    },
  );
});

// ── the items themselves ────────────────────────────────────────────────────────────────
describe('the items are exactly the records counted', () => {
  it.each([
    // [kpi, subset, query, ids newest first]
    ['nps', 'responses', MARCH, ['f10', 'f4', 'f3', 'f2', 'f1']],
    ['nps', 'promoters', MARCH, ['f4', 'f1']],
    ['nps', 'passives', MARCH, ['f3']],
    ['nps', 'detractors', MARCH, ['f10', 'f2']],
    ['csat', 'responses', MARCH, ['f7', 'f5', 'f6']],
    ['csat', 'satisfied', MARCH, ['f7', 'f5']],
    ['csat', 'neutral', MARCH, []],
    ['csat', 'dissatisfied', MARCH, ['f6']],
    ['ces', 'easy', MARCH, ['f8']],
    ['ces', 'difficult', MARCH, ['f9']],
    // customers, most recently acquired first; c2 (churned in Feb) and c6 (no acquisition) are out
    ['retention', 'base', MARCH, ['c5', 'c4', 'c3', 'c1']],
    ['retention', 'retained', MARCH, ['c5', 'c3', 'c1']],
    ['retention', 'churned', MARCH, ['c4']],
    ['churn', 'churned', MARCH, ['c4']],
    // a resolution counts where the request occurred: i11 (resolved in April) is in
    ['resolution_delay', 'resolved', MARCH, ['i11', 'i8', 'i2', 'i1']],
    ['resolution_delay', 'resolved', FEB_MARCH, ['i11', 'i8', 'i2', 'i1', 'p1']],
    ['backlog', 'open', MARCH, ['i11', 'i9', 'i3']],
    // the backlog is a point in time: the window's start does not matter
    ['backlog', 'open', FEB_MARCH, ['i11', 'i9', 'i3']],
    // at 16 March: i11 had not occurred yet
    ['backlog', 'open', 'from=2026-03-01&to=2026-03-16', ['i9', 'i3']],
    ['wait_time', 'waited', MARCH, ['i9', 'i8', 'i3', 'i2', 'i1']],
    ['abandonment', 'eligible', MARCH, ['i9', 'i8', 'i3', 'i2', 'i1']],
    ['abandonment', 'abandoned', MARCH, ['i9', 'i2']],
    [
      'complaint_rate',
      'interactions',
      MARCH,
      ['i11', 'i10', 'i9', 'i8', 'i7', 'i6', 'i5', 'i4', 'i3', 'i2', 'i1'],
    ],
    ['complaint_rate', 'complaints', MARCH, ['i8', 'i2']],
    ['conversion', 'eligible', MARCH, ['i10', 'i6', 'i5', 'i4']],
    ['conversion', 'converted', MARCH, ['i10', 'i6', 'i4']],
    ['return_rate', 'purchases', MARCH, ['i10', 'i6', 'i4']],
    ['return_rate', 'returns', MARCH, ['i7']],
    ['revenue', 'with_revenue', MARCH, ['i10', 'i6', 'i4']],
    // filters
    ['complaint_rate', 'interactions', `${MARCH}&department=svc`, ['i11', 'i9', 'i8', 'i3', 'i2', 'i1']],
    // i3 is at the phone touchpoint but was handled by the chat team
    ['complaint_rate', 'interactions', `${MARCH}&team=lyon`, ['i11', 'i9', 'i1']],
    ['complaint_rate', 'interactions', `${MARCH}&touchpoint=phone`, ['i11', 'i9', 'i3', 'i1']],
    ['nps', 'responses', `${MARCH}&team=chat`, ['f2']],
    ['nps', 'responses', `${MARCH}&segment=Premium`, ['f10', 'f1']],
    ['nps', 'responses', `${MARCH}&mode=relational`, ['f10', 'f3']],
    ['retention', 'base', `${MARCH}&region=Occitanie&stage=service`, ['c4', 'c3']],
    ['retention', 'base', `${MARCH}&media=paid`, ['c5']],
    ['retention', 'base', `${MARCH}&segment=Premium`, ['c1']],
    // survey mode does not apply to retention
    ['retention', 'base', `${MARCH}&mode=relational`, ['c5', 'c4', 'c3', 'c1']],
    ['backlog', 'open', `${MARCH}&team=lyon`, ['i11', 'i9']],
    ['backlog', 'open', `${MARCH}&region=Occitanie`, ['i9', 'i3']],
    ['revenue', 'with_revenue', `${MARCH}&media=paid`, ['i6']],
  ] as [string, string, string, string[]][])('%s/%s %s', async (kpi, subset, query, expected) => {
    expect(ids(await all(kpi, subset, query))).toEqual(expected);
  });

  it('interaction, feedback and customer items carry the record as stored', async () => {
    const i3 = (await all('backlog', 'open', MARCH)).items.find((i) => i.id === 'i3');
    expect(i3).toEqual({
      type: 'interaction',
      id: 'i3',
      customerId: 'c3',
      customerName: 'Zoé Martin',
      touchpointId: 'phone',
      touchpointName: 'Téléphone',
      teamId: 'chat',
      teamName: 'Support chat',
      occurredAt: '2026-03-04T08:00:00.000Z',
      kind: 'contact',
      waitSeconds: 120,
      resolvedAt: null,
      resolutionSeconds: null,
      abandoned: false,
      converted: null,
      revenue: null,
    });
    const i2 = (await all('resolution_delay', 'resolved', MARCH)).items.find((i) => i.id === 'i2');
    expect(i2).toMatchObject({
      resolvedAt: '2026-03-05T10:00:00.000Z',
      resolutionSeconds: 172_800,
      abandoned: true,
    });
    const f2 = (await all('nps', 'detractors', MARCH)).items.find((i) => i.id === 'f2');
    expect(f2).toEqual({
      type: 'feedback',
      id: 'f2',
      customerId: 'c3',
      customerName: 'Zoé Martin',
      touchpointId: 'phone',
      touchpointName: 'Téléphone',
      teamId: 'chat',
      teamName: 'Support chat',
      interactionId: 'i3',
      submittedAt: '2026-03-04T09:00:00.000Z',
      survey: 'nps',
      score: 3,
      comment: null,
      mode: 'transactional',
    });
    const c4 = (await all('retention', 'churned', MARCH)).items[0];
    expect(c4).toEqual({
      type: 'customer',
      id: 'c4',
      name: 'Paul Durand',
      email: 'paul@example.com',
      segment: 'Professionnel',
      region: 'Occitanie',
      acquiredAt: '2025-11-20T00:00:00.000Z',
      churnedAt: '2026-03-20T00:00:00.000Z',
    });
  });
});

// ── paging and sorting ──────────────────────────────────────────────────────────────────
describe('paging and sort', () => {
  it('pages through the records, the total on every page', async () => {
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const r = await drill('complaint_rate', `${MARCH}&subset=interactions&page=${page}&pageSize=4`);
      expect(r).toMatchObject({
        kpi: 'complaint_rate',
        subset: 'interactions',
        total: 11,
        page,
        pageSize: 4,
      });
      expect(r.window).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
      pages.push(ids(r));
    }
    expect(pages).toEqual([['i11', 'i10', 'i9', 'i8'], ['i7', 'i6', 'i5', 'i4'], ['i3', 'i2', 'i1'], []]);
  });

  it('defaults to page 1 of 50', async () => {
    const r = await drill('complaint_rate', MARCH);
    expect(r).toMatchObject({ page: 1, pageSize: 50, total: 11 });
  });

  it.each([
    // the largest wait first
    ['wait_time', 'waited', ['i9', 'i3', 'i8', 'i1', 'i2']],
    // the longest resolution first: 1209600, 172800, 3600, 1800 s
    ['resolution_delay', 'resolved', ['i11', 'i2', 'i1', 'i8']],
    ['revenue', 'with_revenue', ['i6', 'i4', 'i10']],
    // the oldest open request first (the longest open at `to`)
    ['backlog', 'open', ['i3', 'i9', 'i11']],
    // the lowest score first
    ['nps', 'responses', ['f2', 'f10', 'f3', 'f4', 'f1']],
    ['csat', 'responses', ['f6', 'f7', 'f5']],
  ])('sort=value: %s/%s', async (kpi, subset, expected) => {
    expect(ids(await drill(kpi, `${MARCH}&subset=${subset}&sort=value`))).toEqual(expected);
  });

  it('sort=value pages too', async () => {
    const pages = [];
    for (const page of [1, 2, 3])
      pages.push(ids(await drill('wait_time', `${MARCH}&sort=value&pageSize=2&page=${page}`)));
    expect(pages).toEqual([['i9', 'i3'], ['i8', 'i1'], ['i2']]);
  });
});

// ── invalid requests ────────────────────────────────────────────────────────────────────
describe('invalid drill-down requests', () => {
  it.each([
    ['/api/v1/kpis/nps/records?subset=happy', 'subset'],
    ['/api/v1/kpis/nps/records?subset=complaints', 'subset'],
    // a subset of another KPI
    ['/api/v1/kpis/time_to_close/records?subset=detractors', 'subset'],
    ['/api/v1/kpis/happiness/records', 'kpi'],
    ['/api/v1/kpis/nps/records?page=-1', 'page'],
    ['/api/v1/kpis/nps/records?page=0', 'page'],
    ['/api/v1/kpis/nps/records?page=two', 'page'],
    ['/api/v1/kpis/nps/records?pageSize=501', 'pageSize'],
    ['/api/v1/kpis/nps/records?sort=random', 'sort'],
    ['/api/v1/kpis/nps/records?from=2026-04-01&to=2026-03-01', 'to'],
    ['/api/v1/kpis/nps/records?stage=delight', 'stage'],
    [`/api/v1/kpis/nps/records?subset=${encodeURIComponent("responses' OR 1=1 --")}`, 'subset'],
  ])('%s → 400 naming %s', async (path, field) => {
    const error = await rejected(path);
    expect(error.code).toBe('invalid_request');
    const fields = (error.details ?? []).map((d) => d.field);
    expect(
      fields.some((f) => f === field || f.startsWith(`${field}.`)),
      fields.join(', '),
    ).toBe(true);
  });

  it('an unknown subset names the valid ones', async () => {
    const error = await rejected('/api/v1/kpis/nps/records?subset=happy');
    expect(error.details).toEqual([
      { field: 'subset', reason: 'must be one of responses, promoters, passives, detractors' },
    ]);
  });
});
