/**
 * The KPI engine. For a window, filters and an optional group-by it gathers the measures of
 * kpis.md (from the smallest rollup that covers the query, else from raw records), and
 * hands them to the registry's formulas. Every number the API shows comes through here.
 */
import {
  accumulateFeedback,
  accumulateInteraction,
  addFeedbackMeasures,
  addInteractionMeasures,
  BACKLOG_KINDS,
  bucketOfDay,
  computeKpi,
  DayBucketer,
  dayKeyOf,
  emptyFeedbackMeasures,
  emptyInteractionMeasures,
  FEEDBACK_COUNTERS,
  type Filters,
  type FollowUpMeasures,
  type GroupBy,
  groupCountRefusal,
  INTERACTION_COUNTERS,
  INTERACTION_SKETCHES,
  isLocalMidnight,
  isSignificantChange,
  isTimeGrain,
  KPIS,
  type KpiId,
  type KpiResult,
  type KpiSource,
  type KpiValue,
  type Measures,
  parseSketch,
  previousWindow,
  type Scope,
  type Survey,
  sketchMerge,
  type TimeGrain,
  timeBuckets,
  timeGroupRefusal,
  toIso,
  type Window,
} from '@parcours/domain';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { type FollowUpGather, gatherClosedCases, gatherFollowedUp } from '../closed-loop/case-kpis.ts';
import { TooCostlyError } from '../errors.ts';
import { type Fact, type Grain, type GrainKey, grainsOf } from '../rollups/grains.ts';
import { feedbackMeasuresFromRow, interactionMeasuresFromRow } from '../rollups/store.ts';
import type { DB, InteractionRow, RollupRow } from '../schema.ts';
import { type CustomerRecords, ofCustomer } from './customer-records.ts';
import { loadOrg, type Org } from './reference.ts';
import { checkAttributeValues, hasInteractionFilter, type ResolvedFilters, resolveFilters } from './scope.ts';

export type KpiRequest = {
  window: Window;
  filters: Filters;
  groupBy: GroupBy | null;
  kpis: readonly KpiId[];
  compare: boolean;
  /** narrows every record to one customer (customer profile); always read raw */
  customer?: CustomerRecords | null;
  /** read raw records even where a rollup would do (verification) */
  forceRaw?: boolean;
  /** the asking user's scope; everything is narrowed to it */
  scope?: Scope;
  /** refuse (TooCostlyError), before reading any record, a group-by making more groups */
  maxGroups?: number;
};

export type KpiGroupResult = { key: string; label: string; kpis: Partial<Record<KpiId, KpiValue>> };

export type KpiAnswer = {
  window: Window;
  previousWindow: Window | null;
  source: string;
  groupBy: GroupBy | null;
  total: Partial<Record<KpiId, KpiValue>>;
  groups: KpiGroupResult[];
};

const TOUCHPOINT_GROUPS = new Set<GroupBy>(['touchpoint', 'stage', 'channel', 'media', 'presence']);
const TEAM_GROUPS = new Set<GroupBy>(['team', 'department']);
const CUSTOMER_GROUPS = new Set<GroupBy>(['segment', 'region']);

export const TOTAL = '\u0000total';

/** The dimension values a row offers for grouping. */
type Dims = {
  touchpoint_id?: string;
  team_id?: string;
  segment?: string | null;
  region?: string | null;
  day?: string;
};

function groupKeyFn(groupBy: GroupBy | null, org: Org): (d: Dims) => string | undefined {
  if (groupBy === null) return () => TOTAL;
  switch (groupBy) {
    case 'touchpoint':
      return (d) => d.touchpoint_id;
    case 'stage':
    case 'channel':
    case 'media':
    case 'presence':
      return (d) => (d.touchpoint_id ? org.touchpoints.get(d.touchpoint_id)?.[groupBy] : undefined);
    case 'team':
      return (d) => d.team_id;
    case 'department':
      return (d) => (d.team_id ? org.teams.get(d.team_id)?.department_id : undefined);
    case 'segment':
      return (d) => d.segment ?? '';
    case 'region':
      return (d) => d.region ?? '';
    case 'day':
    case 'week':
    case 'month':
      return (d) => (d.day ? bucketOfDay(d.day, groupBy) : undefined);
  }
}

