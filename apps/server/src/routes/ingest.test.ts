/**
 * POST /api/v1/ingest/{kind}: one batch, one transaction, upsert by id (architecture.md,
 * principle 2). Every success body is parsed with ZIngestResult, every error with ZError.
 */
import { type Database, rollupsAreClean, verifyRollups } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import {
  RECORD_KINDS,
  ZDrillResponse,
  ZError,
  ZIngestResult,
  ZKpiResponse,
  ZReference,
} from '@parcours/domain';
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

// ── helpers ─────────────────────────────────────────────────────────────────────────────
const JSON_HEADERS = { 'content-type': 'application/json' };

function post(target: App, kind: string, body: unknown) {
  return target.request(`/api/v1/ingest/${kind}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: JSON_HEADERS,
  });
}

async function ingestOk(kind: string, records: unknown[], target: App = app) {
  const res = await post(target, kind, { records });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return ZIngestResult.parse(body);
}

async function ingestRejected(kind: string, body: unknown, status = 400, target: App = app) {
  const res = await post(target, kind, body);
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(status);
  return ZError.parse(json).error;
}

const MARCH = 'from=2026-03-01&to=2026-04-01';

async function kpis(query: string) {
  const res = await app.request(`/api/v1/kpis?${query}`);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return ZKpiResponse.parse(body);
}

type Table = 'departments' | 'teams' | 'touchpoints' | 'customers' | 'interactions' | 'feedback';
const TABLES: Table[] = ['departments', 'teams', 'touchpoints', 'customers', 'interactions', 'feedback'];

/** Row counts of every raw table and of every rollup table: the whole written state. */
async function snapshot() {
  const out: Record<string, number> = {};
  for (const t of [
    ...TABLES,
    'rollup_i_day',
    'rollup_i_day_seg_reg',
    'rollup_i_day_tp_team',
    'rollup_f_day',
    'rollup_f_day_seg_reg',
    'rollup_f_day_tp_team',
  ]) {
    // biome-ignore lint/suspicious/noExplicitAny: rollup tables are addressed by name
    const row = await (database.db as any)
      .selectFrom(t)
      .select((eb: { fn: { countAll: () => { as: (n: string) => unknown } } }) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    out[t] = Number(row?.n ?? 0);
  }
  return out;
}

const interaction = (
  id: string,
  customer_id: string,
  touchpoint_id: string,
  occurred_at: string,
  kind: string,
  extra: Record<string, unknown> = {},
) => ({ id, customer_id, touchpoint_id, occurred_at, kind, ...extra });

/** Three March interactions: two resolved requests and a purchase. */
const BASE_INTERACTIONS = [
  // resolved after 1 h = 3600 s
  interaction('i1', 'c1', 'phone', '2026-03-02T09:00:00Z', 'contact', {
    wait_seconds: 60,
    resolved_at: '2026-03-02T10:00:00Z',
  }),
  // resolved after 2 days = 172800 s; handled by the chat team
  interaction('i2', 'c3', 'livechat', '2026-03-03T10:00:00Z', 'complaint', {
    resolved_at: '2026-03-05T10:00:00Z',
  }),
  interaction('i3', 'c4', 'site', '2026-03-05T12:00:00Z', 'purchase', { converted: true, revenue: 100 }),
];

// ── happy path for every kind ───────────────────────────────────────────────────────────
describe('happy path', () => {
  it('ingests departments, teams and touchpoints and shows them in the reference data', async () => {
    expect(await ingestOk('departments', [{ id: 'ops', name: 'Opérations' }])).toEqual({
      kind: 'departments',
      received: 1,
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await ingestOk('teams', [{ id: 'field', name: 'Terrain', department_id: 'ops' }])).toMatchObject({
      kind: 'teams',
      inserted: 1,
    });
    const tp = await ingestOk('touchpoints', [
      {
        id: 'store',
        name: 'Boutique Rennes',
        channel: 'Store',
        stage: 'purchase',
        media: 'paid',
        presence: 'physical',
        team_id: 'field',
      },
    ]);
    expect(tp).toMatchObject({ kind: 'touchpoints', received: 1, inserted: 1 });

    const ref = ZReference.parse(await (await app.request('/api/v1/reference')).json());
    expect(ref.departments).toContainEqual({ id: 'ops', name: 'Opérations' });
    expect(ref.teams).toContainEqual({ id: 'field', name: 'Terrain', department_id: 'ops' });
    // the channel slug is lower-cased; the lifecycle status defaults to active
    expect(ref.touchpoints).toContainEqual({
      id: 'store',
      name: 'Boutique Rennes',
      channel: 'store',
      stage: 'purchase',
      media: 'paid',
      presence: 'physical',
      team_id: 'field',
      status: 'active',
    });
    expect(ref.channels).toContain('store');
  });

  it('ingests customers, found afterwards by search', async () => {
    const r = await ingestOk('customers', [
      { id: 'c7', name: 'Élodie Petit', email: 'elodie@example.fr', segment: 'Premium', region: 'Normandie' },
      { id: 'c8', name: 'Yann Le Gall', acquired_at: '2026-01-15' },
    ]);
    expect(r).toEqual({ kind: 'customers', received: 2, inserted: 2, updated: 0, unchanged: 0 });
    const res = await app.request('/api/v1/customers?q=elodie');
    const list = (await res.json()) as { total: number; items: { id: string }[] };
    expect(list.total).toBe(1);
    expect(list.items[0]?.id).toBe('c7');
  });

  it('ingests interactions, which the KPIs then count', async () => {
    const r = await ingestOk('interactions', BASE_INTERACTIONS);
    expect(r).toEqual({ kind: 'interactions', received: 3, inserted: 3, updated: 0, unchanged: 0 });
    const k = await kpis(`${MARCH}&kpis=complaint_rate,resolution_delay,revenue,conversion&compare=false`);
    // 1 complaint of 3 interactions
    expect(k.total.complaint_rate?.n).toBe(3);
    expect(k.total.complaint_rate?.value).toBeCloseTo(100 / 3, 9);
    // (3600 + 172800) / 2 = 88200 s
    expect(k.total.resolution_delay?.n).toBe(2);
    expect(k.total.resolution_delay?.value).toBe(88_200);
    expect(k.total.revenue?.value).toBe(100);
    expect(k.total.conversion?.value).toBe(100);
  });

  it('ingests feedback; the team defaults to the interaction’s team, else the touchpoint owner', async () => {
    await ingestOk('interactions', [
      // handled by the chat team although the touchpoint (phone) belongs to lyon
      interaction('ix', 'c1', 'phone', '2026-03-02T09:00:00Z', 'contact', { team_id: 'chat' }),
    ]);
    const r = await ingestOk('feedback', [
      {
        id: 'f1',
        customer_id: 'c1',
        touchpoint_id: 'phone',
        interaction_id: 'ix',
        submitted_at: '2026-03-02T12:00:00Z',
        survey: 'nps',
        score: 9,
      },
      {
        id: 'f2',
        customer_id: 'c3',
        touchpoint_id: 'phone',
        submitted_at: '2026-03-03T12:00:00Z',
        survey: 'nps',
        score: 3,
        mode: 'relational',
        comment: 'Trop d’attente',
      },
    ]);
    expect(r).toEqual({ kind: 'feedback', received: 2, inserted: 2, updated: 0, unchanged: 0 });

    // NPS = 100 × (1 promoter − 1 detractor) / 2 = 0
    const k = await kpis(`${MARCH}&kpis=nps&compare=false`);
    expect(k.total.nps).toMatchObject({ value: 0, n: 2 });

    const drill = ZDrillResponse.parse(await (await app.request(`/api/v1/kpis/nps/records?${MARCH}`)).json());
    const teams = Object.fromEntries(
      drill.items.map((i) => [i.id, i.type === 'feedback' ? [i.teamId, i.mode, i.comment] : null]),
    );
    expect(teams).toEqual({
      f1: ['chat', 'transactional', null],
      f2: ['lyon', 'relational', 'Trop d’attente'],
    });
  });
});

// ── counts and idempotence ──────────────────────────────────────────────────────────────
describe('inserted / updated / unchanged', () => {
  it('classifies a mixed batch against the stored rows', async () => {
    // c1 unchanged (same fields as the seed), c2 changed (new e-mail), c7 and c8 new
    const r = await ingestOk('customers', [
      {
        id: 'c1',
        name: 'Hélène Dupont',
        email: 'helene@example.fr',
        segment: 'Premium',
        region: 'Bretagne',
        acquired_at: '2024-01-10',
      },
      {
        id: 'c2',
        name: 'Marc Leroy',
        email: 'marc.leroy@example.fr',
        segment: 'Particulier',
        region: 'Bretagne',
        acquired_at: '2024-05-01',
        churned_at: '2026-02-10T10:00:00Z',
      },
      { id: 'c7', name: 'Élodie Petit' },
      { id: 'c8', name: 'Yann Le Gall' },
    ]);
    expect(r).toEqual({ kind: 'customers', received: 4, inserted: 2, updated: 1, unchanged: 1 });
  });

  it('keeps the last record when an id repeats inside one batch', async () => {
    const r = await ingestOk('departments', [
      { id: 'ops', name: 'First name' },
      { id: 'ops', name: 'Opérations' },
    ]);
    expect(r).toMatchObject({ received: 2, inserted: 1, updated: 0, unchanged: 0 });
    const ref = ZReference.parse(await (await app.request('/api/v1/reference')).json());
    expect(ref.departments.find((d) => d.id === 'ops')?.name).toBe('Opérations');
  });

  it('re-sending the same batch changes nothing and leaves the KPIs where they were', async () => {
    const feedback = [
      {
        id: 'f1',
        customer_id: 'c1',
        touchpoint_id: 'phone',
        interaction_id: 'i1',
        submitted_at: '2026-03-02T12:00:00Z',
        survey: 'csat',
        score: 4,
      },
    ];
    await ingestOk('interactions', BASE_INTERACTIONS);
    await ingestOk('feedback', feedback);
    const before = await kpis(`${MARCH}&groupBy=team`);
    const rows = await snapshot();

    expect(await ingestOk('interactions', BASE_INTERACTIONS)).toEqual({
      kind: 'interactions',
      received: 3,
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(await ingestOk('feedback', feedback)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });

    expect(await kpis(`${MARCH}&groupBy=team`)).toEqual(before);
    expect(await snapshot()).toEqual(rows);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it('a changed interaction (later resolved_at) is updated and moves the resolution delay', async () => {
    await ingestOk('interactions', BASE_INTERACTIONS);
    const before = await kpis(`${MARCH}&kpis=resolution_delay,backlog&compare=false`);
    // (3600 + 172800) / 2
    expect(before.total.resolution_delay).toMatchObject({ n: 2, value: 88_200 });

    const [first, ...rest] = BASE_INTERACTIONS;
    const later = { ...first, resolved_at: '2026-03-02T12:00:00Z' }; // now 3 h = 10800 s
    expect(await ingestOk('interactions', [later, ...rest])).toEqual({
      kind: 'interactions',
      received: 3,
      inserted: 0,
      updated: 1,
      unchanged: 2,
    });
    const after = await kpis(`${MARCH}&kpis=resolution_delay,backlog&compare=false`);
    // (10800 + 172800) / 2 = 91800 s; the old contribution is gone, not added twice
    expect(after.total.resolution_delay).toMatchObject({ n: 2, value: 91_800 });
    // the same request is still resolved: the backlog does not move
    expect(after.total.backlog).toEqual(before.total.backlog);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it('a customer who changes segment takes their records along in segment filters', async () => {
    // c5 has no segment; its interaction counts under no segment filter value
    await ingestOk('interactions', [interaction('i5', 'c5', 'site', '2026-03-07T15:00:00Z', 'visit')]);
    expect((await kpis(`${MARCH}&segment=Premium&kpis=complaint_rate`)).total.complaint_rate?.n).toBe(0);
    await ingestOk('customers', [
      { id: 'c5', name: 'Inès Moreau', segment: 'Premium', acquired_at: '2026-02-01' },
    ]);
    expect((await kpis(`${MARCH}&segment=Premium&kpis=complaint_rate`)).total.complaint_rate?.n).toBe(1);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it('accepts a batch of 10,000 interactions in one call', async () => {
    const kinds = ['visit', 'contact', 'complaint', 'purchase'];
    const tps = ['phone', 'livechat', 'site', 'reviews'];
    const records = Array.from({ length: 10_000 }, (_, i) =>
      interaction(
        `bulk-${i}`,
        `c${(i % 6) + 1}`,
        tps[i % 4] as string,
        new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString(), // one a minute from 1 March
        kinds[i % 4] as string,
        { wait_seconds: i % 100 },
      ),
    );
    expect(await ingestOk('interactions', records)).toEqual({
      kind: 'interactions',
      received: 10_000,
      inserted: 10_000,
      updated: 0,
      unchanged: 0,
    });
    const k = await kpis(`${MARCH}&kpis=complaint_rate,wait_time&compare=false`);
    // every 4th is a complaint: 2500 / 10000 = 25 %
    expect(k.total.complaint_rate).toMatchObject({ n: 10_000, value: 25 });
    // wait 0..99 repeated 100 times: mean 49.5 s
    expect(k.total.wait_time?.value).toBeCloseTo(49.5, 9);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });
});

// ── a rejected batch ────────────────────────────────────────────────────────────────────
describe('a batch with a bad record', () => {
  it('changes nothing and names the record’s index, id and field', async () => {
    await ingestOk('interactions', BASE_INTERACTIONS);
    const kpisBefore = await kpis(`${MARCH}&groupBy=touchpoint`);
    const rowsBefore = await snapshot();

    const [first, second] = BASE_INTERACTIONS;
    const error = await ingestRejected('interactions', {
      records: [
        // an update of i1 and a brand-new record: both must be rolled back
        { ...first, resolved_at: '2026-03-02T18:00:00Z' },
        interaction('i9', 'c2', 'site', '2026-03-09T10:00:00Z', 'purchase', { revenue: 50 }),
        second,
        interaction('i10', 'c2', 'site', '2026-03-09T11:00:00Z', 'visit', { wait_seconds: -5 }),
      ],
    });
    expect(error.code).toBe('invalid_records');
    expect(error.message).toBe('1 of 4 records is invalid; nothing was written');
    expect(error.details).toEqual([{ index: 3, id: 'i10', field: 'wait_seconds', reason: 'must be ≥ 0' }]);

    expect(await snapshot()).toEqual(rowsBefore);
    expect(await kpis(`${MARCH}&groupBy=touchpoint`)).toEqual(kpisBefore);
  });

  it('reports every bad record, schema and reference problems alike, in index order', async () => {
    const before = await snapshot();
    const error = await ingestRejected('interactions', {
      records: [
        interaction('ok-1', 'c1', 'phone', '2026-03-02T09:00:00Z', 'contact'),
        // index 1: no kind, bad date
        { id: 'bad-1', customer_id: 'c1', touchpoint_id: 'phone', occurred_at: '02/03/2026' },
        // index 2: well formed, but the customer does not exist
        interaction('bad-2', 'ghost', 'phone', '2026-03-02T09:00:00Z', 'contact'),
        // index 3: resolved before it occurred
        interaction('bad-3', 'c1', 'phone', '2026-03-02T09:00:00Z', 'contact', {
          resolved_at: '2026-03-01T09:00:00Z',
        }),
        interaction('ok-2', 'c1', 'phone', '2026-03-02T09:00:00Z', 'contact'),
        // index 5: an impossible calendar date and an unknown field
        { ...interaction('bad-5', 'c1', 'phone', '2026-02-30T09:00:00Z', 'visit'), colour: 'red' },
      ],
    });
    expect(error.message).toBe('4 of 6 records are invalid; nothing was written');
    const details = error.details ?? [];
    expect(details.map((d) => d.index)).toEqual(
      [...details.map((d) => d.index)].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    const fields = details.map((d) => `${d.index}:${d.id}:${d.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        '1:bad-1:occurred_at',
        '1:bad-1:kind',
        '2:bad-2:customer_id',
        '3:bad-3:resolved_at',
        '5:bad-5:(record)',
      ]),
    );
    expect(details.every((d) => d.index !== 0 && d.index !== 4)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('a record that is not an object is reported by index', async () => {
    const error = await ingestRejected('customers', { records: [{ id: 'c7', name: 'Ok' }, 42] });
    expect(error.details).toEqual([expect.objectContaining({ index: 1, field: '(record)' })]);
  });

  // regression test (found by the first review of this suite)
  it('counts every invalid record in the message, even beyond the 1000-detail cap', async () => {
    const records = Array.from({ length: 1500 }, (_, i) => ({
      id: `b${i}`,
      customer_id: 'c1',
      touchpoint_id: 'phone',
      occurred_at: '2026-03-01T00:00:00Z', // kind missing
    }));
    const error = await ingestRejected('interactions', { records });
    expect(error.details?.length).toBe(1000);
    expect(error.message).toBe('1500 of 1500 records are invalid; nothing was written');
  });
});

