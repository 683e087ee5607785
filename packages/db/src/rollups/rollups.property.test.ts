/**
 * Properties of the rollups: after any sequence of inserts, re-sends and updates they equal
 * a fresh recomputation from the raw records, and every KPI read from a rollup equals the
 * same KPI read from raw records, for any filter and group-by the planner sends to a rollup.
 */
import { GROUP_BYS, type GroupBy, KPI_IDS, type KpiId } from '@parcours/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../dialect.ts';
import { IngestError } from '../ingest/validate.ts';
import { ingest } from '../ingest/writer.ts';
import { computeKpis } from '../queries/kpis.ts';
import { ORG_CUSTOMERS, ORG_TEAMS, ORG_TOUCHPOINTS, openTestDatabase, seedOrganisation } from '../testing.ts';
import { rollupsAreClean, verifyRollups } from './recompute.ts';

const DAY = 86_400_000;
const BASE = Date.parse('2026-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const arbInteraction = fc.record({
  id: fc.integer({ min: 1, max: 40 }).map((n) => `i${n}`),
  customer_id: fc.constantFrom(...ORG_CUSTOMERS),
  touchpoint_id: fc.constantFrom(...ORG_TOUCHPOINTS),
  team_id: fc.option(fc.constantFrom(...ORG_TEAMS), { nil: null }),
  // around the March DST change in Paris, at any minute
  occurred: fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => BASE + m * 60_000),
  kind: fc.constantFrom('visit', 'purchase', 'contact', 'complaint', 'return'),
  wait_seconds: fc.option(fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 7200, noNaN: true })), {
    nil: null,
  }),
  resolve_after: fc.option(fc.integer({ min: 0, max: 20 * DAY }), { nil: null }),
  abandoned: fc.option(fc.boolean(), { nil: null }),
  converted: fc.option(fc.boolean(), { nil: null }),
  revenue: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: null }),
});
type ArbInteraction = typeof arbInteraction extends fc.Arbitrary<infer T> ? T : never;

const toRecord = (x: ArbInteraction) => ({
  id: x.id,
  customer_id: x.customer_id,
  touchpoint_id: x.touchpoint_id,
  team_id: x.team_id,
  occurred_at: iso(x.occurred),
  kind: x.kind,
  wait_seconds: x.wait_seconds,
  resolved_at: x.resolve_after === null ? null : iso(x.occurred + x.resolve_after),
  abandoned: x.abandoned,
  converted: x.converted,
  revenue: x.revenue,
});

const arbFeedback = fc
  .record({
    id: fc.integer({ min: 1, max: 30 }).map((n) => `f${n}`),
    customer_id: fc.constantFrom(...ORG_CUSTOMERS),
    touchpoint_id: fc.constantFrom(...ORG_TOUCHPOINTS),
    submitted: fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => BASE + m * 60_000),
    survey: fc.constantFrom('nps', 'csat', 'ces'),
    unit: fc.double({ min: 0, max: 0.999, noNaN: true }),
    mode: fc.constantFrom('transactional', 'relational'),
  })
  .map((f) => {
    const [min, max] = f.survey === 'nps' ? [0, 10] : f.survey === 'csat' ? [1, 5] : [1, 7];
    return {
      id: f.id,
      customer_id: f.customer_id,
      touchpoint_id: f.touchpoint_id,
      submitted_at: iso(f.submitted),
      survey: f.survey,
      score: min + Math.floor(f.unit * (max - min + 1)),
      mode: f.mode,
    };
  });

/**
 * One step: a batch of interactions or feedback (ids repeat: re-sends and updates), a
 * customer move, or a batch naming an unknown customer, touchpoint or team (refused whole).
 */
const arbStep = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.array(arbInteraction, { minLength: 1, maxLength: 15 }).map((b) => ({ interactions: b })),
  },
  {
    weight: 3,
    arbitrary: fc.array(arbFeedback, { minLength: 1, maxLength: 10 }).map((b) => ({ feedback: b })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        id: fc.constantFrom(...ORG_CUSTOMERS),
        segment: fc.constantFrom('Premium', 'Jeune'),
        region: fc.constantFrom('Bretagne', 'Corse'),
      })
      .map((c) => ({ move: c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        batch: fc.array(arbInteraction, { minLength: 1, maxLength: 5 }),
        field: fc.constantFrom('customer_id', 'touchpoint_id', 'team_id'),
      })
      .map((b) => ({ unknown: b })),
  },
);

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function applyStep(db: Database, step: Awaited<ReturnType<typeof arbStep.generate>>['value']) {
  if ('interactions' in step) {
    // a batch holds one version per id; later batches re-send or change them
    const byId = new Map(step.interactions.map((x) => [x.id, toRecord(x)]));
    await ingest(db, 'interactions', [...byId.values()]);
  } else if ('feedback' in step) {
    await ingest(db, 'feedback', step.feedback);
  } else if ('unknown' in step) {
    // the writer checks every reference itself (the engine's foreign keys are off on SQLite)
    const byId = new Map(step.unknown.batch.map((x) => [x.id, toRecord(x)]));
    const records = [...byId.values()];
    records[records.length - 1] = {
      ...(records.at(-1) as ReturnType<typeof toRecord>),
      [step.unknown.field]: 'ghost',
    };
    await expect(ingest(db, 'interactions', records)).rejects.toThrow(IngestError);
  } else {
    await ingest(db, 'customers', [
      { ...step.move, name: `Client ${step.move.id}`, acquired_at: '2024-01-01' },
    ]);
  }
}