function groupLabel(groupBy: GroupBy | null, key: string, org: Org): string {
  if (groupBy === 'touchpoint') return org.touchpoints.get(key)?.name ?? key;
  if (groupBy === 'team') return org.teams.get(key)?.name ?? key;
  if (groupBy === 'department') return org.departments.get(key)?.name ?? key;
  return key;
}

/** Which grain keys a fact's rows must carry to answer these filters and this group-by. */
function neededKeys(fact: Fact, f: ResolvedFilters, groupBy: GroupBy | null): Set<GrainKey> {
  const keys = new Set<GrainKey>();
  if (f.touchpoints !== null || (groupBy && TOUCHPOINT_GROUPS.has(groupBy))) keys.add('touchpoint_id');
  if (f.teams !== null || (groupBy && TEAM_GROUPS.has(groupBy))) keys.add('team_id');
  if (f.segments !== null || groupBy === 'segment') keys.add('segment');
  if (f.regions !== null || groupBy === 'region') keys.add('region');
  if (fact === 'feedback' && f.modes !== null) keys.add('mode');
  return keys;
}

/**
 * The planner: the first (smallest) grain of the fact whose keys cover the query, or null
 * for raw records. Rollups hold whole local days, so a window that does not start and end
 * at local midnight reads raw records.
 */
export function planGrain(
  fact: Fact,
  f: ResolvedFilters,
  groupBy: GroupBy | null,
  aligned: boolean,
): Grain | null {
  if (!aligned || f.customer !== null) return null;
  const needed = neededKeys(fact, f, groupBy);
  return grainsOf(fact).find((g) => [...needed].every((k) => g.keys.includes(k))) ?? null;
}

// biome-ignore lint/suspicious/noExplicitAny: rollup tables are addressed by name at run time
type AnyQuery = SelectQueryBuilder<any, any, any>;

function narrowRollup(q: AnyQuery, grain: Grain, f: ResolvedFilters): AnyQuery | null {
  const sets: [GrainKey, Iterable<string> | null][] = [
    ['touchpoint_id', f.touchpoints],
    ['team_id', f.teams],
    ['segment', f.segments],
    ['region', f.regions],
    ['mode', f.modes],
  ];
  for (const [key, values] of sets) {
    if (values === null || !grain.keys.includes(key)) continue;
    const list = [...values];
    if (list.length === 0) return null;
    q = q.where(key, 'in', list);
  }
  return q;
}

type Accumulator = Map<string, Measures>;

function measuresFor(acc: Accumulator, key: string): Measures {
  let m = acc.get(key);
  if (!m) {
    m = {
      interactions: emptyInteractionMeasures(),
      feedback: emptyFeedbackMeasures(),
      retention: null,
      followUp: null,
    };
    acc.set(key, m);
  }
  return m;
}

type Ctx = {
  db: Kysely<DB>;
  org: Org;
  zone: string;
  f: ResolvedFilters;
  groupBy: GroupBy | null;
  keyOf: (d: Dims) => string | undefined;
  sources: Set<KpiSource>;
  needSketches: boolean;
  forceRaw: boolean;
  /** follow_up_rate asked: its numerator comes from the follow-up cases */
  followUp: boolean;
};

const rollupDims = (row: RollupRow): Dims => ({
  touchpoint_id: row.touchpoint_id as string | undefined,
  team_id: row.team_id as string | undefined,
  segment: row.segment as string | undefined,
  region: row.region as string | undefined,
  day: row.day as string,
});

