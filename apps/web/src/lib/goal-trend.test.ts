import type { Goal } from '@parcours/domain';
import { describe, expect, it } from 'vitest';
import { group, kv } from './fixtures.test-util.ts';
import { goalForMonth, goalTrendSeries, monthKeys } from './goal-trend.ts';

const goal = (id: string, period: string, target: number, band = 2): Goal => ({
  id,
  kpi: 'csat',
  scope_type: 'department',
  scope_id: 'service',
  scope_name: 'Service',
  period,
  target,
  warning_band: null,
  effective_band: band,
  note: null,
  created_at: '',
  updated_at: '',
});

describe('goalForMonth', () => {
  it('prefers the most specific period in force', () => {
    const goals = [goal('y', '2026', 80), goal('q', '2026-Q4', 85), goal('m', '2026-11', 88)];
    expect(goalForMonth(goals, '2026-11-01')?.id).toBe('m');
    expect(goalForMonth(goals, '2026-10-01')?.id).toBe('q');
    expect(goalForMonth(goals, '2026-02-01')?.id).toBe('y');
    expect(goalForMonth(goals, '2025-12-01')).toBeNull();
  });
});

describe('goalTrendSeries', () => {
  it('pairs each month’s actual with the target in force and its warning band', () => {
    const series = goalTrendSeries({
      kpi: 'csat',
      better: 'higher',
      months: monthKeys('2026-09-01', '2026-12-01'),
      groups: [group('2026-09-01', { csat: kv(81, 40) }), group('2026-11-01', { csat: kv(90, 12) })],
      goals: [goal('q', '2026-Q4', 85)],
    });
    expect(series).toEqual([
      { key: '2026-09-01', actual: 81, n: 40, lowSample: false, target: null, band: null },
      { key: '2026-10-01', actual: null, n: 0, lowSample: false, target: 85, band: [83, 85] },
      { key: '2026-11-01', actual: 90, n: 12, lowSample: true, target: 85, band: [83, 85] },
    ]);
  });

  it('puts the band above the target when lower is better, and ignores other KPIs’ goals', () => {
    const wait: Goal = { ...goal('w', '2026', 120, 12), kpi: 'wait_time' };
    const series = goalTrendSeries({
      kpi: 'wait_time',
      better: 'lower',
      months: ['2026-01-01'],
      groups: [],
      goals: [wait, goal('c', '2026', 80)],
    });
    expect(series[0]).toMatchObject({ target: 120, band: [120, 132] });
  });
});

describe('monthKeys', () => {
  it('lists month starts up to an exclusive end that may fall mid-month', () => {
    expect(monthKeys('2025-12-01', '2026-02-15')).toEqual(['2025-12-01', '2026-01-01', '2026-02-01']);
  });
});
