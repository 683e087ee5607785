/**
 * Goals: CRUD, validation, and the status board (kpis.md, "Goals") on the data set of
 * kpis.test.ts, whose March figures are computed by hand there and recalled below.
 */
import type { Database } from '@parcours/db';
import { type Goal, type GoalStatusResponse, ZError, ZGoal, ZGoalStatusResponse } from '@parcours/domain';
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

function send(method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
  });
}

async function create(input: Record<string, unknown>): Promise<Goal> {
  const res = await send('POST', '/api/v1/goals', input);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(201);
  return ZGoal.parse(body);
}

async function refused(method: string, path: string, body: unknown, status = 400) {
  const res = await send(method, path, body);
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(status);
  return ZError.parse(json).error;
}

async function goalCount() {
  const res = await send('GET', '/api/v1/goals');
  return z.array(ZGoal).parse(await res.json()).length;
}

// ── CRUD ────────────────────────────────────────────────────────────────────────────────
describe('create, list, get, update, delete', () => {
  it('creates a company goal with the default band', async () => {
    const g = await create({ kpi: 'nps', scope_type: 'company', period: '2026-03', target: 30 });
    expect(g).toMatchObject({
      kpi: 'nps',
      scope_type: 'company',
      scope_id: null,
      scope_name: 'Parcours', // the organisation's name
      period: '2026-03',
      target: 30,
      warning_band: null,
      effective_band: 5, // NPS: 5 points
      note: null,
    });
    expect(g.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(g.created_at)).not.toBeNaN();
  });

  it.each([
    // [kpi, scope, scope_id, target, effective band]
    ['csat', 'department', 'svc', 80, 2, 'Service client'], // percentages: 2 points
    ['wait_time', 'team', 'chat', 120, 12, 'Support chat'], // times: 10 % of the target
    ['backlog', 'touchpoint', 'phone', 10, 1, 'Téléphone'], // counts: 10 %
    ['revenue', 'company', null, 1000, 100, 'Parcours'], // currency follows times and counts
  ])('%s goal for %s %s: band and scope name', async (kpi, scope_type, scope_id, target, band, name) => {
    const g = await create({ kpi, scope_type, scope_id, period: '2026-Q1', target });
    expect(g).toMatchObject({ effective_band: band, scope_name: name, scope_id });
  });

  it('lists, filters, gets, updates and deletes', async () => {
    const a = await create({ kpi: 'nps', scope_type: 'company', period: '2026-03', target: 30 });
    const b = await create({
      kpi: 'csat',
      scope_type: 'team',
      scope_id: 'lyon',
      period: '2026-03',
      target: 85,
    });
    const c = await create({
      kpi: 'nps',
      scope_type: 'department',
      scope_id: 'mkt',
      period: '2026-04',
      target: 10,
    });

    const list = async (query = '') =>
      z
        .array(ZGoal)
        .parse(await (await send('GET', `/api/v1/goals${query}`)).json())
        .map((g) => g.id)
        .sort();
    expect(await list()).toEqual([a.id, b.id, c.id].sort());
    expect(await list('?period=2026-03')).toEqual([a.id, b.id].sort());
    expect(await list('?kpi=nps')).toEqual([a.id, c.id].sort());
    expect(await list('?scope_type=team')).toEqual([b.id]);
    expect(await list('?period=2026-03&kpi=nps&scope_type=company')).toEqual([a.id]);
    expect(await list('?period=2025')).toEqual([]);

    expect(ZGoal.parse(await (await send('GET', `/api/v1/goals/${b.id}`)).json())).toEqual(b);

    const res = await send('PATCH', `/api/v1/goals/${b.id}`, { target: 90, warning_band: 3, note: 'été' });
    expect(res.status).toBe(200);
    const updated = ZGoal.parse(await res.json());
    expect(updated).toMatchObject({
      ...b,
      target: 90,
      warning_band: 3,
      effective_band: 3,
      note: 'été',
      updated_at: expect.any(String),
    });
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(b.updated_at));
    // a null band goes back to the default
    const reset = ZGoal.parse(
      await (await send('PATCH', `/api/v1/goals/${b.id}`, { warning_band: null })).json(),
    );
    expect(reset).toMatchObject({ warning_band: null, effective_band: 2, target: 90 });

    const del = await send('DELETE', `/api/v1/goals/${b.id}`);
    expect(del.status).toBe(204);
    expect(await list()).toEqual([a.id, c.id].sort());
    expect((await refused('GET', `/api/v1/goals/${b.id}`, undefined, 404)).code).toBe('not_found');
    expect((await refused('DELETE', `/api/v1/goals/${b.id}`, undefined, 404)).code).toBe('not_found');
    expect((await refused('PATCH', `/api/v1/goals/${b.id}`, { target: 1 }, 404)).code).toBe('not_found');
  });

  it('the company scope name follows the organisation name', async () => {
    const g = await create({ kpi: 'nps', scope_type: 'company', period: '2026-03', target: 30 });
    const put = await send('PUT', '/api/v1/settings', { name: 'Acme' });
    expect(put.status).toBe(200);
    expect(ZGoal.parse(await (await send('GET', `/api/v1/goals/${g.id}`)).json()).scope_name).toBe('Acme');
  });
});