async function gatherFact(ctx: Ctx, fact: Fact, window: Window, acc: Accumulator): Promise<string> {
  const aligned = isLocalMidnight(window.from, ctx.zone) && isLocalMidnight(window.to, ctx.zone);
  const grain = ctx.forceRaw ? null : planGrain(fact, ctx.f, ctx.groupBy, aligned);
  if (!grain) {
    if (fact === 'interactions') await gatherRawInteractions(ctx, window, acc);
    else await gatherRawFeedback(ctx, window, acc);
    return 'raw';
  }
  // Counters are summed by the database, one row per group; sketches (wide texts) are read
  // only when a time KPI needs them, and only from rows that hold some.
  const timeGroup = ctx.groupBy !== null && isTimeGrain(ctx.groupBy);
  const keys: string[] = [...grain.keys, ...(timeGroup ? ['day'] : [])];
  const counters = fact === 'interactions' ? INTERACTION_COUNTERS : FEEDBACK_COUNTERS;
  const rollup = (ctx.db as unknown as Kysely<Record<string, RollupRow>>)
    .selectFrom(grain.table)
    .where('day', '>=', dayKeyOf(window.from, ctx.zone))
    .where('day', '<', dayKeyOf(window.to, ctx.zone)) as AnyQuery;
  let sums = rollup.select([...keys, ...counters.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c))]);
  if (keys.length) sums = sums.groupBy(keys);
  const summed = narrowRollup(sums, grain, ctx.f);
  const rows = (summed ? await summed.execute() : []) as RollupRow[];
  for (const row of rows) {
    const key = ctx.keyOf(rollupDims(row));
    if (key === undefined) continue;
    const m = measuresFor(acc, key);
    if (fact === 'interactions')
      addInteractionMeasures(m.interactions, interactionMeasuresFromRow(row, false));
    else addFeedbackMeasures(m.feedback, feedbackMeasuresFromRow(row));
  }
  if (fact === 'interactions' && ctx.needSketches) {
    const sketches = narrowRollup(
      rollup
        .select([...keys, ...INTERACTION_SKETCHES])
        .where((eb) => eb.or([eb('wait_n', '!=', 0), eb('res_n', '!=', 0)])),
      grain,
      ctx.f,
    );
    for (const row of (sketches ? await sketches.execute() : []) as RollupRow[]) {
      const key = ctx.keyOf(rollupDims(row));
      if (key === undefined) continue;
      const m = measuresFor(acc, key).interactions;
      sketchMerge(m.wait_sketch, parseSketch(row.wait_sketch as string));
      sketchMerge(m.res_sketch, parseSketch(row.res_sketch as string));
    }
  }
  return grain.name;
}

function needsCustomerJoin(f: ResolvedFilters, groupBy: GroupBy | null): boolean {
  return f.segments !== null || f.regions !== null || (groupBy !== null && CUSTOMER_GROUPS.has(groupBy));
}

/** Raw-record reads share these predicates; `t` is the record table's alias. */
function narrowRaw<Q extends AnyQuery>(q: Q, t: 'i' | 'f', f: ResolvedFilters): Q | null {
  let out: AnyQuery = q;
  if (f.touchpoints !== null) {
    if (f.touchpoints.size === 0) return null;
    out = out.where(`${t}.touchpoint_id`, 'in', [...f.touchpoints]);
  }
  if (f.teams !== null) {
    if (f.teams.size === 0) return null;
    out = out.where(`${t}.team_id`, 'in', [...f.teams]);
  }
  if (f.segments !== null) out = out.where('c.segment', 'in', f.segments);
  if (f.regions !== null) out = out.where('c.region', 'in', f.regions);
  const customer = f.customer;
  if (customer !== null)
    out = out.where((eb) => ofCustomer(eb, t === 'i' ? 'interactions' : 'feedback', t, customer));
  return out as Q;
}

async function gatherRawInteractions(ctx: Ctx, window: Window, acc: Accumulator) {
  const join = needsCustomerJoin(ctx.f, ctx.groupBy);
  let q = ctx.db
    .selectFrom('interactions as i')
    .selectAll('i')
    .where('i.occurred_at', '>=', window.from)
    .where('i.occurred_at', '<', window.to) as AnyQuery;
  if (join) q = q.innerJoin('customers as c', 'c.id', 'i.customer_id').select(['c.segment', 'c.region']);
  const narrowed = narrowRaw(q, 'i', ctx.f);
  if (!narrowed) return;
  const rows = (await narrowed.execute()) as (InteractionRow & {
    segment?: string | null;
    region?: string | null;
  })[];
  const days = new DayBucketer(ctx.zone);
  const timeGroup = ctx.groupBy !== null && isTimeGrain(ctx.groupBy);
  for (const row of rows) {
    const key = ctx.keyOf({ ...row, day: timeGroup ? days.key(row.occurred_at) : undefined });
    if (key === undefined) continue;
    const m = measuresFor(acc, key).interactions;
    // a stored row carries every fact (abandoned and converted as 0/1)
    accumulateInteraction(m, row, 1);
    // raw reads give exact percentiles (of the values as the rollups store them: whole ms)
    m.wait_values ??= [];
    m.res_values ??= [];
    if (row.wait_seconds !== null) m.wait_values.push(Math.round(row.wait_seconds * 1000) / 1000);
    if (row.resolved_at !== null) m.res_values.push((row.resolved_at - row.occurred_at) / 1000);
  }
  // keep "exact" consistent: a group with no such value still reads exact
  for (const m of acc.values()) {
    m.interactions.wait_values ??= [];
    m.interactions.res_values ??= [];
  }
}

