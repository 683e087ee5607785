import { describe, expect, it } from 'vitest';
import { addMonths, isPlainDate, todayIn } from './dates.ts';
import {
  bucketWindow,
  goalPeriodOf,
  periodBounds,
  recentPeriods,
  selectionFrom,
  trendSpecOf,
  windowOf,
} from './period.ts';

describe('selectionFrom', () => {
  it('reads a period key, else a valid custom range, else the current quarter', () => {
    expect(selectionFrom({ period: '2026-11' }, '2026-11-23')).toEqual({ kind: 'month', key: '2026-11' });
    expect(selectionFrom({ from: '2026-01-01', to: '2026-02-01' }, '2026-11-23')).toEqual({
      kind: 'custom',
      from: '2026-01-01',
      to: '2026-02-01',
    });
    expect(selectionFrom({ from: '2026-02-01', to: '2026-01-01' }, '2026-11-23')).toEqual({
      kind: 'quarter',
      key: '2026-Q4',
    });
    expect(selectionFrom({}, '2026-02-10')).toEqual({ kind: 'quarter', key: '2026-Q1' });
  });
});

describe('windows', () => {
  it('bounds months, quarters and years', () => {
    expect(periodBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(periodBounds('2026-Q3')).toEqual({ from: '2026-07-01', to: '2026-10-01' });
    expect(periodBounds('2025')).toEqual({ from: '2025-01-01', to: '2026-01-01' });
  });

  it('stops a period under way at the end of today', () => {
    expect(windowOf({ kind: 'quarter', key: '2026-Q4' }, '2026-11-23')).toEqual({
      from: '2026-10-01',
      to: '2026-11-24',
      toDate: true,
    });
    expect(windowOf({ kind: 'quarter', key: '2026-Q3' }, '2026-11-23')).toEqual({
      from: '2026-07-01',
      to: '2026-10-01',
      toDate: false,
    });
    expect(windowOf({ kind: 'month', key: '2026-11' }, '2026-11-30').toDate).toBe(false);
  });

  it('shows goals of the quarter holding the end of a custom range', () => {
    expect(goalPeriodOf({ kind: 'custom', from: '2026-02-01', to: '2026-04-01' })).toBe('2026-Q1');
    expect(goalPeriodOf({ kind: 'year', key: '2026' })).toBe('2026');
  });

  it('lists recent periods newest first', () => {
    expect(recentPeriods('quarter', '2026-02-10', 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(recentPeriods('month', '2026-01-31', 2)).toEqual(['2026-01', '2025-12']);
    expect(recentPeriods('year', '2026-01-31', 2)).toEqual(['2026', '2025']);
  });
});

describe('trendSpecOf', () => {
  it('covers the twelve months up to the window end for calendar periods', () => {
    expect(trendSpecOf({ kind: 'quarter', key: '2026-Q4' }, '2026-11-23')).toEqual({
      from: '2025-12-01',
      to: '2026-11-24',
      groupBy: 'month',
    });
  });
  it('picks a grain by length for a custom range', () => {
    expect(trendSpecOf({ kind: 'custom', from: '2026-01-01', to: '2026-01-15' }, '2026-11-23').groupBy).toBe(
      'day',
    );
    expect(trendSpecOf({ kind: 'custom', from: '2026-01-01', to: '2026-05-01' }, '2026-11-23').groupBy).toBe(
      'week',
    );
    expect(trendSpecOf({ kind: 'custom', from: '2025-01-01', to: '2026-05-01' }, '2026-11-23').groupBy).toBe(
      'month',
    );
  });
  it('gives each bucket its window', () => {
    expect(bucketWindow('2026-11-01', 'month')).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(bucketWindow('2026-11-23', 'week')).toEqual({ from: '2026-11-23', to: '2026-11-30' });
  });
});

describe('dates', () => {
  it('validates and shifts plain dates', () => {
    expect(isPlainDate('2026-02-30')).toBe(false);
    expect(isPlainDate('2026-02-28')).toBe(true);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(todayIn('Pacific/Auckland', new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-24');
    expect(todayIn('Not/AZone', new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-23');
  });
});
