import { describe, expect, it } from 'vitest';
import { bulletGeometry, niceTicks } from './bullet-graph.ts';

describe('bulletGeometry', () => {
  it('puts the warning band below the target for a higher-is-better KPI', () => {
    const g = bulletGeometry({ unit: 'percent', better: 'higher', actual: 80, target: 90, band: 2 });
    expect(g.min).toBe(0);
    expect(g.max).toBe(99);
    expect(g.bar).toEqual({ x0: 0, x1: 80 / 99 });
    expect(g.target).toBeCloseTo(90 / 99);
    expect(g.band.x0).toBeCloseTo(88 / 99);
    expect(g.band.x1).toBeCloseTo(90 / 99);
  });

  it('puts the band above the target for a lower-is-better KPI', () => {
    const g = bulletGeometry({ unit: 'seconds', better: 'lower', actual: 300, target: 240, band: 24 });
    expect(g.band.x0).toBeCloseTo(240 / g.max);
    expect(g.band.x1).toBeCloseTo(264 / g.max);
    expect(g.bar?.x1).toBeCloseTo(300 / g.max);
    expect(g.max).toBeCloseTo(330);
  });

  it('grows a negative NPS bar leftwards from zero', () => {
    const g = bulletGeometry({ unit: 'points', better: 'higher', actual: -20, target: 30, band: 5 });
    expect(g.min).toBeLessThan(-20);
    expect(g.max).toBeGreaterThan(30);
    expect(g.bar?.x1).toBeCloseTo(g.origin);
    expect(g.bar?.x0).toBeLessThan(g.origin);
  });

  it('keeps percentages within 0–100 and draws no bar without an actual', () => {
    const g = bulletGeometry({ unit: 'percent', better: 'higher', actual: null, target: 99, band: 2 });
    expect(g.max).toBe(100);
    expect(g.bar).toBeNull();
  });
});

describe('niceTicks', () => {
  it('picks round steps', () => {
    expect(niceTicks(0, 99, 4)).toEqual([0, 25, 50, 75]);
    expect(niceTicks(-22, 33, 4)).toEqual([-20, 0, 20]);
  });
});
