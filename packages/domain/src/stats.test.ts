import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isLowSample,
  isSignificantChange,
  LOW_SAMPLE_THRESHOLD,
  meanMarginOfError,
  npsMarginOfError,
  proportionMarginOfError,
} from './stats.ts';

describe('NPS margin of error: 1.96 × 100 × sqrt((p + d − (p − d)²) / n)', () => {
  it('50 promoters, 30 passives, 20 detractors of 100 → 15.31 points', () => {
    // p = 0.5, d = 0.2; p + d − (p − d)² = 0.7 − 0.09 = 0.61
    // 196 × sqrt(0.61 / 100) = 196 × 0.0781025 = 15.3081
    expect(npsMarginOfError(50, 20, 100)).toBeCloseTo(15.3081, 4);
  });

  it('half promoters, half detractors of 100 → 19.6 points (the widest case)', () => {
    // p = d = 0.5: (1 − 0) / 100 = 0.01, sqrt = 0.1, × 196 = 19.6
    expect(npsMarginOfError(50, 50, 100)).toBeCloseTo(19.6, 10);
  });

  it('all passives, all promoters or all detractors → 0', () => {
    // p = d = 0 → 0; p = 1, d = 0 → 1 − 1 = 0; p = 0, d = 1 → 1 − 1 = 0
    expect(npsMarginOfError(0, 0, 10)).toBe(0);
    expect(npsMarginOfError(10, 0, 10)).toBeCloseTo(0, 12);
    expect(npsMarginOfError(0, 10, 10)).toBeCloseTo(0, 12);
  });

  it('10 promoters, 5 detractors of 25 → 29.33 points', () => {
    // p = 0.4, d = 0.2: 0.6 − 0.04 = 0.56; 0.56 / 25 = 0.0224; sqrt = 0.149666; × 196 = 29.3346
    expect(npsMarginOfError(10, 5, 25)).toBeCloseTo(29.3346, 3);
  });

  it('is null for n = 0', () => {
    expect(npsMarginOfError(0, 0, 0)).toBeNull();
  });

  it('shrinks as 1/√n for the same shares', () => {
    // same p and d, 4× the answers → half the margin
    const small = npsMarginOfError(5, 2, 10) ?? Number.NaN;
    const large = npsMarginOfError(20, 8, 40) ?? Number.NaN;
    expect(large).toBeCloseTo(small / 2, 10);
  });
});

describe('proportion margin of error: 1.96 × 100 × sqrt(q(1 − q) / n)', () => {
  it('q = 0.5 over 100 → 9.8 points', () => {
    // sqrt(0.25 / 100) = 0.05; × 196 = 9.8
    expect(proportionMarginOfError(50, 100)).toBeCloseTo(9.8, 10);
  });

  it('q = 0.9 over 100 → 5.88 points', () => {
    // 0.9 × 0.1 = 0.09; sqrt(0.09 / 100) = 0.03; × 196 = 5.88
    expect(proportionMarginOfError(90, 100)).toBeCloseTo(5.88, 10);
  });

  it('q = 0.1 over 400 → 2.94 points', () => {
    // 0.1 × 0.9 = 0.09; sqrt(0.09 / 400) = 0.3 / 20 = 0.015; × 196 = 2.94
    expect(proportionMarginOfError(40, 400)).toBeCloseTo(2.94, 10);
  });

  it('is 0 at q = 0 and q = 1, null at n = 0', () => {
    expect(proportionMarginOfError(0, 50)).toBe(0);
    expect(proportionMarginOfError(50, 50)).toBe(0);
    expect(proportionMarginOfError(0, 0)).toBeNull();
  });

  it('is symmetric in q and 1 − q', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.nat(), (n, raw) => {
        const k = raw % (n + 1);
        expect(proportionMarginOfError(k, n)).toBeCloseTo(proportionMarginOfError(n - k, n) ?? Number.NaN, 9);
      }),
    );
  });

  it('an NPS with no passives has twice the margin of the promoter proportion', () => {
    // with d = 1 − p: p + d − (p − d)² = 1 − (2p − 1)² = 4p(1 − p), so sqrt gives 2 × sqrt(p(1 − p))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.nat(), (n, raw) => {
        const promoters = raw % (n + 1);
        const nps = npsMarginOfError(promoters, n - promoters, n) ?? Number.NaN;
        const proportion = proportionMarginOfError(promoters, n) ?? Number.NaN;
        expect(nps).toBeCloseTo(2 * proportion, 8);
      }),
    );
  });
});

