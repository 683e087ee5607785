/**
 * Calendar math in the organisation's IANA time zone, through Luxon. Days, weeks (ISO, from
 * Monday) and months start at local midnight; a window is half-open [from, to).
 */
import { DateTime, IANAZone } from 'luxon';

export type Window = { from: number; to: number };

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The years a date or time may be in, as written (docs/decisions/010-one-byte-form-for-strings-and-dates.md):
 * wide enough for a customer acquired generations ago and for dates far ahead, narrow enough
 * to refuse a mistyped year (0026 for 2026, 9999 for "unknown") instead of storing it.
 * EARLIEST_YEAR ≥ 100 also keeps `Date.UTC` exact: it reads years 0–99 as 1900–1999.
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

export function yearInRange(year: number): boolean {
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

/** The reason given for a date outside the years above. */
export const YEAR_RANGE_REASON = `must be in the years ${EARLIEST_YEAR} to ${LATEST_YEAR}`;

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** ISO 8601 date-time; an offset or Z is optional (without one, the time is local to the zone) */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] as number;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * Parses an ISO 8601 date-time or a plain date (midnight in `zone`) to epoch milliseconds.
 * Returns null for anything else, including impossible dates (2026-02-30), hour 24 and a
 * year outside EARLIEST_YEAR–LATEST_YEAR (never shifted into it).
 * A time with an explicit offset needs no zone rules: it is computed directly, allocating
 * nothing but the match (the ingestion hot path, twice per record); a local time goes
 * through Luxon and the zone's rules.
 */
export function parseInstant(text: string, zone: string): number | null {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) {
    if (!PLAIN_DATE.test(text) || !yearInRange(Number(text.slice(0, 4)))) return null;
    const dt = DateTime.fromISO(text, { zone });
    return dt.isValid ? dt.toMillis() : null;
  }
  const year = Number(m[1]);
  if (!yearInRange(year)) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const fraction = m[7];
  // milliseconds: the first three digits of the fraction ("5" is 500 ms, "05" 50 ms)
  const ms =
    fraction === undefined
      ? 0
      : fraction.length >= 3
        ? Number(fraction.slice(0, 3))
        : Number(fraction) * (fraction.length === 1 ? 100 : 10);
  const offset = m[8];
  if (offset === undefined) {
    const dt = DateTime.fromObject({ year, month, day, hour, minute, second, millisecond: ms }, { zone });
    return dt.isValid ? dt.toMillis() : null;
  }
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

export function toIso(ms: number, zone = 'UTC'): string {
  if (zone === 'UTC') return new Date(ms).toISOString();
  return (
    DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: false }) ?? new Date(ms).toISOString()
  );
}

export function startOfLocalDay(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).startOf('day').toMillis();
}

/** The first local midnight strictly after `ms`: the end of the day `ms` falls in. */
export function nextLocalMidnight(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).startOf('day').plus({ days: 1 }).toMillis();
}

export function dayKeyOf(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() as string;
}

/** Local midnight of a 'YYYY-MM-DD' key. */
export function dayStart(dayKey: string, zone: string): number {
  return DateTime.fromISO(dayKey, { zone }).toMillis();
}

export function isLocalMidnight(ms: number, zone: string): boolean {
  return startOfLocalDay(ms, zone) === ms;
}

/**
 * Fast day keys for the ingestion hot path: Luxon once per local day, whose whole hours are
 * then cached by UTC hour (every hour of the day, in zones whose offsets are whole hours;
 * the odd hour that straddles midnight in a half-hour zone is computed each time).
 */
export class DayBucketer {
  private readonly byHour = new Map<number, string>();
  constructor(readonly zone: string) {}

  key(ms: number): string {
    const hour = Math.floor(ms / 3_600_000);
    const cached = this.byHour.get(hour);
    if (cached !== undefined) return cached;
    const start = DateTime.fromMillis(ms, { zone: this.zone }).startOf('day');
    const key = start.toISODate() as string;
    const from = start.toMillis();
    const to = start.plus({ days: 1 }).toMillis();
    if (this.byHour.size > 200_000) this.byHour.clear();
    for (let h = Math.ceil(from / 3_600_000); (h + 1) * 3_600_000 <= to; h++) this.byHour.set(h, key);
    return key;
  }
}

const bucketers = new Map<string, DayBucketer>();
/** One shared bucketer per zone: its cache then lasts across batches. */
export function dayBucketerFor(zone: string): DayBucketer {
  let b = bucketers.get(zone);
  if (!b) {
    b = new DayBucketer(zone);
    bucketers.set(zone, b);
  }
  return b;
}

/** Every local day key d with from ≤ start(d) < to. */
export function dayKeysIn(window: Window, zone: string): string[] {
  const keys: string[] = [];
  let d = DateTime.fromMillis(window.from, { zone }).startOf('day');
  if (d.toMillis() < window.from) d = d.plus({ days: 1 });
  while (d.toMillis() < window.to) {
    keys.push(d.toISODate() as string);
    d = d.plus({ days: 1 });
  }
  return keys;
}

