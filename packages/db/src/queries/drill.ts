/**
 * Drill-down: the records behind a KPI, with exactly the KPI's filters and window, so the
 * population subset's total equals the KPI's n.
 */
import {
  BACKLOG_KINDS,
  type Filters,
  type KpiId,
  type RecordItem,
  type Scope,
  type Window,
} from '@parcours/domain';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { isFollowedUp } from '../closed-loop/case-kpis.ts';
import { drillClosedCases } from '../closed-loop/cases.ts';
import type { DB } from '../schema.ts';
import { customerItem, feedbackItem, interactionItem } from './items.ts';
import { loadOrg } from './reference.ts';
import { checkAttributeValues, type ResolvedFilters, resolveFilters } from './scope.ts';

/** The drill-down subsets of each KPI; the first is the KPI's whole population. */
export const KPI_SUBSETS: Record<KpiId, readonly string[]> = {
  nps: ['responses', 'promoters', 'passives', 'detractors'],
  csat: ['responses', 'satisfied', 'neutral', 'dissatisfied'],
  ces: ['responses', 'easy', 'neutral', 'difficult'],
  retention: ['base', 'retained', 'churned'],
  churn: ['base', 'churned', 'retained'],
  resolution_delay: ['resolved'],
  backlog: ['open'],
  wait_time: ['waited'],
  abandonment: ['eligible', 'abandoned'],
  complaint_rate: ['interactions', 'complaints'],
  conversion: ['eligible', 'converted'],
  return_rate: ['purchases', 'returns'],
  revenue: ['with_revenue'],
  follow_up_rate: ['detractors', 'followed_up'],
  time_to_close: ['closed'],
};

export type DrillRequest = {
  kpi: KpiId;
  subset: string;
  window: Window;
  filters: Filters;
  sort: 'recent' | 'value';
  page: number;
  pageSize: number;
  scope?: Scope;
};

// biome-ignore lint/suspicious/noExplicitAny: the record table varies per KPI
type AnyQuery = SelectQueryBuilder<any, any, any>;

const SCORE_SUBSETS: Record<string, Record<string, [number, number]>> = {
  nps: { responses: [0, 10], promoters: [9, 10], passives: [7, 8], detractors: [0, 6] },
  csat: { responses: [1, 5], satisfied: [4, 5], neutral: [3, 3], dissatisfied: [1, 2] },
  ces: { responses: [1, 7], easy: [5, 7], neutral: [4, 4], difficult: [1, 3] },
};

function narrow(q: AnyQuery, t: 'i' | 'f', f: ResolvedFilters): AnyQuery | null {
  if (f.touchpoints !== null) {
    if (f.touchpoints.size === 0) return null;
    q = q.where(`${t}.touchpoint_id`, 'in', [...f.touchpoints]);
  }
  if (f.teams !== null) {
    if (f.teams.size === 0) return null;
    q = q.where(`${t}.team_id`, 'in', [...f.teams]);
  }
  if (f.segments !== null) q = q.where('c.segment', 'in', f.segments);
  if (f.regions !== null) q = q.where('c.region', 'in', f.regions);
  if (t === 'f' && f.modes !== null) q = q.where('f.mode', 'in', f.modes);
  return q;
}

