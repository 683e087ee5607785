import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  bucketOfDay,
  bucketWindow,
  DayBucketer,
  dayKeyOf,
  dayKeysIn,
  dayStart,
  EARLIEST_YEAR,
  isLocalMidnight,
  isValidTimeZone,
  LATEST_YEAR,
  monthsOfPeriod,
  parseInstant,
  parsePeriod,
  periodContaining,
  periodWindow,
  previousWindow,
  startOfLocalDay,
  toIso,
} from './time.ts';

const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';
const KOLKATA = 'Asia/Kolkata';
const LORD_HOWE = 'Australia/Lord_Howe';
const ZONES = ['UTC', PARIS, NEW_YORK, KOLKATA, LORD_HOWE] as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** parseInstant that must succeed */
function at(text: string, zone: string): number {
  const ms = parseInstant(text, zone);
  if (ms === null) throw new Error(`could not parse ${text} in ${zone}`);
  return ms;
}

describe('the local day of an instant', () => {
  // 2026-03-14T23:30:00Z is 00:30 on 15 March in Paris (UTC+1 in winter)
  const instant = Date.UTC(2026, 2, 14, 23, 30);

  it('is the next calendar day in Paris late in the UTC evening', () => {
    expect(dayKeyOf(instant, PARIS)).toBe('2026-03-15');
    expect(new DayBucketer(PARIS).key(instant)).toBe('2026-03-15');
  });

  it('is the UTC date in UTC', () => {
    expect(dayKeyOf(instant, 'UTC')).toBe('2026-03-14');
    expect(new DayBucketer('UTC').key(instant)).toBe('2026-03-14');
  });

  it('is the previous day in New York (19:30 EDT)', () => {
    expect(dayKeyOf(instant, NEW_YORK)).toBe('2026-03-14');
  });

  it('changes at 18:30 UTC in Kolkata (+05:30), even after the bucketer cached that hour', () => {
    const b = new DayBucketer(KOLKATA);
    // 18:10Z = 23:40 local; 18:29:59.999Z = 23:59:59.999 local; 18:30Z = midnight on the 15th
    expect(b.key(Date.UTC(2026, 2, 14, 18, 10))).toBe('2026-03-14');
    expect(b.key(Date.UTC(2026, 2, 14, 18, 29, 59, 999))).toBe('2026-03-14');
    expect(b.key(Date.UTC(2026, 2, 14, 18, 30))).toBe('2026-03-15');
    expect(b.key(Date.UTC(2026, 2, 14, 18, 10))).toBe('2026-03-14');
  });

  it('changes at 13:00 UTC in Lord Howe during its DST (+11) and at 13:30 UTC after it (+10:30)', () => {
    const b = new DayBucketer(LORD_HOWE);
    // March 2026: +11, so local midnight of the 15th is 2026-03-14T13:00Z
    expect(b.key(Date.UTC(2026, 2, 14, 12, 59, 59, 999))).toBe('2026-03-14');
    expect(b.key(Date.UTC(2026, 2, 14, 13, 0))).toBe('2026-03-15');
    // DST ends on Sunday 5 April 2026; on 10 April (+10:30) midnight is 2026-04-09T13:30Z
    expect(b.key(Date.UTC(2026, 3, 9, 13, 29, 59, 999))).toBe('2026-04-09');
    expect(b.key(Date.UTC(2026, 3, 9, 13, 30))).toBe('2026-04-10');
    expect(dayKeyOf(Date.UTC(2026, 3, 9, 13, 29), LORD_HOWE)).toBe('2026-04-09');
  });

  it('starts at local midnight', () => {
    expect(startOfLocalDay(instant, PARIS)).toBe(Date.UTC(2026, 2, 14, 23));
    expect(isLocalMidnight(Date.UTC(2026, 2, 14, 23), PARIS)).toBe(true);
    expect(isLocalMidnight(Date.UTC(2026, 2, 14, 23), 'UTC')).toBe(false);
    expect(isLocalMidnight(Date.UTC(2026, 2, 15), 'UTC')).toBe(true);
  });

  it('dayStart gives local midnight, and the DST day in Paris lasts 23 hours', () => {
    // 29 March 2026: clocks go from 02:00 CET to 03:00 CEST
    expect(dayStart('2026-03-29', PARIS)).toBe(Date.UTC(2026, 2, 28, 23));
    expect(dayStart('2026-03-30', PARIS)).toBe(Date.UTC(2026, 2, 29, 22));
    expect(dayStart('2026-03-30', PARIS) - dayStart('2026-03-29', PARIS)).toBe(23 * HOUR);
  });
});