async function gatherRawFeedback(ctx: Ctx, window: Window, acc: Accumulator) {
  const join = needsCustomerJoin(ctx.f, ctx.groupBy);
  let q = ctx.db
    .selectFrom('feedback as f')
    .select(['f.survey', 'f.score', 'f.submitted_at', 'f.touchpoint_id', 'f.team_id', 'f.mode'])
    .where('f.submitted_at', '>=', window.from)
    .where('f.submitted_at', '<', window.to) as AnyQuery;
  if (join) q = q.innerJoin('customers as c', 'c.id', 'f.customer_id').select(['c.segment', 'c.region']);
  if (ctx.f.modes !== null) q = q.where('f.mode', 'in', ctx.f.modes);
  const narrowed = narrowRaw(q, 'f', ctx.f);
  if (!narrowed) return;
  const rows = (await narrowed.execute()) as {
    survey: Survey;
    score: number;
    submitted_at: number;
    touchpoint_id: string;
    team_id: string;
    segment?: string | null;
    region?: string | null;
  }[];
  const days = new DayBucketer(ctx.zone);
  const timeGroup = ctx.groupBy !== null && isTimeGrain(ctx.groupBy);
  for (const row of rows) {
    const key = ctx.keyOf({ ...row, day: timeGroup ? days.key(row.submitted_at) : undefined });
    if (key === undefined) continue;
    accumulateFeedback(measuresFor(acc, key).feedback, row.survey, row.score, 1);
  }
}

/** The time buckets of a window for a time group-by, each with its sub-window inside it. */
/** Groups that are a column of the (customer, group) pairs: the engine counts their retention. */
const RETENTION_GROUP_COLUMN: Partial<Record<GroupBy, string>> = {
  touchpoint: 'i.touchpoint_id',
  team: 'i.team_id',
  segment: 'c.segment',
  region: 'c.region',
};

