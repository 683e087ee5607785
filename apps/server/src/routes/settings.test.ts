/**
 * GET/PUT /api/v1/settings and GET /api/v1/reference. A new time zone moves every day
 * boundary: the rollups are rebuilt in the new zone within the same transaction.
 */
import { type Database, rollupsAreClean, verifyRollups } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { ZError, ZKpiResponse, ZReference, ZSettings } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

function put(body: unknown) {
  return app.request('/api/v1/settings', {
    method: 'PUT',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

async function settings() {
  const res = await app.request('/api/v1/settings');
  expect(res.status).toBe(200);
  return ZSettings.parse(await res.json());
}

async function post(kind: string, records: unknown[]) {
  const res = await app.request(`/api/v1/ingest/${kind}`, {
    method: 'POST',
    body: JSON.stringify({ records }),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** n of complaint_rate and nps per day, 14–15 March */
async function byDay() {
  const res = await app.request(
    '/api/v1/kpis?from=2026-03-14&to=2026-03-16&groupBy=day&kpis=complaint_rate,nps',
  );
  const k = ZKpiResponse.parse(await res.json());
  return Object.fromEntries(k.groups.map((g) => [g.key, [g.kpis.complaint_rate?.n, g.kpis.nps?.n]]));
}

async function rollupRows() {
  return database.db.selectFrom('rollup_i_day').select(['day', 'n']).orderBy('day').execute();
}

describe('GET /api/v1/settings', () => {
  it('returns the defaults of a new database', async () => {
    expect(await settings()).toEqual({ name: 'Parcours', time_zone: 'UTC', currency: 'EUR' });
  });
});

describe('PUT /api/v1/settings', () => {
  it('changes what it is given and keeps the rest', async () => {
    const res = await put({ name: '  Acme Services  ', currency: 'CHF' });
    expect(res.status).toBe(200);
    expect(ZSettings.parse(await res.json())).toEqual({
      name: 'Acme Services',
      time_zone: 'UTC',
      currency: 'CHF',
    });
    expect(await settings()).toEqual({ name: 'Acme Services', time_zone: 'UTC', currency: 'CHF' });
  });

  it.each([
    [{ time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
    [{ time_zone: 'CET+1' }, 'time_zone'],
    [{ time_zone: '' }, 'time_zone'],
    [{ time_zone: 'x'.repeat(65) }, 'time_zone'],
    [{ time_zone: 42 }, 'time_zone'],
    [{ currency: 'eur' }, 'currency'],
    [{ currency: 'EURO' }, 'currency'],
    [{ name: '   ' }, 'name'],
    [{ colour: 'red' }, ''],
  ])('%j → 400 naming %s, nothing changed', async (body, field) => {
    const before = await settings();
    const rollups = await rollupRows();
    const res = await put(body);
    const json = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(400);
    const error = ZError.parse(json).error;
    expect(error.code).toBe('invalid_request');
    if (field) expect(error.details?.map((d) => d.field)).toContain(field);
    expect(await settings()).toEqual(before);
    expect(await rollupRows()).toEqual(rollups);
  });

  it('an unknown time zone names what is expected', async () => {
    const error = ZError.parse(await (await put({ time_zone: 'Europe/Lutece' })).json()).error;
    expect(error.details).toEqual([
      { field: 'time_zone', reason: "'Europe/Lutece' is not an IANA time zone (e.g. Europe/Paris)" },
    ]);
  });

  it('a body that is not JSON is a 400', async () => {
    const res = await put('{"name": ');
    expect(res.status).toBe(400);
    ZError.parse(await res.json());
    expect(await settings()).toEqual({ name: 'Parcours', time_zone: 'UTC', currency: 'EUR' });
  });
});

describe('changing the time zone re-buckets the rollups', () => {
  beforeEach(async () => {
    await post('interactions', [
      // 23:30 on 14 March in UTC, 00:30 on 15 March in Paris
      {
        id: 'late',
        customer_id: 'c1',
        touchpoint_id: 'phone',
        occurred_at: '2026-03-14T23:30:00Z',
        kind: 'complaint',
      },
      // 12:00 on 14 March in both
      {
        id: 'noon',
        customer_id: 'c2',
        touchpoint_id: 'site',
        occurred_at: '2026-03-14T12:00:00Z',
        kind: 'visit',
      },
    ]);
    await post('feedback', [
      {
        id: 'f-late',
        customer_id: 'c1',
        touchpoint_id: 'phone',
        submitted_at: '2026-03-14T23:45:00Z',
        survey: 'nps',
        score: 9,
      },
    ]);
  });

  it('the same interaction moves from 14 to 15 March, and back', async () => {
    expect(await byDay()).toEqual({ '2026-03-14': [2, 1], '2026-03-15': [0, 0] });

    const res = await put({ time_zone: 'Europe/Paris' });
    expect(res.status).toBe(200);
    expect(ZSettings.parse(await res.json()).time_zone).toBe('Europe/Paris');
    // the windows are Paris days now, and so are the rollups they read
    expect(await byDay()).toEqual({ '2026-03-14': [1, 0], '2026-03-15': [1, 1] });
    expect(await rollupRows()).toEqual([
      { day: '2026-03-14', n: 1 },
      { day: '2026-03-15', n: 1 },
    ]);
    expect(rollupsAreClean(await verifyRollups(database.db, 'Europe/Paris'))).toBe(true);
    // proof that something was rebuilt: the old buckets no longer match
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(false);

    await put({ time_zone: 'UTC' });
    expect(await byDay()).toEqual({ '2026-03-14': [2, 1], '2026-03-15': [0, 0] });
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it('records written after the change are bucketed in the new zone', async () => {
    await put({ time_zone: 'Europe/Paris' });
    await post('interactions', [
      {
        id: 'next',
        customer_id: 'c3',
        touchpoint_id: 'phone',
        occurred_at: '2026-03-14T23:10:00Z',
        kind: 'visit',
      },
    ]);
    expect(await byDay()).toEqual({ '2026-03-14': [1, 0], '2026-03-15': [2, 1] });
    expect(rollupsAreClean(await verifyRollups(database.db, 'Europe/Paris'))).toBe(true);
  });

  it('changing something else leaves the rollups alone', async () => {
    const before = await rollupRows();
    await put({ name: 'Acme', time_zone: 'UTC' });
    expect(await rollupRows()).toEqual(before);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });
});

describe('GET /api/v1/reference', () => {
  it('lists the organisation, and the segments, regions and channels in use', async () => {
    const ref = ZReference.parse(await (await app.request('/api/v1/reference')).json());
    expect(ref.departments.map((d) => d.id).sort()).toEqual(['mkt', 'svc']);
    expect(ref.teams.map((t) => t.id).sort()).toEqual(['chat', 'lyon', 'web']);
    expect(ref.touchpoints.map((t) => t.id).sort()).toEqual(['livechat', 'phone', 'reviews', 'site']);
    expect(ref.segments).toEqual(['Particulier', 'Premium', 'Professionnel']);
    expect(ref.regions).toEqual(['Bretagne', 'Grand Est', 'Occitanie']);
    expect(ref.channels).toEqual(['chat', 'phone', 'review', 'web']);
  });
});