describe('DayBucketer agrees with dayKeyOf', () => {
  const from = Date.UTC(1995, 0, 1);
  const to = Date.UTC(2045, 0, 1);

  it.each(ZONES)('for random instants in %s (one bucketer reused across runs)', (zone) => {
    const bucketer = new DayBucketer(zone);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: from, max: to }), { minLength: 1, maxLength: 50 }),
        (instants) => {
          for (const ms of instants) expect(bucketer.key(ms)).toBe(dayKeyOf(ms, zone));
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each(ZONES)('for instants within minutes of a local midnight in %s', (zone) => {
    const bucketer = new DayBucketer(zone);
    const nearMidnight = fc
      .tuple(fc.integer({ min: 0, max: 365 * 50 }), fc.integer({ min: -2 * HOUR, max: 2 * HOUR }))
      .map(([day, delta]) => {
        const midnight = DateTime.fromMillis(from, { zone }).startOf('day').plus({ days: day }).toMillis();
        return midnight + delta;
      });
    fc.assert(
      fc.property(fc.array(nearMidnight, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(bucketer.key(ms)).toBe(dayKeyOf(ms, zone));
      }),
      { numRuns: 300 },
    );
  });

  it.each(ZONES)(
    'for every quarter hour (and the millisecond before) around the 2026 DST changes in %s',
    (zone) => {
      const bucketer = new DayBucketer(zone);
      const spans: [number, number][] = [
        [Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 15)],
        [Date.UTC(2026, 8, 25), Date.UTC(2026, 10, 10)],
      ];
      for (const [start, end] of spans) {
        for (let ms = start; ms < end; ms += 15 * 60_000) {
          expect(bucketer.key(ms - 1)).toBe(dayKeyOf(ms - 1, zone));
          expect(bucketer.key(ms)).toBe(dayKeyOf(ms, zone));
        }
      }
    },
  );
});

