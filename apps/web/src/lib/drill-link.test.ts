import { describe, expect, it } from 'vitest';
import { bucketPeriod, drillSearch } from './drill-link.ts';

describe('drill links', () => {
  it('carry the filters and narrow them to what was clicked', () => {
    const s = drillSearch({ lang: 'fr', period: '2026-Q4', region: ['Bretagne'] }, 'nps', {
      stage: ['service'],
      channel: ['phone'],
    });
    expect(s).toEqual({
      lang: 'fr',
      period: '2026-Q4',
      region: ['Bretagne'],
      stage: ['service'],
      channel: ['phone'],
      subset: 'detractors',
      sort: 'recent',
    });
  });
  it('turn a month bucket into a month period and a week into a range', () => {
    expect(bucketPeriod('2026-11-01', 'month')).toEqual({
      period: '2026-11',
      from: undefined,
      to: undefined,
    });
    expect(bucketPeriod('2026-11-16', 'week')).toEqual({
      period: undefined,
      from: '2026-11-16',
      to: '2026-11-23',
    });
  });
});