describe('rollups', () => {
  it('equal a fresh recomputation after any sequence of inserts, re-sends and updates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 12 }), async (steps) => {
        database = await openTestDatabase('Europe/Paris');
        await seedOrganisation(database);
        for (const step of steps) await applyStep(database, step);
        expect(await orphanReferences(database)).toEqual([]);
        const reports = await verifyRollups(database.db, 'Europe/Paris');
        expect(reports.filter((r) => r.missing + r.extra + r.different > 0)).toEqual([]);
        expect(rollupsAreClean(reports)).toBe(true);
        await database.close();
        database = undefined;
      }),
      { numRuns: 40 },
    );
  });

  it('answer every KPI exactly as raw records do, for any filter and group-by', async () => {
    database = await openTestDatabase('Europe/Paris');
    await seedOrganisation(database);
    const seedSteps =
      fc.sample(fc.array(arbStep, { minLength: 30, maxLength: 30 }), { numRuns: 1, seed: 7 })[0] ?? [];
    for (const step of seedSteps) await applyStep(database, step);
    const db = database.db;
    const kpis = KPI_IDS.filter((k) => k !== 'follow_up_rate' && k !== 'time_to_close') as KpiId[];
    const arbQuery = fc.record({
      fromDay: fc.integer({ min: 0, max: 50 }),
      days: fc.integer({ min: 1, max: 40 }),
      groupBy: fc.option(fc.constantFrom(...GROUP_BYS), { nil: null }),
      touchpoint: fc.option(fc.subarray([...ORG_TOUCHPOINTS], { minLength: 1 }), { nil: undefined }),
      department: fc.option(
        fc.constantFrom('svc', 'mkt').map((d) => [d]),
        { nil: undefined },
      ),
      segment: fc.option(
        fc.constantFrom(['Premium'], ['Particulier', 'Professionnel']).map((x) => [...x]),
        { nil: undefined },
      ),
      mode: fc.option(
        fc.constantFrom('transactional' as const, 'relational' as const).map((m) => [m]),
        { nil: undefined },
      ),
    });
    await fc.assert(
      fc.asyncProperty(arbQuery, async (q) => {
        // windows on Paris midnights so the planner may use rollups
        const from = Date.parse('2026-03-01T00:00:00+01:00') + q.fromDay * DAY;
        const window = { from, to: from + q.days * DAY };
        const { touchpoint, department, segment, mode } = q;
        const request = {
          window: { from: alignParis(window.from), to: alignParis(window.to) },
          filters: { touchpoint, department, segment, mode },
          groupBy: q.groupBy as GroupBy | null,
          kpis,
          compare: true,
        };
        const viaPlanner = await computeKpis(db, 'Europe/Paris', request);
        const viaRaw = await computeKpis(db, 'Europe/Paris', { ...request, forceRaw: true });
        expect(stripPercentiles(viaPlanner.total)).toEqual(stripPercentiles(viaRaw.total));
        expect(viaPlanner.groups.map((g) => [g.key, stripPercentiles(g.kpis)])).toEqual(
          viaRaw.groups.map((g) => [g.key, stripPercentiles(g.kpis)]),
        );
        // percentiles: exact from raw, within 1% from the sketch
        for (const id of ['wait_time', 'resolution_delay'] as const) {
          const a = viaPlanner.total[id];
          const b = viaRaw.total[id];
          for (const p of ['p50', 'p90'] as const) {
            const x = a?.[p] ?? null;
            const y = b?.[p] ?? null;
            if (x === null || y === null) expect(x).toBe(y);
            else expect(Math.abs(x - y)).toBeLessThanOrEqual(0.0101 * y + 1e-9);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** References to rows that do not exist, as `table.column` (none, ever). */
async function orphanReferences(database: Database): Promise<string[]> {
  const references = [
    ['interactions', 'customer_id', 'customers'],
    ['interactions', 'touchpoint_id', 'touchpoints'],
    ['interactions', 'team_id', 'teams'],
    ['feedback', 'customer_id', 'customers'],
    ['feedback', 'touchpoint_id', 'touchpoints'],
    ['feedback', 'team_id', 'teams'],
    ['feedback', 'interaction_id', 'interactions'],
    ['touchpoints', 'team_id', 'teams'],
    ['teams', 'department_id', 'departments'],
  ] as const;
  const found: string[] = [];
  for (const [table, column, target] of references) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} t
      where ${sql.ref(`t.${column}`)} is not null
        and not exists (select 1 from ${sql.table(target)} r where r.id = ${sql.ref(`t.${column}`)})`.execute(
      database.db,
    );
    if (Number(rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

/** Snap an instant to the Paris midnight at or before it (windows above are built in UTC days). */
function alignParis(ms: number): number {
  const local = new Date(ms).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 10);
  const offset = new Date(`${local}T12:00:00Z`).toLocaleString('sv-SE', {
    timeZone: 'Europe/Paris',
    timeZoneName: 'shortOffset',
  });
  const sign = offset.includes('+2') ? '+02:00' : '+01:00';
  return Date.parse(`${local}T00:00:00${sign}`);
}

function stripPercentiles(values: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const { p50: _a, p90: _b, percentiles: _c, ...rest } = v as Record<string, unknown>;
    out[k] = roundDeep(rest);
  }
  return out;
}

/** sums of squares are floats: margins agree to 9 significant digits, not to the last bit */
function roundDeep(v: unknown): unknown {
  if (typeof v === 'number') return Number(v.toPrecision(9));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)]));
  return v;
}