describe('parseInstant', () => {
  it('reads a plain date as midnight in the zone', () => {
    expect(at('2026-03-15', PARIS)).toBe(Date.UTC(2026, 2, 14, 23)); // +01:00
    expect(at('2026-07-01', PARIS)).toBe(Date.UTC(2026, 5, 30, 22)); // +02:00 in summer
    expect(at('2026-03-15', 'UTC')).toBe(Date.UTC(2026, 2, 15));
    expect(at('2026-03-15', KOLKATA)).toBe(Date.UTC(2026, 2, 14, 18, 30));
  });

  it('reads Z as UTC, whatever the zone', () => {
    for (const zone of ZONES) expect(at('2026-03-14T23:30:00Z', zone)).toBe(Date.UTC(2026, 2, 14, 23, 30));
  });

  it('reads an explicit offset, whatever the zone', () => {
    const expected = Date.UTC(2026, 2, 14, 23, 30);
    for (const zone of ZONES) {
      expect(at('2026-03-15T00:30:00+01:00', zone)).toBe(expected);
      expect(at('2026-03-15T05:00+05:30', zone)).toBe(expected);
      expect(at('2026-03-15T05:00:00+0530', zone)).toBe(expected);
      expect(at('2026-03-14T19:30:00-04:00', zone)).toBe(expected);
    }
  });

  it('reads fractions of a second', () => {
    expect(at('2026-03-14T18:30:00.250Z', 'UTC')).toBe(Date.UTC(2026, 2, 14, 18, 30, 0, 250));
  });

  it('reads a time without an offset as local to the zone', () => {
    // 14 March 2026 is after the US DST change (8 March): New York is UTC−4
    expect(at('2026-03-14T10:00', NEW_YORK)).toBe(Date.UTC(2026, 2, 14, 14));
    expect(at('2026-03-14 10:00:00', NEW_YORK)).toBe(Date.UTC(2026, 2, 14, 14));
    // 1 March is before it: UTC−5
    expect(at('2026-03-01T10:00', NEW_YORK)).toBe(Date.UTC(2026, 2, 1, 15));
    expect(at('2026-03-14T10:00', KOLKATA)).toBe(Date.UTC(2026, 2, 14, 4, 30));
    expect(at('2026-03-14T10:00:00', 'UTC')).toBe(Date.UTC(2026, 2, 14, 10));
  });

  it('accepts 29 February in a leap year only (every 4 years, not every 100, every 400)', () => {
    expect(at('2024-02-29', 'UTC')).toBe(Date.UTC(2024, 1, 29));
    expect(at('2000-02-29T12:00:00Z', 'UTC')).toBe(Date.UTC(2000, 1, 29, 12));
    expect(parseInstant('2026-02-29', 'UTC')).toBeNull();
    expect(parseInstant('2100-02-29T12:00:00Z', 'UTC')).toBeNull();
  });

  it('reads every year 0001–9999 as Luxon does inside the accepted years, refuses it outside, never shifts it', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const arb = fc.record({
      // every year, and more often the edges of the range and 0–99, which Date.UTC reads as 19xx
      year: fc.oneof(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: EARLIEST_YEAR - 2, max: EARLIEST_YEAR + 1 }),
        fc.integer({ min: LATEST_YEAR - 1, max: LATEST_YEAR + 2 }),
      ),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
      fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
      /** a plain date, a local time (no offset: the zone's rules), or an offset */
      form: fc.oneof(
        fc.constant('date' as const),
        fc.constant('local' as const),
        fc.constant('Z'),
        fc.record({
          sign: fc.constantFrom('+', '-'),
          h: fc.integer({ min: 0, max: 14 }),
          m: fc.constantFrom(0, 30, 45),
        }),
      ),
      zone: fc.constantFrom(...ZONES),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const date = `${String(x.year).padStart(4, '0')}-${two(x.month)}-${two(x.day)}`;
        const time =
          `T${two(x.hour)}:${two(x.minute)}` +
          (x.second === undefined
            ? ''
            : `:${two(x.second)}${x.fraction === undefined ? '' : `.${x.fraction}`}`);
        const text =
          x.form === 'date'
            ? date
            : x.form === 'local'
              ? date + time
              : date +
                time +
                (typeof x.form === 'string' ? x.form : `${x.form.sign}${two(x.form.h)}:${two(x.form.m)}`);
        const parsed = parseInstant(text, x.zone);
        if (x.year < EARLIEST_YEAR || x.year > LATEST_YEAR) {
          expect(parsed, text).toBeNull();
          return;
        }
        const local = x.form === 'date' || x.form === 'local';
        const luxon = DateTime.fromISO(text, local ? { zone: x.zone } : { setZone: true });
        expect(parsed, text).toBe(luxon.isValid ? luxon.toMillis() : null);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    '0026-11-20T09:12:00Z',
    '0026-11-20',
    '0000-01-01',
    '0099-12-31T23:59:59+01:00',
    '1899-12-31T23:59:59Z',
    '2201-01-01',
    '9999-12-31T23:59:59Z',
  ])('refuses %j, a year outside 1900–2200, instead of shifting it', (text) => {
    expect(parseInstant(text, PARIS)).toBeNull();
  });

  it('accepts the first and last day of the accepted years', () => {
    expect(at('1900-01-01T00:00:00Z', PARIS)).toBe(Date.UTC(1900, 0, 1));
    expect(at('2200-12-31T23:59:59Z', PARIS)).toBe(Date.UTC(2200, 11, 31, 23, 59, 59));
  });

  it.each([
    '2026-02-30',
    '2026-02-30T10:00:00Z',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-03-14T25:00',
    '2026-03-14T10:60',
    '2026-3-14',
    '14/03/2026',
    '2026-03-14T10:00:00+5',
    'now',
    '',
  ])('refuses %j', (text) => {
    expect(parseInstant(text, PARIS)).toBeNull();
  });
});