/** Retention per group (kpis.md): S at `from`, narrowed by the filters, retained at `to`. */
async function gatherRetention(ctx: Ctx, window: Window, acc: Accumulator, bucketKey?: string) {
  const f = ctx.f;
  if (f.customer !== null) return;
  const interactionScoped =
    hasInteractionFilter(f) ||
    (ctx.groupBy !== null && (TOUCHPOINT_GROUPS.has(ctx.groupBy) || TEAM_GROUPS.has(ctx.groupBy)));
  const inBase = (q: AnyQuery) =>
    q
      .where('c.acquired_at', '<', window.from)
      .where((eb) => eb.or([eb('c.churned_at', 'is', null), eb('c.churned_at', '>=', window.from)]));
  const setRetention = (key: string, base: number, retained: number) => {
    const m = measuresFor(acc, key);
    m.retention = {
      base: (m.retention?.base ?? 0) + base,
      retained: (m.retention?.retained ?? 0) + retained,
    };
  };
  const groupCol = ctx.groupBy === 'segment' ? 'c.segment' : ctx.groupBy === 'region' ? 'c.region' : null;
  if (!interactionScoped && f.segments === null && f.regions === null && groupCol === null) {
    // every customer: three counts over index ranges instead of a pass over the customers
    // (4 ms against 14 at 100,000 customers; the overview reads it for two windows).
    // S = acquired before `from` minus those also churned before it; retained = S minus
    // those of S churned in [from, to).
    const { from, to } = window;
    const { rows } = await sql<{ acquired: number; gone: number; lost: number }>`select
      (select count(*) from customers where acquired_at < ${from}) as acquired,
      (select count(*) from customers where churned_at < ${from} and acquired_at < ${from}) as gone,
      (select count(*) from customers
        where churned_at >= ${from} and churned_at < ${to} and acquired_at < ${from}) as lost`.execute(
      ctx.db,
    );
    const r = rows[0];
    const base = Number(r?.acquired ?? 0) - Number(r?.gone ?? 0);
    setRetention(bucketKey ?? TOTAL, base, base - Number(r?.lost ?? 0));
    return;
  }
  if (!interactionScoped) {
    let q = inBase(ctx.db.selectFrom('customers as c') as AnyQuery).select([
      sql<number>`count(*)`.as('base'),
      sql<number>`sum(case when c.churned_at is null or c.churned_at >= ${window.to} then 1 else 0 end)`.as(
        'retained',
      ),
    ]);
    if (f.segments !== null) q = q.where('c.segment', 'in', f.segments);
    if (f.regions !== null) q = q.where('c.region', 'in', f.regions);
    if (groupCol) q = q.select(`${groupCol} as g`).groupBy(groupCol);
    const rows = (await q.execute()) as { base: number; retained: number | null; g?: string | null }[];
    for (const r of rows) {
      const key = bucketKey ?? (groupCol ? (r.g ?? '') : TOTAL);
      setRetention(key, Number(r.base), Number(r.retained ?? 0));
    }
    return;
  }
  // S narrowed to customers with at least one matching interaction inside the window.
  // Where the group is a column (touchpoint, team, segment, region, or one group), the
  // engine counts it: distinct (customer, group) pairs of the window, joined to S.
  const keyColumn =
    bucketKey !== undefined || ctx.groupBy === null ? null : RETENTION_GROUP_COLUMN[ctx.groupBy];
  if (keyColumn !== undefined) {
    const joinCustomers = f.segments !== null || f.regions !== null || keyColumn?.startsWith('c.') === true;
    let pairs = ctx.db
      .selectFrom('interactions as i')
      .select([
        'i.customer_id',
        keyColumn ? sql<string>`coalesce(${sql.ref(keyColumn)}, '')`.as('k') : sql<string>`''`.as('k'),
      ])
      .distinct()
      .where('i.occurred_at', '>=', window.from)
      .where('i.occurred_at', '<', window.to) as AnyQuery;
    if (joinCustomers) pairs = pairs.innerJoin('customers as c', 'c.id', 'i.customer_id');
    const narrowedPairs = narrowRaw(pairs, 'i', f);
    if (!narrowedPairs) return;
    const rows = (await inBase(
      ctx.db
        .selectFrom(narrowedPairs.as('g'))
        .innerJoin('customers as c', 'c.id', 'g.customer_id') as AnyQuery,
    )
      .select([
        'g.k',
        sql<number>`count(*)`.as('base'),
        sql<number>`sum(case when c.churned_at is null or c.churned_at >= ${window.to} then 1 else 0 end)`.as(
          'retained',
        ),
      ])
      .groupBy('g.k')
      .execute()) as { k: string; base: number; retained: number | null }[];
    for (const r of rows)
      setRetention(keyColumn ? r.k : (bucketKey ?? TOTAL), Number(r.base), Number(r.retained ?? 0));
    return;
  }
  // other groups (channel, stage, department…) are computed from the group of each
  // (customer, touchpoint, team) of the window, membership of S from the customers
  const dimCols = ['i.customer_id', 'i.touchpoint_id', 'i.team_id'] as const;
  let q = ctx.db
    .selectFrom('interactions as i')
    .select(dimCols)
    .where('i.occurred_at', '>=', window.from)
    .where('i.occurred_at', '<', window.to)
    .groupBy(dimCols) as AnyQuery;
  if (
    f.segments !== null ||
    f.regions !== null ||
    (ctx.groupBy !== null && CUSTOMER_GROUPS.has(ctx.groupBy))
  ) {
    q = q
      .innerJoin('customers as c', 'c.id', 'i.customer_id')
      .select(['c.segment', 'c.region'])
      .groupBy(['c.segment', 'c.region']);
  }
  const narrowed = narrowRaw(q, 'i', f);
  if (!narrowed) return;
  const pairs = (await narrowed.execute()) as (Dims & { customer_id: string })[];
  const members = new Map<string, boolean>();
  const base = (await inBase(ctx.db.selectFrom('customers as c') as AnyQuery)
    .select(['c.id', 'c.churned_at'])
    .execute()) as { id: string; churned_at: number | null }[];
  for (const c of base) members.set(c.id, c.churned_at === null || c.churned_at >= window.to);
  const rows = pairs.flatMap((p) => {
    const kept = members.get(p.customer_id);
    return kept === undefined ? [] : [{ ...p, kept }];
  });
  const seen = new Map<string, Map<string, boolean>>();
  for (const r of rows) {
    const key = bucketKey ?? ctx.keyOf(r);
    if (key === undefined) continue;
    let customers = seen.get(key);
    if (!customers) {
      customers = new Map();
      seen.set(key, customers);
    }
    customers.set(r.customer_id, r.kept);
  }
  for (const [key, customers] of seen) {
    let retained = 0;
    for (const kept of customers.values()) if (kept) retained++;
    setRetention(key, customers.size, retained);
  }
}