export async function drillRecords(
  db: Kysely<DB>,
  zone: string,
  req: DrillRequest,
): Promise<{ total: number; items: RecordItem[] }> {
  const org = await loadOrg(db);
  await checkAttributeValues(db, req.filters);
  const f = resolveFilters(req.filters, org, null, req.scope);
  const { window: w, kpi, subset } = req;
  const offset = (req.page - 1) * req.pageSize;

  // the closed follow-up cases behind time_to_close (a record may have several cases)
  if (kpi === 'time_to_close') {
    if (subset !== 'closed') throw new RangeError(subset);
    return drillClosedCases(db, zone, req);
  }

  if (kpi === 'retention' || kpi === 'churn') {
    let q = db
      .selectFrom('customers as c')
      .where('c.acquired_at', '<', w.from)
      .where((eb) => eb.or([eb('c.churned_at', 'is', null), eb('c.churned_at', '>=', w.from)])) as AnyQuery;
    if (subset === 'retained')
      q = q.where((eb) => eb.or([eb('c.churned_at', 'is', null), eb('c.churned_at', '>=', w.to)]));
    if (subset === 'churned') q = q.where('c.churned_at', '<', w.to);
    if (f.segments !== null) q = q.where('c.segment', 'in', f.segments);
    if (f.regions !== null) q = q.where('c.region', 'in', f.regions);
    if (f.touchpoints !== null || f.teams !== null) {
      // a semi-join: the window's interactions are read once (the time index holds their
      // touchpoint, team and customer), not once per customer
      const sub = db
        .selectFrom('interactions as i')
        .select('i.customer_id')
        .where('i.occurred_at', '>=', w.from)
        .where('i.occurred_at', '<', w.to) as AnyQuery;
      const narrowed = narrow(sub, 'i', { ...f, segments: null, regions: null });
      if (!narrowed) return { total: 0, items: [] };
      q = q.where('c.id', 'in', narrowed);
    }
    const count = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    const rows = await q
      .select(['c.id', 'c.name', 'c.email', 'c.segment', 'c.region', 'c.acquired_at', 'c.churned_at'])
      // NULLS LAST spelled out: SQLite and PostgreSQL place nulls differently by default
      .orderBy(req.sort === 'value' ? 'c.churned_at' : 'c.acquired_at', (o) => o.desc().nullsLast())
      .orderBy('c.id')
      .limit(req.pageSize)
      .offset(offset)
      .execute();
    return {
      total: Number(count?.n ?? 0),
      items: rows.map((r) => customerItem(r as Parameters<typeof customerItem>[0], zone)),
    };
  }

  const survey = kpi === 'nps' || kpi === 'csat' || kpi === 'ces' ? kpi : null;
  if (survey || kpi === 'follow_up_rate') {
    let q = db
      .selectFrom('feedback as f')
      .innerJoin('customers as c', 'c.id', 'f.customer_id')
      .where('f.submitted_at', '>=', w.from)
      .where('f.submitted_at', '<', w.to) as AnyQuery;
    if (survey) {
      const range = SCORE_SUBSETS[survey]?.[subset];
      if (!range) throw new RangeError(subset);
      q = q.where('f.survey', '=', survey).where('f.score', '>=', range[0]).where('f.score', '<=', range[1]);
    } else {
      // follow-up population: detractor answers (NPS 0–6, CSAT 1–2)
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('f.survey', '=', 'nps'), eb('f.score', '<=', 6)]),
          eb.and([eb('f.survey', '=', 'csat'), eb('f.score', '<=', 2)]),
        ]),
      );
      // the numerator: a case of the answer was closed within its due time
      if (subset === 'followed_up') q = q.where((eb) => isFollowedUp(eb));
      else if (subset !== 'detractors') throw new RangeError(subset);
    }
    const narrowed = narrow(q, 'f', f);
    if (!narrowed) return { total: 0, items: [] };
    const count = await narrowed.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
    let page = narrowed.selectAll('f').select('c.name as customer_name');
    page = req.sort === 'value' ? page.orderBy('f.score', 'asc') : page.orderBy('f.submitted_at', 'desc');
    const rows = await page.orderBy('f.id', 'desc').limit(req.pageSize).offset(offset).execute();
    return {
      total: Number(count?.n ?? 0),
      items: rows.map((r) => feedbackItem(r as Parameters<typeof feedbackItem>[0], org, zone)),
    };
  }

  let q = db.selectFrom('interactions as i').innerJoin('customers as c', 'c.id', 'i.customer_id') as AnyQuery;
  if (kpi === 'backlog') {
    q = q
      .where('i.kind', 'in', [...BACKLOG_KINDS])
      .where('i.occurred_at', '<', w.to)
      .where((eb) => eb.or([eb('i.resolved_at', 'is', null), eb('i.resolved_at', '>=', w.to)]));
  } else {
    q = q.where('i.occurred_at', '>=', w.from).where('i.occurred_at', '<', w.to);
  }
  let value: string | null = null;
  switch (`${kpi}/${subset}`) {
    case 'resolution_delay/resolved':
      q = q.where('i.resolved_at', 'is not', null);
      value = 'i.resolved_at - i.occurred_at';
      break;
    case 'wait_time/waited':
      q = q.where('i.wait_seconds', 'is not', null);
      value = 'i.wait_seconds';
      break;
    case 'abandonment/eligible':
      q = q.where('i.abandoned', 'is not', null);
      break;
    case 'abandonment/abandoned':
      q = q.where('i.abandoned', '=', 1);
      break;
    case 'complaint_rate/interactions':
      break;
    case 'complaint_rate/complaints':
      q = q.where('i.kind', '=', 'complaint');
      break;
    case 'conversion/eligible':
      q = q.where('i.converted', 'is not', null);
      break;
    case 'conversion/converted':
      q = q.where('i.converted', '=', 1);
      break;
    case 'return_rate/purchases':
      q = q.where('i.kind', '=', 'purchase');
      value = 'i.revenue';
      break;
    case 'return_rate/returns':
      q = q.where('i.kind', '=', 'return');
      break;
    case 'revenue/with_revenue':
      q = q.where('i.revenue', 'is not', null);
      value = 'i.revenue';
      break;
    case 'backlog/open':
      value = `${w.to} - i.occurred_at`;
      break;
    default:
      throw new RangeError(subset);
  }
  const narrowed = narrow(q, 'i', f);
  if (!narrowed) return { total: 0, items: [] };
  const count = await narrowed.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  let page = narrowed.selectAll('i').select('c.name as customer_name');
  page =
    req.sort === 'value' && value
      ? page.orderBy(sql.raw(value), (o) => o.desc().nullsLast())
      : page.orderBy('i.occurred_at', 'desc');
  const rows = await page.orderBy('i.id', 'desc').limit(req.pageSize).offset(offset).execute();
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => interactionItem(r as Parameters<typeof interactionItem>[0], org, zone)),
  };
}