describe('toIso and zones', () => {
  it('prints UTC with Z and other zones with their offset', () => {
    const ms = Date.UTC(2026, 2, 14, 23, 30);
    expect(toIso(ms)).toBe('2026-03-14T23:30:00.000Z');
    expect(toIso(ms, PARIS)).toBe('2026-03-15T00:30:00.000+01:00');
    expect(toIso(ms, KOLKATA)).toBe('2026-03-15T05:00:00.000+05:30');
  });

  it('knows valid IANA zones', () => {
    expect(isValidTimeZone(PARIS)).toBe(true);
    expect(isValidTimeZone(LORD_HOWE)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('periods (month, quarter, year)', () => {
  it('parses period keys', () => {
    expect(parsePeriod('2026-03')).toEqual({ kind: 'month', key: '2026-03' });
    expect(parsePeriod('2026-Q2')).toEqual({ kind: 'quarter', key: '2026-Q2' });
    expect(parsePeriod('2026')).toEqual({ kind: 'year', key: '2026' });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('2026-Q5')).toBeNull();
    expect(parsePeriod('26-03')).toBeNull();
    expect(parsePeriod('0026-03')).toBeNull();
    expect(parsePeriod('9999')).toBeNull();
  });

  it('a month runs from local midnight of the 1st to that of the next 1st', () => {
    const w = periodWindow('2026-03', PARIS);
    // 1 March 00:00 +01:00 → 1 April 00:00 +02:00: 31 days minus the DST hour
    expect(w.from).toBe(Date.UTC(2026, 1, 28, 23));
    expect(w.to).toBe(Date.UTC(2026, 2, 31, 22));
    expect(w.to - w.from).toBe(31 * DAY - HOUR);
    expect(periodWindow('2026-02', 'UTC')).toEqual({ from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 1) });
    expect(periodWindow('2026-12', 'UTC')).toEqual({ from: Date.UTC(2026, 11, 1), to: Date.UTC(2027, 0, 1) });
  });

  it('a quarter is three months', () => {
    expect(periodWindow('2026-Q1', 'UTC')).toEqual({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 3, 1) });
    expect(periodWindow('2026-Q4', 'UTC')).toEqual({ from: Date.UTC(2026, 9, 1), to: Date.UTC(2027, 0, 1) });
    // Q2 in New York: 1 April 00:00 EDT (−4) → 1 July 00:00 EDT
    expect(periodWindow('2026-Q2', NEW_YORK)).toEqual({
      from: Date.UTC(2026, 3, 1, 4),
      to: Date.UTC(2026, 6, 1, 4),
    });
  });

  it('a year runs from local midnight of 1 January', () => {
    expect(periodWindow('2026', PARIS)).toEqual({
      from: Date.UTC(2025, 11, 31, 23),
      to: Date.UTC(2026, 11, 31, 23),
    });
    expect(periodWindow('2024', 'UTC').to - periodWindow('2024', 'UTC').from).toBe(366 * DAY);
  });

  it('refuses a key that is not a period', () => {
    expect(() => periodWindow('2026-13', 'UTC')).toThrow(RangeError);
    expect(() => periodWindow('March', 'UTC')).toThrow(RangeError);
  });

  it('finds the period containing an instant in the zone', () => {
    // 2026-03-31T22:30Z is 00:30 on 1 April in Paris
    const ms = Date.UTC(2026, 2, 31, 22, 30);
    expect(periodContaining(ms, 'month', PARIS)).toBe('2026-04');
    expect(periodContaining(ms, 'quarter', PARIS)).toBe('2026-Q2');
    expect(periodContaining(ms, 'month', 'UTC')).toBe('2026-03');
    expect(periodContaining(ms, 'quarter', 'UTC')).toBe('2026-Q1');
    expect(periodContaining(Date.UTC(2026, 11, 31, 23, 30), 'year', PARIS)).toBe('2027');
  });

  it('lists the months of a period', () => {
    expect(monthsOfPeriod('2026-Q1', PARIS)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsOfPeriod('2026-07', PARIS)).toEqual(['2026-07']);
    expect(monthsOfPeriod('2026', 'UTC')).toHaveLength(12);
  });
});

describe('the previous window of the same length', () => {
  it('the 7 local days ending 2026-03-30 (DST on the 29th) step back 7 local days', () => {
    // [23 Mar 00:00 +01:00, 30 Mar 00:00 +02:00) is 167 hours long
    const w = { from: at('2026-03-23', PARIS), to: at('2026-03-30', PARIS) };
    expect(w.to - w.from).toBe(7 * DAY - HOUR);
    const p = previousWindow(w, PARIS);
    expect(p).toEqual({ from: at('2026-03-16', PARIS), to: at('2026-03-23', PARIS) });
    expect(isLocalMidnight(p.from, PARIS)).toBe(true);
    expect(p.to - p.from).toBe(7 * DAY); // 168 hours: a full winter week
  });

  it('the 7 local days through 30 March step back to local midnight, not to 01:00', () => {
    // [24 Mar, 31 Mar) lasts 167 h; 167 h before 24 Mar 00:00 would be 17 Mar 01:00
    const w = { from: at('2026-03-24', PARIS), to: at('2026-03-31', PARIS) };
    const p = previousWindow(w, PARIS);
    expect(p).toEqual({ from: at('2026-03-17', PARIS), to: at('2026-03-24', PARIS) });
    expect(toIso(p.from, PARIS)).toBe('2026-03-17T00:00:00.000+01:00');
  });

  it('a week after the DST change steps back over it to a local midnight', () => {
    // [30 Mar, 6 Apr) lasts 168 h; 168 h before 30 Mar 00:00 +02:00 would be 22 Mar 23:00 +01:00
    const w = { from: at('2026-03-30', PARIS), to: at('2026-04-06', PARIS) };
    const p = previousWindow(w, PARIS);
    expect(p).toEqual({ from: at('2026-03-23', PARIS), to: at('2026-03-30', PARIS) });
    expect(toIso(p.from, PARIS)).toBe('2026-03-23T00:00:00.000+01:00');
  });

  it('a window that is not on local midnights steps back by its duration', () => {
    const w = { from: at('2026-03-14T10:00', PARIS), to: at('2026-03-14T16:00', PARIS) };
    expect(previousWindow(w, PARIS)).toEqual({ from: at('2026-03-14T04:00', PARIS), to: w.from });
  });

  it('ends where the window starts, for any whole-day window', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 3650 }),
        fc.integer({ min: 1, max: 120 }),
        (zone, offset, days) => {
          const start = DateTime.fromISO('2020-01-01', { zone }).plus({ days: offset });
          const w = { from: start.toMillis(), to: start.plus({ days }).toMillis() };
          const p = previousWindow(w, zone);
          expect(p.to).toBe(w.from);
          expect(p.from).toBe(start.minus({ days }).toMillis());
          expect(isLocalMidnight(p.from, zone)).toBe(true);
          expect(dayKeysIn(p, zone)).toHaveLength(days);
        },
      ),
    );
  });
});

