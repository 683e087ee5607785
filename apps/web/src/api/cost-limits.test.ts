/**
 * The web app never asks for a KPI request the server would refuse as too costly: the
 * trend views pick a grain within the limit, and a request over it is refused here with
 * the server's own message, without a request.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, addMonths, startOfMonth } from '../lib/dates.ts';
import { trendSpecOf } from '../lib/period.ts';
import { ApiError } from './api-error.ts';
import { api, kpiCostRefusal } from './endpoints.ts';

afterEach(() => vi.unstubAllGlobals());

const day = fc.integer({ min: 0, max: 20 * 365 }).map((n) => addDays('2007-01-01', n));

describe('KPI requests within the cost limit', () => {
  it('every trend the period picker can make is one the server answers', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 20 * 365 }), (from, length) => {
        const spec = trendSpecOf({ kind: 'custom', from, to: addDays(from, length) }, '2026-11-23');
        expect(kpiCostRefusal({ ...spec, filters: {} })).toBeNull();
        // the goal trends ask by month from the start of the trend's first month
        expect(
          kpiCostRefusal({ from: startOfMonth(spec.from), to: spec.to, filters: {}, groupBy: 'month' }),
        ).toBeNull();
      }),
    );
    for (const kind of ['month', 'quarter', 'year'] as const) {
      const spec = trendSpecOf(
        { kind, key: kind === 'month' ? '2026-11' : kind === 'quarter' ? '2026-Q4' : '2026' },
        '2026-11-23',
      );
      expect(kpiCostRefusal({ ...spec, filters: {} })).toBeNull();
    }
  });

  it('counts the days as the server does: 1,000 days by day pass, 1,001 do not', () => {
    expect(kpiCostRefusal({ from: '2024-01-01', to: '2026-09-27', filters: {}, groupBy: 'day' })).toBeNull();
    expect(
      kpiCostRefusal({ from: '2024-01-01', to: '2026-09-28', filters: {}, groupBy: 'day' })?.message,
    ).toBe(
      'groupBy=day over 1,001 days makes 1,001 buckets; at most 1,000 per request: choose week or month, or a shorter window',
    );
    expect(
      kpiCostRefusal({ from: '2007-01-01', to: addMonths('2007-01-01', 240), filters: {}, groupBy: 'month' }),
    ).toBeNull();
    expect(
      kpiCostRefusal({ from: '2007-01-01', to: '2026-12-31', filters: {}, groupBy: 'touchpoint' }),
    ).toBeNull();
  });

  it('refuses one over the limit without asking the server, with its message and field', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const error = await api
      .kpis({ from: '2007-01-01', to: '2026-12-31', filters: {}, groupBy: 'day' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'too_costly' });
    expect((error as ApiError).details).toEqual([
      { field: 'groupBy', reason: expect.stringMatching(/7,304 buckets/) },
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });
});