/**
 * Open backlog at `to`: contacts and complaints occurred before `to` and unresolved at
 * `to`. It owns the backlog counters of the accumulator: `backlog_opened` = such requests
 * occurred before `to`, `backlog_closed` = those of them resolved before `to`.
 */
async function gatherBacklog(ctx: Ctx, window: Window, acc: Accumulator, bucketKey?: string) {
  const aligned = isLocalMidnight(window.to, ctx.zone);
  const groupBy = ctx.groupBy !== null && isTimeGrain(ctx.groupBy) ? null : ctx.groupBy;
  const grain = ctx.forceRaw ? null : planGrain('interactions', ctx.f, groupBy, aligned);
  const add = (key: string | undefined, opened: number, closed: number) => {
    if (key === undefined) return;
    const m = measuresFor(acc, key).interactions;
    m.backlog_opened += opened;
    m.backlog_closed += closed;
  };
  if (grain) {
    const cols = grain.keys.filter((k) => k !== 'mode');
    let q = (ctx.db as unknown as Kysely<Record<string, RollupRow>>)
      .selectFrom(grain.table)
      .select([
        sql<number>`sum(backlog_opened)`.as('opened'),
        sql<number>`sum(backlog_closed)`.as('closed'),
        ...cols,
      ])
      .where('day', '<', dayKeyOf(window.to, ctx.zone)) as AnyQuery;
    if (cols.length) q = q.groupBy(cols);
    const narrowed = narrowRollup(q, grain, ctx.f);
    const rows = (narrowed ? await narrowed.execute() : []) as ({ opened: number; closed: number } & Dims)[];
    for (const r of rows) {
      // a group with no contact or complaint before `to` has no backlog population
      if (Number(r.opened ?? 0) > 0) add(bucketKey ?? ctx.keyOf(r), Number(r.opened), Number(r.closed ?? 0));
    }
    return;
  }
  const join = needsCustomerJoin(ctx.f, ctx.groupBy);
  let q = ctx.db
    .selectFrom('interactions as i')
    .select([
      'i.touchpoint_id',
      'i.team_id',
      sql<number>`count(*)`.as('opened'),
      sql<number>`sum(case when i.resolved_at is not null and i.resolved_at < ${window.to} then 1 else 0 end)`.as(
        'closed',
      ),
    ])
    .where('i.kind', 'in', [...BACKLOG_KINDS])
    .where('i.occurred_at', '<', window.to)
    .groupBy(['i.touchpoint_id', 'i.team_id']) as AnyQuery;
  if (join) {
    q = q
      .innerJoin('customers as c', 'c.id', 'i.customer_id')
      .select(['c.segment', 'c.region'])
      .groupBy(['c.segment', 'c.region']);
  }
  const narrowed = narrowRaw(q, 'i', ctx.f);
  const rows = (narrowed ? await narrowed.execute() : []) as ({ opened: number; closed: number } & Dims)[];
  for (const r of rows) add(bucketKey ?? ctx.keyOf(r), Number(r.opened), Number(r.closed ?? 0));
}

/** Adds to a group's follow-up measures (follow_up_rate's numerator, time_to_close). */
function addFollowUp(m: Measures, part: Partial<FollowUpMeasures>): void {
  const f = m.followUp ?? { followed_up: 0, closed_n: 0, close_ms: 0 };
  f.followed_up += part.followed_up ?? 0;
  f.closed_n += part.closed_n ?? 0;
  f.close_ms += part.close_ms ?? 0;
  m.followUp = f;
}