describe('day keys of a window', () => {
  it('lists every local day starting inside [from, to), across the DST change', () => {
    const w = { from: at('2026-03-28', PARIS), to: at('2026-03-31', PARIS) };
    expect(dayKeysIn(w, PARIS)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('skips a day that started before `from` and keeps one that starts before `to`', () => {
    const w = { from: at('2026-03-28T12:00', PARIS), to: at('2026-03-30T12:00', PARIS) };
    expect(dayKeysIn(w, PARIS)).toEqual(['2026-03-29', '2026-03-30']);
  });

  it('is empty for an empty window', () => {
    const t = at('2026-03-28', PARIS);
    expect(dayKeysIn({ from: t, to: t }, PARIS)).toEqual([]);
  });

  it('depends on the zone', () => {
    // [2026-03-14T23:00Z, 2026-03-15T23:00Z) is exactly 15 March in Paris; the only UTC midnight
    // inside is 15 March 00:00Z; the only Kolkata midnight inside is 16 March (15 March 18:30Z)
    const w = { from: Date.UTC(2026, 2, 14, 23), to: Date.UTC(2026, 2, 15, 23) };
    expect(dayKeysIn(w, PARIS)).toEqual(['2026-03-15']);
    expect(dayKeysIn(w, 'UTC')).toEqual(['2026-03-15']);
    expect(dayKeysIn(w, KOLKATA)).toEqual(['2026-03-16']);
  });
});

describe('week and month buckets of a day', () => {
  it('a week starts on the ISO Monday', () => {
    expect(bucketOfDay('2026-03-15', 'week')).toBe('2026-03-09'); // Sunday → the Monday before
    expect(bucketOfDay('2026-03-16', 'week')).toBe('2026-03-16'); // Monday → itself
    expect(bucketOfDay('2026-03-18', 'week')).toBe('2026-03-16'); // Wednesday
    expect(bucketOfDay('2027-01-01', 'week')).toBe('2026-12-28'); // Friday, across the year
  });

  it('a month starts on the 1st', () => {
    expect(bucketOfDay('2026-03-15', 'month')).toBe('2026-03-01');
    expect(bucketOfDay('2026-03-01', 'month')).toBe('2026-03-01');
    expect(bucketOfDay('2026-12-31', 'month')).toBe('2026-12-01');
  });

  it('a day is its own bucket', () => {
    expect(bucketOfDay('2026-03-15', 'day')).toBe('2026-03-15');
  });

  it('every day of a random week bucket is a Monday at most 6 days before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (n) => {
        const day = DateTime.fromISO('2000-01-01', { zone: 'UTC' }).plus({ days: n });
        const monday = DateTime.fromISO(bucketOfDay(day.toISODate() as string, 'week'), { zone: 'UTC' });
        expect(monday.weekday).toBe(1);
        const gap = day.diff(monday, 'days').days;
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThanOrEqual(6);
      }),
    );
  });

  it('bucket windows span local days, the DST week being 167 hours in Paris', () => {
    const w = bucketWindow('2026-03-23', 'week', PARIS);
    expect(w).toEqual({ from: at('2026-03-23', PARIS), to: at('2026-03-30', PARIS) });
    expect(w.to - w.from).toBe(7 * DAY - HOUR);
    expect(bucketWindow('2026-03-29', 'day', PARIS)).toEqual({
      from: Date.UTC(2026, 2, 28, 23),
      to: Date.UTC(2026, 2, 29, 22),
    });
    expect(bucketWindow('2026-03-01', 'month', 'UTC')).toEqual({
      from: Date.UTC(2026, 2, 1),
      to: Date.UTC(2026, 3, 1),
    });
  });
});