export type TimeGrain = 'day' | 'week' | 'month';

/** The key of the week (its Monday) or month ('YYYY-MM-01') a day belongs to. */
export function bucketOfDay(dayKey: string, grain: TimeGrain): string {
  if (grain === 'day') return dayKey;
  const d = DateTime.fromISO(dayKey, { zone: 'UTC' });
  return (grain === 'week' ? d.startOf('week') : d.startOf('month')).toISODate() as string;
}

/** [start, end) of the bucket whose key is given, in the zone. */
export function bucketWindow(bucketKey: string, grain: TimeGrain, zone: string): Window {
  const start = DateTime.fromISO(bucketKey, { zone });
  const end = start.plus(grain === 'day' ? { days: 1 } : grain === 'week' ? { weeks: 1 } : { months: 1 });
  return { from: start.toMillis(), to: end.toMillis() };
}

/** The first and last local days a window touches: the first even when it starts mid-day. */
export function daysTouched(window: Window, zone: string): { first: string; last: string } {
  return { first: dayKeyOf(window.from, zone), last: dayKeyOf(window.to - 1, zone) };
}

/** How many buckets of a grain the days `first`…`last` (day keys, both included) fall in. */
export function bucketCount(first: string, last: string, grain: TimeGrain): number {
  const a = DateTime.fromISO(bucketOfDay(first, grain), { zone: 'UTC' });
  const b = DateTime.fromISO(bucketOfDay(last, grain), { zone: 'UTC' });
  if (grain === 'month') return (b.year - a.year) * 12 + (b.month - a.month) + 1;
  return Math.round(b.diff(a, 'days').days / (grain === 'week' ? 7 : 1)) + 1;
}

/**
 * The buckets of a grain a window touches, each with its own window: the first starts at
 * the window's start and the last stops at its end, even mid-day.
 */
export function timeBuckets(
  window: Window,
  grain: TimeGrain,
  zone: string,
): { key: string; window: Window }[] {
  const keys = new Set<string>();
  for (const day of [dayKeyOf(window.from, zone), ...dayKeysIn(window, zone)])
    keys.add(bucketOfDay(day, grain));
  const ordered = [...keys];
  return ordered.map((key, b) => ({
    key,
    window: {
      from: b === 0 ? window.from : dayStart(key, zone),
      to: b === ordered.length - 1 ? window.to : dayStart(ordered[b + 1] as string, zone),
    },
  }));
}

/**
 * The previous period of the same length: the same number of local days when both ends are
 * local midnights (so a DST change does not shift it off midnight), else the same duration.
 */
export function previousWindow(window: Window, zone: string): Window {
  if (isLocalMidnight(window.from, zone) && isLocalMidnight(window.to, zone)) {
    const from = DateTime.fromMillis(window.from, { zone });
    const days = Math.round(DateTime.fromMillis(window.to, { zone }).diff(from, 'days').days);
    return { from: from.minus({ days }).toMillis(), to: window.from };
  }
  return { from: window.from - (window.to - window.from), to: window.from };
}

export type Period = { kind: 'month' | 'quarter' | 'year'; key: string };

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

export function parsePeriod(key: string): Period | null {
  const m = PERIOD.exec(key);
  if (!m || !yearInRange(Number(m[1]))) return null;
  if (m[2]) return { kind: 'month', key };
  if (m[3]) return { kind: 'quarter', key };
  return { kind: 'year', key };
}

export function periodWindow(key: string, zone: string): Window {
  const m = PERIOD.exec(key);
  if (!m) throw new RangeError(`not a period: ${key}`);
  const year = Number(m[1]);
  if (m[2]) {
    const start = DateTime.fromObject({ year, month: Number(m[2]), day: 1 }, { zone });
    return { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis() };
  }
  if (m[3]) {
    const start = DateTime.fromObject({ year, month: (Number(m[3]) - 1) * 3 + 1, day: 1 }, { zone });
    return { from: start.toMillis(), to: start.plus({ months: 3 }).toMillis() };
  }
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  return { from: start.toMillis(), to: start.plus({ years: 1 }).toMillis() };
}

/** The period of the given kind that contains `ms`. */
export function periodContaining(ms: number, kind: Period['kind'], zone: string): string {
  const d = DateTime.fromMillis(ms, { zone });
  if (kind === 'month') return d.toFormat('yyyy-MM');
  if (kind === 'quarter') return `${d.year}-Q${d.quarter}`;
  return String(d.year);
}

/** Months of a period, as 'YYYY-MM' keys, for goal trend charts. */
export function monthsOfPeriod(key: string, zone: string): string[] {
  const w = periodWindow(key, zone);
  const months: string[] = [];
  let d = DateTime.fromMillis(w.from, { zone });
  while (d.toMillis() < w.to) {
    months.push(d.toFormat('yyyy-MM'));
    d = d.plus({ months: 1 });
  }
  return months;
}
