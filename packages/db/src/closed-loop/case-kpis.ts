/**
 * What the follow-up KPIs read from cases (kpis.md; docs/kpi-decisions.md):
 * - follow_up_rate: its population, the detractor answers, comes with the feedback
 *   measures; its numerator is those of them with a case closed within its due time;
 * - time_to_close: the cases closed in the window (by closed_at), closed_at − opened_at.
 * A case is cut by its record: the record's touchpoint, the team that handled it, its
 * customer's segment and region, the answer's survey mode.
 */
import { DayBucketer, type FollowUpMeasures, type GroupBy, type Window } from '@parcours/domain';
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { ofCustomer } from '../queries/customer-records.ts';
import type { ResolvedFilters } from '../queries/scope.ts';
import type { DB } from '../schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: queries over aliased tables
type AnyQuery = SelectQueryBuilder<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: used inside queries over `feedback as <alias>`
type AnyEb = ExpressionBuilder<any, any>;

const TIME_GROUPS = new Set<GroupBy>(['day', 'week', 'month']);
const CUSTOMER_GROUPS = new Set<GroupBy>(['segment', 'region']);

/** The dimensions a KPI group key is made of (as in queries/kpis.ts). */
export type CaseDims = {
  touchpoint_id?: string;
  team_id?: string;
  segment?: string | null;
  region?: string | null;
  day?: string;
};

export type FollowUpGather = {
  db: Kysely<DB>;
  zone: string;
  f: ResolvedFilters;
  groupBy: GroupBy | null;
  keyOf: (d: CaseDims) => string | undefined;
  /** adds to the follow-up measures of one group */
  add: (key: string, m: Partial<FollowUpMeasures>) => void;
};

/** Detractor answers (kpis.md, follow-up rate): NPS 0–6, CSAT 1–2, on feedback alias `t`. */
export function isDetractor(eb: AnyEb, t = 'f') {
  return eb.or([
    eb.and([eb(`${t}.survey`, '=', 'nps'), eb(`${t}.score`, '<=', 6)]),
    eb.and([eb(`${t}.survey`, '=', 'csat'), eb(`${t}.score`, '<=', 2)]),
  ]);
}

/**
 * The answer (feedback alias `t`) was followed up: at least one of its cases, whichever rule
 * opened it, was closed no later than its due time.
 */
export function isFollowedUp(eb: AnyEb, t = 'f') {
  return eb.exists(
    eb
      .selectFrom('cases as fu')
      .select(sql`1`.as('one'))
      .where('fu.record_type', '=', 'feedback')
      .whereRef('fu.record_id', '=', `${t}.id`)
      .where('fu.status', '=', 'closed')
      .whereRef('fu.closed_at', '<=', 'fu.due_at'),
  );
}

const needsCustomers = (f: ResolvedFilters, groupBy: GroupBy | null) =>
  f.segments !== null || f.regions !== null || (groupBy !== null && CUSTOMER_GROUPS.has(groupBy));

/**
 * The numerator of follow_up_rate, per group, over exactly the population's answers. It
 * starts from the closed cases of the window's answers (few, indexed by record time), not
 * from the window's answers: a dashboard over a year pays for its cases, not its answers.
 */
