import { describe, expect, it } from 'vitest';
import { group, kv } from './fixtures.test-util.ts';
import { sparklineGeometry, trendPoints } from './sparkline.ts';

describe('trendPoints', () => {
  it('orders buckets by key and keeps missing values as gaps', () => {
    const points = trendPoints(
      [
        group('2026-03-01', { nps: kv(30) }),
        group('2026-01-01', { nps: kv(10, 12) }),
        group('2026-02-01', {}),
      ],
      'nps',
    );
    expect(points.map((p) => [p.key, p.value, p.n, p.lowSample])).toEqual([
      ['2026-01-01', 10, 12, true],
      ['2026-02-01', null, 0, false],
      ['2026-03-01', 30, 100, false],
    ]);
  });
});

describe('sparklineGeometry', () => {
  const pt = (key: string, value: number | null) => ({ key, label: key, value, n: 50, lowSample: false });
  it('scales values into the box, highest at the top', () => {
    const g = sparklineGeometry([pt('a', 0), pt('b', 10), pt('c', 5)], 100, 20, 0);
    expect(g?.path).toBe('M0 20L50 0L100 10');
    expect(g?.last).toEqual({ x: 100, y: 10, key: 'c' });
    expect([g?.min, g?.max]).toEqual([0, 10]);
  });
  it('breaks the line at a missing value', () => {
    const g = sparklineGeometry([pt('a', 1), pt('b', null), pt('c', 2), pt('d', 3)], 30, 10, 0);
    expect(g?.path).toBe('M0 10M20 5L30 0');
  });
  it('needs two values to draw a trend', () => {
    expect(sparklineGeometry([pt('a', 1), pt('b', null)], 30, 10)).toBeNull();
  });
  it('draws a flat series in the middle', () => {
    expect(sparklineGeometry([pt('a', 4), pt('b', 4)], 10, 10, 0)?.path).toBe('M0 5L10 5');
  });
});