// ── validation ──────────────────────────────────────────────────────────────────────────
describe('validation', () => {
  const base = { kpi: 'csat', scope_type: 'company', period: '2026-03', target: 80 };

  it.each([
    [{ ...base, scope_type: 'team' }, 'scope_id', 'is required for a team goal'],
    [{ ...base, scope_type: 'department', scope_id: null }, 'scope_id', 'is required for a department goal'],
    [{ ...base, scope_type: 'touchpoint' }, 'scope_id', 'is required for a touchpoint goal'],
    [{ ...base, scope_id: 'svc' }, 'scope_id', 'must be empty for a company goal'],
    [{ ...base, scope_type: 'team', scope_id: 'ghost' }, 'scope_id', "unknown team 'ghost'"],
    [{ ...base, scope_type: 'department', scope_id: 'lyon' }, 'scope_id', "unknown department 'lyon'"],
    [{ ...base, scope_type: 'touchpoint', scope_id: 'svc' }, 'scope_id', "unknown touchpoint 'svc'"],
    [{ ...base, target: 120 }, 'target', 'must be between 0 and 100 (a percentage)'],
    [{ ...base, target: -1 }, 'target', 'must be between 0 and 100 (a percentage)'],
    [{ ...base, kpi: 'churn', target: 100.5 }, 'target', 'must be between 0 and 100 (a percentage)'],
    [{ ...base, kpi: 'nps', target: 150 }, 'target', 'must be between -100 and 100 (NPS points)'],
    [{ ...base, kpi: 'wait_time', target: -5 }, 'target', 'must be ≥ 0'],
    [{ ...base, kpi: 'backlog', target: -1 }, 'target', 'must be ≥ 0'],
    [
      { ...base, period: '2026-13' },
      'period',
      'must be a month (2026-03), a quarter (2026-Q1) or a year (2026)',
    ],
    [{ ...base, period: '2026-Q5' }, 'period', undefined],
    [{ ...base, period: 'March 2026' }, 'period', undefined],
    [{ ...base, period: '26-03' }, 'period', undefined],
    [{ ...base, kpi: 'happiness' }, 'kpi', undefined],
    [{ ...base, scope_type: 'planet' }, 'scope_type', undefined],
    [{ ...base, target: 'eighty' }, 'target', undefined],
    [{ ...base, warning_band: -1 }, 'warning_band', 'must be ≥ 0'],
    [{ kpi: 'csat', scope_type: 'company', period: '2026-03' }, 'target', 'is required'],
  ])('%j → 400 naming %s', async (input, field, reason) => {
    const error = await refused('POST', '/api/v1/goals', input);
    expect(error.code).toBe('invalid_request');
    const detail = error.details?.find((d) => d.field === field);
    expect(detail, JSON.stringify(error.details)).toBeDefined();
    if (reason) expect(detail?.reason).toBe(reason);
    expect(await goalCount()).toBe(0);
  });

  it('an unknown field is refused', async () => {
    const error = await refused('POST', '/api/v1/goals', { ...base, colour: 'red' });
    expect(error.code).toBe('invalid_request');
    expect(await goalCount()).toBe(0);
  });

  it('several problems are reported together', async () => {
    const error = await refused('POST', '/api/v1/goals', {
      kpi: 'csat',
      scope_type: 'team',
      scope_id: 'ghost',
      period: '2026-03',
      target: 120,
    });
    expect(error.details?.map((d) => d.field).sort()).toEqual(['scope_id', 'target']);
  });

  it('an update is validated against the goal it produces, and a refused one changes nothing', async () => {
    const g = await create({
      kpi: 'csat',
      scope_type: 'team',
      scope_id: 'lyon',
      period: '2026-03',
      target: 80,
    });
    expect((await refused('PATCH', `/api/v1/goals/${g.id}`, { target: 101 })).details?.[0]?.field).toBe(
      'target',
    );
    expect((await refused('PATCH', `/api/v1/goals/${g.id}`, { scope_id: 'ghost' })).details?.[0]?.field).toBe(
      'scope_id',
    );
    // moving to the company scope without clearing scope_id
    expect(
      (await refused('PATCH', `/api/v1/goals/${g.id}`, { scope_type: 'company' })).details?.[0]?.field,
    ).toBe('scope_id');
    expect((await refused('PATCH', `/api/v1/goals/${g.id}`, { period: '2026-00' })).details?.[0]?.field).toBe(
      'period',
    );
    expect(ZGoal.parse(await (await send('GET', `/api/v1/goals/${g.id}`)).json())).toEqual(g);
    // and a valid move to the company scope
    const moved = ZGoal.parse(
      await (await send('PATCH', `/api/v1/goals/${g.id}`, { scope_type: 'company', scope_id: null })).json(),
    );
    expect(moved).toMatchObject({ scope_type: 'company', scope_id: null, scope_name: 'Parcours' });
  });

  it('a body that is not JSON is a 400', async () => {
    const error = await refused('POST', '/api/v1/goals', '{"kpi": ');
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(await goalCount()).toBe(0);
  });
});

