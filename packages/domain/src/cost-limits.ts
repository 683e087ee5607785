/**
 * What one request may cost (docs/decisions/013-request-cost-limits.md). The server refuses
 * a request over a limit with a 400 `too_costly` that names the field and says what to ask
 * instead; the web client runs the same checks before it asks, so the dashboard never does.
 */
import type { ErrorDetail, GroupBy } from './schemas/api.ts';
import { bucketCount, daysTouched, type TimeGrain, type Window } from './time.ts';

export const COST_LIMITS = {
  /** groups in one KPI answer: time buckets (day, week, month) or dimension values */
  groupsPerRequest: 1_000,
  /** how deep a paged list goes: a page must start within its first this many rows */
  listDepth: 10_000,
  /** a user's expensive requests (KPIs, drill-down…) at once, per server process (default) */
  expensivePerUser: 2,
} as const;

/** A refused request: the error's message and the field that made it too costly. */
export type CostRefusal = { message: string; details: ErrorDetail[] };

export const TIME_GRAINS: readonly TimeGrain[] = ['day', 'week', 'month'];

export function isTimeGrain(groupBy: GroupBy): groupBy is TimeGrain {
  return (TIME_GRAINS as readonly string[]).includes(groupBy);
}

const count = (n: number) => n.toLocaleString('en-US');

const PLURAL: Record<Exclude<GroupBy, TimeGrain>, string> = {
  department: 'departments',
  team: 'teams',
  touchpoint: 'touchpoints',
  stage: 'stages',
  channel: 'channels',
  media: 'media types',
  presence: 'presences',
  segment: 'segments',
  region: 'regions',
};

/**
 * Whether a group-by makes too many groups. `groups` is the count of buckets (time grains)
 * or of dimension values in scope, known before any record is read; `days`, for a time
 * grain, the local days the window touches (for the message).
 */
export function groupCountRefusal(
  groupBy: GroupBy,
  groups: number,
  days: number | null,
  limit: number = COST_LIMITS.groupsPerRequest,
): CostRefusal | null {
  if (groups <= limit) return null;
  let message: string;
  if (isTimeGrain(groupBy)) {
    const coarser = TIME_GRAINS.slice(TIME_GRAINS.indexOf(groupBy) + 1);
    const choose = coarser.length
      ? `choose ${coarser.join(' or ')}, or a shorter window`
      : 'choose a shorter window';
    message = `groupBy=${groupBy} over ${count(days ?? groups)} days makes ${count(groups)} buckets; at most ${count(limit)} per request: ${choose}`;
  } else {
    message = `groupBy=${groupBy} makes ${count(groups)} groups (every ${groupBy} in your scope); at most ${count(limit)} per request: filter to fewer ${PLURAL[groupBy]}, or group by a coarser dimension`;
  }
  return { message, details: [{ field: 'groupBy', reason: message }] };
}

/** The same check for a time grain over the local days `first`…`last` (both included). */
export function dayRangeGroupRefusal(
  days: { first: string; last: string },
  grain: TimeGrain,
  limit: number = COST_LIMITS.groupsPerRequest,
): CostRefusal | null {
  const { first, last } = days;
  return groupCountRefusal(grain, bucketCount(first, last, grain), bucketCount(first, last, 'day'), limit);
}

/** The same check for a time grain over a window, in the organisation's zone. */
export function timeGroupRefusal(
  window: Window,
  grain: TimeGrain,
  zone: string,
  limit: number = COST_LIMITS.groupsPerRequest,
): CostRefusal | null {
  return dayRangeGroupRefusal(daysTouched(window, zone), grain, limit);
}

/**
 * The finest grain, from `preferred` to coarser ones, whose buckets over the days
 * `first`…`last` stay within the limit (month when none does: 20 years make 241 months).
 */
export function grainWithinLimit(
  first: string,
  last: string,
  preferred: TimeGrain,
  limit: number = COST_LIMITS.groupsPerRequest,
): TimeGrain {
  const candidates = TIME_GRAINS.slice(TIME_GRAINS.indexOf(preferred));
  return candidates.find((g) => bucketCount(first, last, g) <= limit) ?? 'month';
}

/**
 * Whether a page of a paged list starts too deep (an OFFSET the database must walk);
 * the reason for the `page` field, or null.
 */
export function listDepthRefusal(
  page: number,
  pageSize: number,
  limit: number = COST_LIMITS.listDepth,
): string | null {
  const skipped = (page - 1) * pageSize;
  if (skipped < limit) return null;
  return `page ${count(page)} of ${count(pageSize)} starts after row ${count(skipped)}; lists stop at the first ${count(limit)} rows (page ${count(lastListedPage(Number.POSITIVE_INFINITY, pageSize, limit))} at this page size): narrow the filters or the window`;
}

/** The last page a list of `total` rows offers at this page size, within the depth limit. */
export function lastListedPage(
  total: number,
  pageSize: number,
  limit: number = COST_LIMITS.listDepth,
): number {
  return Math.max(1, Math.min(Math.ceil(total / pageSize), Math.ceil(limit / pageSize)));
}
