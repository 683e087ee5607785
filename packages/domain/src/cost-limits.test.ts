import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COST_LIMITS,
  grainWithinLimit,
  groupCountRefusal,
  lastListedPage,
  listDepthRefusal,
  timeGroupRefusal,
} from './cost-limits.ts';
import { ZAuditQuery } from './schemas/access.ts';
import { TOO_COSTLY, ZCustomerSearchQuery, ZDrillQuery, ZPageQuery } from './schemas/api.ts';
import { ZCaseListQuery } from './schemas/closed-loop.ts';
import { bucketCount, daysTouched, parseInstant, type TimeGrain, timeBuckets } from './time.ts';

const ZONES = ['UTC', 'Europe/Paris', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham'];
const GRAINS: TimeGrain[] = ['day', 'week', 'month'];

describe('bucket counts', () => {
  // exact but for zones whose clocks change at midnight (America/Santiago): there the engine's
  // day list can miss the partial last day (left for the KPI engine's own fix), and the count
  // is one above; a limit may over-count, never under-count
  it('count the buckets the KPI engine makes, in any zone, from any instant (never fewer, at most one more)', () => {
    const start = Date.UTC(2015, 0, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 * 365 * 86_400_000 }),
        fc.integer({ min: 1, max: 200 * 86_400_000 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...GRAINS),
        (offset, span, zone, grain) => {
          const window = { from: start + offset, to: start + offset + span };
          const { first, last } = daysTouched(window, zone);
          const engine = timeBuckets(window, grain, zone).length;
          const counted = bucketCount(first, last, grain);
          expect(counted).toBeGreaterThanOrEqual(engine);
          expect(counted - engine).toBeLessThanOrEqual(zone === 'America/Santiago' ? 1 : 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the issue’s request: 20 years by day are 7,304 days, by week 1,044 weeks, by month 240 months', () => {
    expect(bucketCount('2007-01-01', '2026-12-30', 'day')).toBe(7_304);
    expect(bucketCount('2007-01-01', '2026-12-30', 'week')).toBe(1_044);
    expect(bucketCount('2007-01-01', '2026-12-30', 'month')).toBe(240);
    // a week runs Monday to Sunday: a Sunday and the next Monday are two weeks
    expect(bucketCount('2026-11-29', '2026-11-30', 'week')).toBe(2);
  });
});

describe('group-by limits', () => {
  const window = (from: string, to: string, zone = 'UTC') => ({
    from: parseInstant(from, zone) ?? Number.NaN,
    to: parseInstant(to, zone) ?? Number.NaN,
  });

  it('refuses a daily series over 20 years, naming the field, the count and what to ask instead', () => {
    const refusal = timeGroupRefusal(window('2007-01-01', '2026-12-31'), 'day', 'UTC');
    expect(refusal?.message).toBe(
      'groupBy=day over 7,304 days makes 7,304 buckets; at most 1,000 per request: choose week or month, or a shorter window',
    );
    expect(refusal?.details).toEqual([{ field: 'groupBy', reason: refusal?.message }]);
    expect(timeGroupRefusal(window('2007-01-01', '2026-12-31'), 'week', 'UTC')?.message).toMatch(
      /makes 1,044 buckets; at most 1,000 per request: choose month, or a shorter window$/,
    );
    expect(timeGroupRefusal(window('2007-01-01', '2026-12-31'), 'month', 'UTC')).toBeNull();
  });

  it('allows exactly the limit: 1,000 days by day, not 1,001', () => {
    expect(COST_LIMITS.groupsPerRequest).toBe(1_000);
    expect(timeGroupRefusal(window('2024-01-01', '2026-09-27'), 'day', 'UTC')).toBeNull();
    expect(timeGroupRefusal(window('2024-01-01', '2026-09-28'), 'day', 'UTC')).not.toBeNull();
    // a window that starts mid-day touches one more day
    expect(timeGroupRefusal(window('2024-01-01T12:00', '2026-09-27T12:00'), 'day', 'UTC')).not.toBeNull();
  });

  it('refuses a dimension with too many values, saying how to narrow it', () => {
    expect(groupCountRefusal('touchpoint', 1_000, null)).toBeNull();
    expect(groupCountRefusal('region', 4_321, null)?.message).toBe(
      'groupBy=region makes 4,321 groups (every region in your scope); at most 1,000 per request: filter to fewer regions, or group by a coarser dimension',
    );
  });

  it('the trend views coarsen the grain until the series fits', () => {
    expect(grainWithinLimit('2026-01-01', '2026-12-31', 'day')).toBe('day');
    expect(grainWithinLimit('2020-01-01', '2026-12-31', 'day')).toBe('week');
    expect(grainWithinLimit('2007-01-01', '2026-12-31', 'day')).toBe('month');
    expect(grainWithinLimit('2007-01-01', '2026-12-31', 'month', 10)).toBe('month');
  });
});

describe('list depth', () => {
  it('a page must start within the first 10,000 rows', () => {
    expect(listDepthRefusal(200, 50)).toBeNull();
    expect(listDepthRefusal(201, 50)).toBe(
      'page 201 of 50 starts after row 10,000; lists stop at the first 10,000 rows (page 200 at this page size): narrow the filters or the window',
    );
    expect(listDepthRefusal(21, 500)).not.toBeNull();
    expect(lastListedPage(10_001, 50)).toBe(200);
    expect(lastListedPage(120, 50)).toBe(3);
    expect(lastListedPage(0, 50)).toBe(1);
  });

  it.each([
    ['ZPageQuery', ZPageQuery],
    ['ZCustomerSearchQuery', ZCustomerSearchQuery],
    ['ZDrillQuery', ZDrillQuery],
    ['ZCaseListQuery', ZCaseListQuery],
    ['ZAuditQuery', ZAuditQuery],
  ] as const)('%s refuses a deep page, marking the issue too costly', (_name, schema) => {
    expect(schema.safeParse({ page: '100', pageSize: '100' }).success).toBe(true);
    const result = schema.safeParse({ page: '101', pageSize: '100' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['page'], params: { [TOO_COSTLY]: true } }),
    ]);
  });
});