async function gatherAll(ctx: Ctx, window: Window): Promise<{ acc: Accumulator; sources: string[] }> {
  const acc: Accumulator = new Map();
  const sources: string[] = [];
  if (ctx.sources.has('interactions'))
    sources.push(`interactions:${await gatherFact(ctx, 'interactions', window, acc)}`);
  if (ctx.sources.has('feedback')) sources.push(`feedback:${await gatherFact(ctx, 'feedback', window, acc)}`);
  if (ctx.followUp || ctx.sources.has('cases')) {
    // follow-up cases are few next to records: always read raw
    const g: FollowUpGather = {
      db: ctx.db,
      zone: ctx.zone,
      f: ctx.f,
      groupBy: ctx.groupBy,
      keyOf: ctx.keyOf,
      add: (key, part) => addFollowUp(measuresFor(acc, key), part),
    };
    if (ctx.followUp) await gatherFollowedUp(g, window);
    if (ctx.sources.has('cases')) await gatherClosedCases(g, window);
    sources.push('cases:raw');
  }
  const timeGrain = ctx.groupBy !== null && isTimeGrain(ctx.groupBy) ? ctx.groupBy : null;
  if (ctx.sources.has('backlog')) {
    // the window's daily counters mean nothing for a point-in-time count: start from zero
    for (const m of acc.values()) {
      m.interactions.backlog_opened = 0;
      m.interactions.backlog_closed = 0;
    }
  }
  for (const [source, gather] of [
    ['customers', gatherRetention],
    ['backlog', gatherBacklog],
  ] as const) {
    if (!ctx.sources.has(source)) continue;
    if (timeGrain) {
      // point-in-time and cohort KPIs are computed per bucket, each over its own window
      for (const bucket of timeBuckets(window, timeGrain, ctx.zone))
        await gather(ctx, bucket.window, acc, bucket.key);
    } else await gather(ctx, window, acc);
  }
  return { acc, sources };
}

function emptyMeasures(): Measures {
  return {
    interactions: emptyInteractionMeasures(),
    feedback: emptyFeedbackMeasures(),
    retention: null,
    followUp: null,
  };
}

function kpiValues(
  kpis: readonly KpiId[],
  current: Measures,
  previous: Measures | null,
): Partial<Record<KpiId, KpiValue>> {
  const out: Partial<Record<KpiId, KpiValue>> = {};
  for (const id of kpis) {
    const now: KpiResult = computeKpi(id, current);
    const before = previous ? computeKpi(id, previous) : null;
    out[id] = {
      ...now,
      previous: before ? { value: before.value, n: before.n, moe: before.moe } : null,
      change: before && now.value !== null && before.value !== null ? now.value - before.value : null,
      significant: before ? isSignificantChange(now, before) : null,
    };
  }
  return out;
}

function total(acc: Accumulator): Measures {
  const t = emptyMeasures();
  for (const m of acc.values()) {
    addInteractionMeasures(t.interactions, m.interactions);
    addFeedbackMeasures(t.feedback, m.feedback);
    if (m.followUp) addFollowUp(t, m.followUp);
    // raw reads carry their values: the total's percentiles stay exact
    if (m.interactions.wait_values)
      t.interactions.wait_values = [...(t.interactions.wait_values ?? []), ...m.interactions.wait_values];
    if (m.interactions.res_values)
      t.interactions.res_values = [...(t.interactions.res_values ?? []), ...m.interactions.res_values];
  }
  return t;
}

/**
 * How many groups a dimension group-by makes at most, known without reading any record: the
 * touchpoints, teams or departments the filters and scope leave, their attributes' values,
 * or the values the customers have (those without one make a group of their own).
 */
async function dimensionGroupBound(
  db: Kysely<DB>,
  groupBy: Exclude<GroupBy, TimeGrain>,
  f: ResolvedFilters,
  org: Org,
): Promise<number> {
  const touchpoints = [...org.touchpoints.values()].filter(
    (t) => f.touchpoints === null || f.touchpoints.has(t.id),
  );
  const teams = [...org.teams.values()].filter((t) => f.teams === null || f.teams.has(t.id));
  switch (groupBy) {
    case 'touchpoint':
      return touchpoints.length;
    case 'stage':
    case 'channel':
    case 'media':
    case 'presence':
      return new Set(touchpoints.map((t) => t[groupBy])).size;
    case 'team':
      return teams.length;
    case 'department':
      return new Set(teams.map((t) => t.department_id)).size;
    case 'segment':
    case 'region': {
      const wanted = groupBy === 'segment' ? f.segments : f.regions;
      if (wanted !== null) return new Set(wanted).size;
      const row = await db
        .selectFrom('customers')
        .select((eb) => eb.fn.count<number>(groupBy).distinct().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0) + 1;
    }
  }
}