describe('mean margin of error: 1.96 × s / √n (s² the sample variance)', () => {
  it('10, 20, 30 → 1.96 × 10 / √3 = 11.316', () => {
    // mean 20; s² = ((−10)² + 0² + 10²) / 2 = 100, s = 10; 1.96 × 10 / 1.73205 = 11.3161
    expect(meanMarginOfError(3, 100)).toBeCloseTo(11.3161, 4);
  });

  it('2 and 4 → 1.96 × √2 / √2 = 1.96', () => {
    // mean 3; s² = (1 + 1) / 1 = 2
    expect(meanMarginOfError(2, 2)).toBeCloseTo(1.96, 12);
  });

  it('identical values have no spread, hence a zero margin', () => {
    expect(meanMarginOfError(5, 0)).toBe(0);
  });

  it('is null below two values or without a variance', () => {
    expect(meanMarginOfError(0, null)).toBeNull();
    expect(meanMarginOfError(1, 4)).toBeNull();
    expect(meanMarginOfError(10, null)).toBeNull();
  });
});

describe('low sample: fewer than 30 records', () => {
  it('29 is low, 30 is not, 0 is', () => {
    expect(LOW_SAMPLE_THRESHOLD).toBe(30);
    expect(isLowSample(29)).toBe(true);
    expect(isLowSample(30)).toBe(false);
    expect(isLowSample(31)).toBe(false);
    expect(isLowSample(0)).toBe(true);
  });
});

describe('significant change: |Δ| > sqrt(MoE₁² + MoE₂²)', () => {
  // margins 3 and 4 combine to sqrt(9 + 16) = 5
  it('a change equal to the combined margin is not significant', () => {
    expect(isSignificantChange({ value: 40, moe: 3 }, { value: 35, moe: 4 })).toBe(false);
  });

  it('a change beyond the combined margin is significant, up or down', () => {
    expect(isSignificantChange({ value: 41, moe: 3 }, { value: 35, moe: 4 })).toBe(true);
    expect(isSignificantChange({ value: 29, moe: 3 }, { value: 35, moe: 4 })).toBe(true);
  });

  it('a change larger than each margin alone but within the combined one is not significant', () => {
    // |Δ| = 4.5 > 3 and > 4, but < 5
    expect(isSignificantChange({ value: 39.5, moe: 3 }, { value: 35, moe: 4 })).toBe(false);
  });

  it('no change with zero margins is not significant; any change with zero margins is', () => {
    expect(isSignificantChange({ value: 10, moe: 0 }, { value: 10, moe: 0 })).toBe(false);
    expect(isSignificantChange({ value: 10.1, moe: 0 }, { value: 10, moe: 0 })).toBe(true);
  });

  it('is null when either side has no value', () => {
    expect(isSignificantChange({ value: null, moe: null }, { value: 35, moe: 4 })).toBeNull();
    expect(isSignificantChange({ value: 40, moe: 3 }, { value: null, moe: null })).toBeNull();
  });

  it('is null when either side has no margin (totals such as revenue)', () => {
    expect(isSignificantChange({ value: 1000, moe: null }, { value: 10, moe: 4 })).toBeNull();
    expect(isSignificantChange({ value: 1000, moe: 3 }, { value: 10, moe: null })).toBeNull();
  });
});