// ── status ──────────────────────────────────────────────────────────────────────────────
describe('GET /api/v1/goals/status', () => {
  async function status(query: string): Promise<GoalStatusResponse> {
    const res = await send('GET', `/api/v1/goals/status?${query}`);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    return ZGoalStatusResponse.parse(body);
  }

  /** one line per goal: "scope:kpi → status actual attainment" */
  function lines(r: GoalStatusResponse) {
    return r.departments.map((d) => ({
      department: d.department?.id ?? null,
      summary: d.summary,
      goals: d.goals
        .map((g) => ({
          key: `${g.goal.scope_id ?? 'company'}:${g.goal.kpi}`,
          status: g.status,
          actual: g.actual === null ? null : Number(g.actual.toFixed(4)),
          attainment: g.attainment === null ? null : Number(g.attainment.toFixed(4)),
          n: g.n,
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    }));
  }

  const MARCH_GOALS = [
    // company (March figures from kpis.test.ts)
    { kpi: 'nps', scope_type: 'company', target: 0 }, // actual 0 = target → met; attainment 0/0 → null
    { kpi: 'csat', scope_type: 'company', target: 68 }, // 66.67: misses by 1.33 ≤ 2 → at risk
    { kpi: 'complaint_rate', scope_type: 'company', target: 15 }, // 18.18 (lower is better): 3.18 > 2 → off track
    { kpi: 'conversion', scope_type: 'company', target: 80, warning_band: 5 }, // 75: misses by exactly the band → at risk
    { kpi: 'backlog', scope_type: 'company', target: 3 }, // 3 open on 1 April → met
    // Service client
    { kpi: 'complaint_rate', scope_type: 'department', scope_id: 'svc', target: 40 }, // 33.33 → met
    { kpi: 'wait_time', scope_type: 'team', scope_id: 'chat', target: 60 }, // 80 s, band 6 → off track
    { kpi: 'wait_time', scope_type: 'team', scope_id: 'lyon', target: 170 }, // 180 s, band 17 → at risk
    // Marketing
    { kpi: 'revenue', scope_type: 'department', scope_id: 'mkt', target: 400 }, // 390.5, band 40 → at risk
    { kpi: 'nps', scope_type: 'touchpoint', scope_id: 'reviews', target: 20 }, // f10 (6) → −100 → off track
    { kpi: 'nps', scope_type: 'touchpoint', scope_id: 'store', target: 50 }, // f4 (9) → 100 → met
    { kpi: 'ces', scope_type: 'touchpoint', scope_id: 'site', target: 50 }, // no CES answer at the site → no data
    // web: S ∩ customers with a web interaction in March = c3, c4, c5; c4 churns → 66.67 → off track
    { kpi: 'retention', scope_type: 'team', scope_id: 'web', target: 90 },
  ];

  async function createMarchGoals() {
    for (const g of MARCH_GOALS) await create({ ...g, period: '2026-03' });
    // goals of other periods stay out of the March board
    await create({ kpi: 'nps', scope_type: 'company', period: '2026-04', target: 10 });
    await create({ kpi: 'csat', scope_type: 'team', scope_id: 'chat', period: '2026', target: 10 });
  }

  it('met / at risk / off track / no data, per kpis.md, grouped by department', async () => {
    await createMarchGoals();
    const r = await status('period=2026-03&asOf=2026-03-31T12:00:00Z');
    expect(r.period).toBe('2026-03');
    expect(r.window).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(r.departments.map((d) => d.department)).toEqual([
      null,
      { id: 'mkt', name: 'Marketing' },
      { id: 'svc', name: 'Service client' },
    ]);
    expect(lines(r)).toEqual([
      {
        department: null,
        summary: { met: 2, at_risk: 2, off_track: 1, no_data: 0 },
        goals: [
          { key: 'company:backlog', status: 'met', actual: 3, attainment: 1, n: 3 },
          // lower is better: target / actual = 15 / 18.18
          { key: 'company:complaint_rate', status: 'off_track', actual: 18.1818, attainment: 0.825, n: 11 },
          { key: 'company:conversion', status: 'at_risk', actual: 75, attainment: 0.9375, n: 4 },
          { key: 'company:csat', status: 'at_risk', actual: 66.6667, attainment: 0.9804, n: 3 },
          { key: 'company:nps', status: 'met', actual: 0, attainment: null, n: 5 },
        ],
      },
      {
        department: 'mkt',
        summary: { met: 1, at_risk: 1, off_track: 2, no_data: 1 },
        goals: [
          // 390.5 / 400 = 0.97625 (a binary double just below, so 4 decimals give 0.9762)
          { key: 'mkt:revenue', status: 'at_risk', actual: 390.5, attainment: 0.9762, n: 3 },
          { key: 'reviews:nps', status: 'off_track', actual: -100, attainment: -5, n: 1 },
          { key: 'site:ces', status: 'no_data', actual: null, attainment: null, n: 0 },
          { key: 'store:nps', status: 'met', actual: 100, attainment: 2, n: 1 },
          { key: 'web:retention', status: 'off_track', actual: 66.6667, attainment: 0.7407, n: 3 },
        ],
      },
      {
        department: 'svc',
        summary: { met: 1, at_risk: 1, off_track: 1, no_data: 0 },
        goals: [
          { key: 'chat:wait_time', status: 'off_track', actual: 80, attainment: 0.75, n: 3 },
          { key: 'lyon:wait_time', status: 'at_risk', actual: 180, attainment: 0.9444, n: 2 },
          { key: 'svc:complaint_rate', status: 'met', actual: 33.3333, attainment: 1.2, n: 6 },
        ],
      },
    ]);
  });

  it('the status is for the period so far: up to the end of the day of asOf', async () => {
    await create({ kpi: 'complaint_rate', scope_type: 'company', period: '2026-03', target: 20 });
    const r = await status('period=2026-03&asOf=2026-03-05T12:00:00Z');
    expect(r.window).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-06T00:00:00.000Z' });
    // 1 to 5 March: i1 i2 i3 i4, one complaint → 25 % > 20 + 2 → off track
    expect(lines(r)[0]?.goals).toEqual([
      { key: 'company:complaint_rate', status: 'off_track', actual: 25, attainment: 0.8, n: 4 },
    ]);
    // after the period, "so far" is the whole period
    const after = await status('period=2026-03&asOf=2026-06-01T00:00:00Z');
    expect(after.window.to).toBe('2026-04-01T00:00:00.000Z');
    expect(lines(after)[0]?.goals[0]).toMatchObject({ status: 'met', actual: 18.1818 });
  });

  it('a period that has not started has no data', async () => {
    await create({ kpi: 'complaint_rate', scope_type: 'company', period: '2026-03', target: 20 });
    await create({ kpi: 'wait_time', scope_type: 'team', scope_id: 'lyon', period: '2026-03', target: 20 });
    const r = await status('period=2026-03&asOf=2026-02-15T12:00:00Z');
    expect(r.window).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
    for (const d of r.departments)
      for (const g of d.goals)
        expect(g).toMatchObject({ status: 'no_data', actual: null, n: 0, attainment: null });
  });

  it('the period defaults to the quarter of asOf', async () => {
    // Q1: pf1 (2) and the five March NPS answers → 2 promoters, 3 detractors of 6 → −16.67
    await create({ kpi: 'nps', scope_type: 'company', period: '2026-Q1', target: -10 });
    const r = await status('asOf=2026-03-31T12:00:00Z');
    expect(r.period).toBe('2026-Q1');
    expect(r.window).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    // misses by 6.67 > 5 points; no attainment against a target below zero (docs/kpi-decisions.md)
    expect(lines(r)[0]?.goals).toEqual([
      { key: 'company:nps', status: 'off_track', actual: -16.6667, attainment: null, n: 6 },
    ]);
  });

  it('no goal in the period: no block', async () => {
    expect((await status('period=2027&asOf=2026-03-31T12:00:00Z')).departments).toEqual([]);
  });

  it.each([
    ['period=2026-13', 'period'],
    ['period=Q1', 'period'],
    ['asOf=yesterday', 'asOf'],
    ['asOf=2026-02-30', 'asOf'],
  ])('%s → 400 naming %s', async (query, field) => {
    const error = await refused('GET', `/api/v1/goals/status?${query}`, undefined);
    expect(error.details?.map((d) => d.field)).toContain(field);
  });
});