export async function computeKpis(
  db: Kysely<DB>,
  zone: string,
  request: KpiRequest,
  org?: Org,
): Promise<KpiAnswer> {
  const theOrg = org ?? (await loadOrg(db));
  await checkAttributeValues(db, request.filters);
  const f = resolveFilters(request.filters, theOrg, request.customer ?? null, request.scope);
  const groupBy = request.groupBy;
  if (groupBy !== null && request.maxGroups !== undefined) {
    const refusal = isTimeGrain(groupBy)
      ? timeGroupRefusal(request.window, groupBy, zone, request.maxGroups)
      : groupCountRefusal(
          groupBy,
          await dimensionGroupBound(db, groupBy, f, theOrg),
          null,
          request.maxGroups,
        );
    if (refusal) throw new TooCostlyError(refusal.message, refusal.details);
  }
  const sources = new Set(request.kpis.map((k) => KPIS[k].source));
  const base: Omit<Ctx, 'groupBy' | 'keyOf'> = {
    db,
    org: theOrg,
    zone,
    f,
    sources,
    needSketches: request.kpis.some((k) => k === 'wait_time' || k === 'resolution_delay'),
    forceRaw: request.forceRaw === true,
    followUp: request.kpis.includes('follow_up_rate'),
  };
  const grouped: Ctx = { ...base, groupBy, keyOf: groupKeyFn(groupBy, theOrg) };
  const prevWindow = request.compare ? previousWindow(request.window, zone) : null;

  const current = await gatherAll(grouped, request.window);
  const previous = prevWindow ? await gatherAll(grouped, prevWindow) : null;

  // Totals are computed on their own (not summed from groups): retention and backlog are
  // not additive over groups, and a customer may appear in several groups.
  let totalCurrent: Measures;
  let totalPrevious: Measures | null = null;
  if (groupBy === null) {
    totalCurrent = current.acc.get(TOTAL) ?? emptyMeasures();
    totalPrevious = previous ? (previous.acc.get(TOTAL) ?? emptyMeasures()) : null;
  } else {
    const plain: Ctx = { ...base, groupBy: null, keyOf: () => TOTAL };
    const needsOwnTotal = sources.has('customers') || sources.has('backlog');
    totalCurrent = needsOwnTotal
      ? ((await gatherAll(plain, request.window)).acc.get(TOTAL) ?? emptyMeasures())
      : total(current.acc);
    if (prevWindow && previous) {
      totalPrevious = needsOwnTotal
        ? ((await gatherAll(plain, prevWindow)).acc.get(TOTAL) ?? emptyMeasures())
        : total(previous.acc);
    }
  }

  let groups: KpiGroupResult[] = [];
  if (groupBy !== null) {
    let keys: string[];
    if (isTimeGrain(groupBy)) {
      keys = timeBuckets(request.window, groupBy, zone).map((b) => b.key);
    } else {
      keys = [...new Set([...current.acc.keys(), ...(previous?.acc.keys() ?? [])])];
      // every touchpoint, team, department or touchpoint attribute in scope appears, with
      // "no data" where it has none: an empty cell is where the company is blind
      const touchpoints = [...theOrg.touchpoints.values()].filter(
        (t) => f.touchpoints === null || f.touchpoints.has(t.id),
      );
      const teams = [...theOrg.teams.keys()].filter((id) => f.teams === null || f.teams.has(id));
      const all =
        groupBy === 'touchpoint'
          ? touchpoints.map((t) => t.id)
          : groupBy === 'stage' || groupBy === 'channel' || groupBy === 'media' || groupBy === 'presence'
            ? touchpoints.map((t) => t[groupBy])
            : groupBy === 'team'
              ? teams
              : groupBy === 'department'
                ? teams.map((t) => theOrg.teams.get(t)?.department_id ?? '')
                : [];
      for (const id of all) if (!keys.includes(id)) keys.push(id);
    }
    groups = keys.map((key) => ({
      key,
      label: groupLabel(groupBy, key, theOrg),
      kpis: kpiValues(
        request.kpis,
        current.acc.get(key) ?? emptyMeasures(),
        previous ? (previous.acc.get(key) ?? emptyMeasures()) : null,
      ),
    }));
    if (!isTimeGrain(groupBy)) groups.sort((a, b) => a.label.localeCompare(b.label));
  }

  return {
    window: request.window,
    previousWindow: prevWindow,
    source: current.sources.join(', ') || 'customers',
    groupBy,
    total: kpiValues(request.kpis, totalCurrent, totalPrevious),
    groups,
  };
}

export function windowIso(w: Window, zone: string) {
  return { from: toIso(w.from, zone), to: toIso(w.to, zone) };
}
