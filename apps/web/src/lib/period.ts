/**
 * The period picker's model: a month, quarter or year (the goal period keys of the API:
 * 2026-11, 2026-Q4, 2026) or a custom range of days. Windows are sent to the API as plain
 * dates, which the server reads as local midnights in the organisation's time zone.
 */
import { type GroupBy, grainWithinLimit } from '@parcours/domain';
import { addDays, addMonths, daysBetween, isPlainDate, startOfMonth } from './dates.ts';

export type PeriodKind = 'month' | 'quarter' | 'year';
export type PeriodSelection =
  | { kind: PeriodKind; key: string }
  | { kind: 'custom'; from: string; to: string };
/** [from, to) in plain days; `toDate` is true when the window stops at today because the period is not over */
export type DayWindow = { from: string; to: string; toDate: boolean };

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

export function periodKindOf(key: string): PeriodKind | null {
  const m = PERIOD.exec(key);
  if (!m) return null;
  return m[2] ? 'month' : m[3] ? 'quarter' : 'year';
}

export function periodContaining(day: string, kind: PeriodKind): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (kind === 'month') return day.slice(0, 7);
  if (kind === 'quarter') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return year;
}

/** [first day, first day after) of a period key */
export function periodBounds(key: string): { from: string; to: string } {
  const m = PERIOD.exec(key);
  if (!m) throw new RangeError(`not a period: ${key}`);
  const year = m[1] ?? '1970';
  if (m[2]) {
    const from = `${year}-${m[2]}-01`;
    return { from, to: addMonths(from, 1) };
  }
  if (m[3]) {
    const month = String((Number(m[3]) - 1) * 3 + 1).padStart(2, '0');
    const from = `${year}-${month}-01`;
    return { from, to: addMonths(from, 3) };
  }
  return { from: `${year}-01-01`, to: `${Number(year) + 1}-01-01` };
}

/** The selection a URL describes; by default the current quarter. */
export function selectionFrom(
  search: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
): PeriodSelection {
  if (search.period) {
    const kind = periodKindOf(search.period);
    if (kind) return { kind, key: search.period };
  }
  if (
    search.from &&
    search.to &&
    isPlainDate(search.from) &&
    isPlainDate(search.to) &&
    search.from < search.to
  ) {
    return { kind: 'custom', from: search.from, to: search.to };
  }
  return { kind: 'quarter', key: periodContaining(today, 'quarter') };
}

/** The KPI window: the whole period, or up to the end of today while the period is under way. */
export function windowOf(selection: PeriodSelection, today: string): DayWindow {
  if (selection.kind === 'custom') return { from: selection.from, to: selection.to, toDate: false };
  const { from, to } = periodBounds(selection.key);
  const tomorrow = addDays(today, 1);
  if (from <= today && tomorrow < to) return { from, to: tomorrow, toDate: true };
  return { from, to, toDate: false };
}

/** The goal period to show for a selection: the period itself, or the quarter holding the end of a custom range. */
export function goalPeriodOf(selection: PeriodSelection): string {
  if (selection.kind !== 'custom') return selection.key;
  return periodContaining(addDays(selection.to, -1), 'quarter');
}

/** The last `count` periods of a kind, newest first, for the picker. */
export function recentPeriods(kind: PeriodKind, today: string, count: number): string[] {
  const keys: string[] = [];
  let day = today;
  for (let i = 0; i < count; i++) {
    const key = periodContaining(day, kind);
    keys.push(key);
    day = addDays(periodBounds(key).from, -1);
  }
  return keys;
}

export type TrendSpec = { from: string; to: string; groupBy: Extract<GroupBy, 'day' | 'week' | 'month'> };

/**
 * The window and grain of a trend (sparklines, goal trends): the twelve months up to the
 * end of the window for a month, quarter or year; a custom range by day, week or month
 * depending on its length, never finer than the server's limit of buckets per request.
 */
export function trendSpecOf(selection: PeriodSelection, today: string): TrendSpec {
  const window = windowOf(selection, today);
  if (selection.kind === 'custom') {
    const days = daysBetween(window.from, window.to);
    const readable = days <= 31 ? 'day' : days <= 190 ? 'week' : 'month';
    const groupBy = grainWithinLimit(window.from, addDays(window.to, -1), readable);
    return { from: window.from, to: window.to, groupBy };
  }
  const lastMonth = startOfMonth(addDays(window.to, -1));
  return { from: addMonths(lastMonth, -11), to: window.to, groupBy: 'month' };
}

/** The window of one trend bucket, to open the records behind a chart point. */
export function bucketWindow(key: string, groupBy: TrendSpec['groupBy']): { from: string; to: string } {
  if (groupBy === 'day') return { from: key, to: addDays(key, 1) };
  if (groupBy === 'week') return { from: key, to: addDays(key, 7) };
  return { from: startOfMonth(key), to: addMonths(startOfMonth(key), 1) };
}