// ── references ──────────────────────────────────────────────────────────────────────────
describe('unknown references are refused, never dropped', () => {
  const cases: [kind: string, record: Record<string, unknown>, field: string][] = [
    ['teams', { id: 't9', name: 'Nowhere', department_id: 'ghost' }, 'department_id'],
    [
      'touchpoints',
      {
        id: 'tp9',
        name: 'X',
        channel: 'web',
        stage: 'usage',
        media: 'owned',
        presence: 'digital',
        team_id: 'ghost',
      },
      'team_id',
    ],
    ['interactions', interaction('i9', 'ghost', 'phone', '2026-03-01T10:00:00Z', 'visit'), 'customer_id'],
    ['interactions', interaction('i9', 'c1', 'ghost', '2026-03-01T10:00:00Z', 'visit'), 'touchpoint_id'],
    [
      'interactions',
      interaction('i9', 'c1', 'phone', '2026-03-01T10:00:00Z', 'visit', { team_id: 'ghost' }),
      'team_id',
    ],
    [
      'feedback',
      {
        id: 'f9',
        customer_id: 'ghost',
        touchpoint_id: 'phone',
        submitted_at: '2026-03-01',
        survey: 'nps',
        score: 9,
      },
      'customer_id',
    ],
    [
      'feedback',
      {
        id: 'f9',
        customer_id: 'c1',
        touchpoint_id: 'ghost',
        submitted_at: '2026-03-01',
        survey: 'nps',
        score: 9,
      },
      'touchpoint_id',
    ],
    [
      'feedback',
      {
        id: 'f9',
        customer_id: 'c1',
        touchpoint_id: 'phone',
        team_id: 'ghost',
        submitted_at: '2026-03-01',
        survey: 'nps',
        score: 9,
      },
      'team_id',
    ],
    [
      'feedback',
      {
        id: 'f9',
        customer_id: 'c1',
        touchpoint_id: 'phone',
        interaction_id: 'ghost',
        submitted_at: '2026-03-01',
        survey: 'nps',
        score: 9,
      },
      'interaction_id',
    ],
  ];

  it.each(cases.map(([kind, record, field]) => ({ kind, record, field })))(
    '$kind with an unknown $field: 400 naming the field',
    async ({ kind, record, field }) => {
      const before = await snapshot();
      // a good record next to it, so "dropping" the bad one would be visible
      const good: Record<string, unknown> = { ...record, id: `${String(record.id)}-ok` };
      for (const [k, v] of Object.entries({
        department_id: 'svc',
        team_id: 'lyon',
        customer_id: 'c1',
        touchpoint_id: 'phone',
      }))
        if (k in good) good[k] = v;
      delete good.interaction_id;
      const error = await ingestRejected(kind, { records: [good, record] });
      expect(error.code).toBe('invalid_records');
      expect(error.details).toEqual([
        { index: 1, id: String(record.id), field, reason: expect.stringContaining("'ghost'") },
      ]);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('refuses a feedback whose interaction belongs to another customer', async () => {
    await ingestOk('interactions', BASE_INTERACTIONS); // i1 is c1's
    const error = await ingestRejected('feedback', {
      records: [
        {
          id: 'f1',
          customer_id: 'c2',
          touchpoint_id: 'phone',
          interaction_id: 'i1',
          submitted_at: '2026-03-02T12:00:00Z',
          survey: 'nps',
          score: 2,
        },
      ],
    });
    expect(error.details).toEqual([
      { index: 0, id: 'f1', field: 'interaction_id', reason: "interaction 'i1' belongs to another customer" },
    ]);
    expect((await snapshot()).feedback).toBe(0);
  });

  it('refuses a score outside the survey’s range, naming the range', async () => {
    const error = await ingestRejected('feedback', {
      records: [
        {
          id: 'f1',
          customer_id: 'c1',
          touchpoint_id: 'phone',
          submitted_at: '2026-03-02',
          survey: 'csat',
          score: 0,
        },
      ],
    });
    expect(error.details).toEqual([
      { index: 0, id: 'f1', field: 'score', reason: 'must be between 1 and 5 for csat' },
    ]);
  });
});

// ── request-level errors ────────────────────────────────────────────────────────────────
describe('request errors', () => {
  it('an unknown kind in the path is a 400 naming kind', async () => {
    const error = await ingestRejected('widgets', { records: [{ id: 'w' }] });
    expect(error.code).toBe('invalid_request');
    expect(error.details?.map((d) => d.field)).toEqual(['kind']);
  });

  it('every kind of the contract has a route', async () => {
    for (const kind of RECORD_KINDS) {
      const res = await post(app, kind, { records: [] });
      // reached the route's own validation (records empty), not a 404
      expect(res.status).toBe(400);
      expect(ZError.parse(await res.json()).error.details?.[0]?.field).toBe('records');
    }
  });

  it('a body that is not JSON is a 400 and writes nothing', async () => {
    const before = await snapshot();
    const error = await ingestRejected('customers', '{"records": [ {"id": "c9", ');
    expect(error.message).not.toMatch(/at |\n/);
    expect(await snapshot()).toEqual(before);
  });

  // regression test (found by the first review of this suite)
  it('a body that is not JSON is answered with the code invalid_json', async () => {
    const error = await ingestRejected('customers', '{not json');
    expect(error.code).toBe('invalid_json');
  });

  it.each([
    ['empty', { records: [] }, 'must hold at least one record'],
    ['missing', {}, 'is required'],
    ['not an array', { records: { id: 'c9' } }, undefined],
  ])('records %s: 400 naming records', async (_label, body, reason) => {
    const error = await ingestRejected('customers', body);
    expect(error.code).toBe('invalid_request');
    expect(error.details?.[0]?.field).toBe('records');
    if (reason) expect(error.details?.[0]?.reason).toBe(reason);
  });

  it('a body over the limit is a 413 and writes nothing', async () => {
    const small = await createTestApp({ database, ingest: { maxBodyBytes: 1024 } });
    const before = await snapshot();
    const records = Array.from({ length: 20 }, (_, i) => ({ id: `big-${i}`, name: 'x'.repeat(100) }));
    const error = await ingestRejected('customers', { records }, 413, small);
    expect(error.code).toBe('payload_too_large');
    expect(await snapshot()).toEqual(before);
    // a small body still goes through the same app
    expect((await ingestOk('customers', [{ id: 'c9', name: 'Small' }], small)).inserted).toBe(1);
  });

  // regression test (found by the first review of this suite)
  it('the 413 message states the actual limit', async () => {
    const small = await createTestApp({ database, ingest: { maxBodyBytes: 1024 } });
    const records = Array.from({ length: 20 }, (_, i) => ({ id: `big-${i}`, name: 'x'.repeat(100) }));
    const error = await ingestRejected('customers', { records }, 413, small);
    expect(error.message).not.toContain(' 0 MiB');
  });

  it('more records than maxRecords is a 400 naming records', async () => {
    const limited = await createTestApp({ database, ingest: { maxRecords: 3 } });
    const records = Array.from({ length: 4 }, (_, i) => ({ id: `c-${i}`, name: 'N' }));
    const error = await ingestRejected('customers', { records }, 400, limited);
    expect(error.details).toEqual([{ field: 'records', reason: 'at most 3 records per batch' }]);
    expect((await ingestOk('customers', records.slice(0, 3), limited)).inserted).toBe(3);
  });
});

// ── reorganisations (docs/kpi-decisions.md) ─────────────────────────────────────────────
describe('reorganisations', () => {
  const teamCounts = async () => {
    const k = await kpis(`${MARCH}&groupBy=team&kpis=complaint_rate&compare=false`);
    return Object.fromEntries(k.groups.map((g) => [g.key, g.kpis.complaint_rate?.n]));
  };

  it('an interaction keeps the team it was handled by when its touchpoint changes owner', async () => {
    await ingestOk('interactions', [interaction('before', 'c1', 'phone', '2026-03-02T09:00:00Z', 'visit')]);
    const phone = {
      id: 'phone',
      name: 'Téléphone',
      channel: 'phone',
      stage: 'service',
      media: 'owned',
      presence: 'digital',
      team_id: 'chat',
    };
    expect(await ingestOk('touchpoints', [phone])).toMatchObject({ updated: 1 });
    await ingestOk('interactions', [interaction('after', 'c1', 'phone', '2026-03-03T09:00:00Z', 'visit')]);
    // 'before' stays with lyon (the owner then), 'after' goes to chat (the owner now)
    expect(await teamCounts()).toEqual({ web: 0, lyon: 1, chat: 1 });
  });

  it('a team that changes department takes its history along', async () => {
    await ingestOk('interactions', [interaction('i1', 'c1', 'phone', '2026-03-02T09:00:00Z', 'visit')]);
    const byDepartment = async () => {
      const k = await kpis(`${MARCH}&groupBy=department&kpis=complaint_rate&compare=false`);
      return Object.fromEntries(k.groups.map((g) => [g.key, g.kpis.complaint_rate?.n]));
    };
    expect(await byDepartment()).toEqual({ mkt: 0, svc: 1 });
    await ingestOk('teams', [{ id: 'lyon', name: 'Centre Lyon', department_id: 'mkt' }]);
    expect(await byDepartment()).toEqual({ mkt: 1, svc: 0 });
    expect((await kpis(`${MARCH}&department=mkt&kpis=complaint_rate`)).total.complaint_rate?.n).toBe(1);
  });
});