export async function gatherFollowedUp(g: FollowUpGather, window: Window): Promise<void> {
  const { f } = g;
  let q = g.db
    .selectFrom('cases as k')
    .innerJoin('feedback as f', 'f.id', 'k.record_id')
    .select(['f.id', 'f.touchpoint_id', 'f.team_id', 'f.submitted_at'])
    .distinct()
    .where('k.record_type', '=', 'feedback')
    .where('k.status', '=', 'closed')
    // the case keeps its record's time (the answer's submitted_at)
    .where('k.record_at', '>=', window.from)
    .where('k.record_at', '<', window.to)
    .whereRef('k.closed_at', '<=', 'k.due_at')
    .where('f.submitted_at', '>=', window.from)
    .where('f.submitted_at', '<', window.to)
    .where((eb) => isDetractor(eb)) as AnyQuery;
  if (needsCustomers(f, g.groupBy))
    q = q.innerJoin('customers as c', 'c.id', 'f.customer_id').select(['c.segment', 'c.region']);
  if (f.touchpoints !== null) {
    if (f.touchpoints.size === 0) return;
    q = q.where('f.touchpoint_id', 'in', [...f.touchpoints]);
  }
  if (f.teams !== null) {
    if (f.teams.size === 0) return;
    q = q.where('f.team_id', 'in', [...f.teams]);
  }
  if (f.segments !== null) q = q.where('c.segment', 'in', f.segments);
  if (f.regions !== null) q = q.where('c.region', 'in', f.regions);
  if (f.modes !== null) q = q.where('f.mode', 'in', f.modes);
  const customer = f.customer;
  if (customer !== null) q = q.where((eb) => ofCustomer(eb, 'feedback', 'f', customer));
  const rows = (await q.execute()) as (CaseDims & { submitted_at: number })[];
  const days = new DayBucketer(g.zone);
  const timeGroup = g.groupBy !== null && TIME_GROUPS.has(g.groupBy);
  for (const r of rows) {
    const key = g.keyOf({ ...r, day: timeGroup ? days.key(Number(r.submitted_at)) : undefined });
    if (key !== undefined) g.add(key, { followed_up: 1 });
  }
}

/**
 * Closed cases in the window (by closed_at), narrowed by their record's dimensions; null
 * when the filters leave nothing. Customers are joined as `cu`.
 */
export function closedCasesIn(
  db: Kysely<DB>,
  window: Window,
  f: ResolvedFilters,
  joinCustomers = false,
): AnyQuery | null {
  let q = db
    .selectFrom('cases as k')
    .where('k.status', '=', 'closed')
    .where('k.closed_at', '>=', window.from)
    .where('k.closed_at', '<', window.to) as AnyQuery;
  if (joinCustomers || f.segments !== null || f.regions !== null)
    q = q.innerJoin('customers as cu', 'cu.id', 'k.customer_id');
  if (f.touchpoints !== null) {
    if (f.touchpoints.size === 0) return null;
    q = q.where('k.touchpoint_id', 'in', [...f.touchpoints]);
  }
  if (f.teams !== null) {
    if (f.teams.size === 0) return null;
    q = q.where('k.record_team_id', 'in', [...f.teams]);
  }
  if (f.segments !== null) q = q.where('cu.segment', 'in', f.segments);
  if (f.regions !== null) q = q.where('cu.region', 'in', f.regions);
  if (f.customer !== null) q = q.where('k.customer_id', '=', f.customer.id);
  if (f.modes !== null) {
    // the survey mode narrows the cases of answers; cases of interactions ignore it
    const modes = f.modes;
    q = q.where((eb) =>
      eb.or([
        eb('k.record_type', '<>', 'feedback'),
        eb.exists(
          eb
            .selectFrom('feedback as fm')
            .select(sql`1`.as('one'))
            .whereRef('fm.id', '=', 'k.record_id')
            .where('fm.mode', 'in', modes),
        ),
      ]),
    );
  }
  return q;
}

/** time_to_close's measures per group: cases closed in the window, their close times. */
export async function gatherClosedCases(g: FollowUpGather, window: Window): Promise<void> {
  const q = closedCasesIn(g.db, window, g.f, needsCustomers(g.f, g.groupBy));
  if (!q) return;
  let select = q.select(['k.touchpoint_id', 'k.record_team_id as team_id', 'k.opened_at', 'k.closed_at']);
  if (needsCustomers(g.f, g.groupBy)) select = select.select(['cu.segment', 'cu.region']);
  const rows = (await select.execute()) as (CaseDims & { opened_at: number; closed_at: number })[];
  const days = new DayBucketer(g.zone);
  const timeGroup = g.groupBy !== null && TIME_GROUPS.has(g.groupBy);
  for (const r of rows) {
    const key = g.keyOf({ ...r, day: timeGroup ? days.key(Number(r.closed_at)) : undefined });
    if (key !== undefined) g.add(key, { closed_n: 1, close_ms: Number(r.closed_at) - Number(r.opened_at) });
  }
}
