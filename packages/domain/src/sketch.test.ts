import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketIndex,
  emptySketch,
  exactQuantile,
  isEmptySketch,
  parseSketch,
  SKETCH_RELATIVE_ACCURACY,
  type Sketch,
  serializeSketch,
  sketchAdd,
  sketchCount,
  sketchMerge,
  sketchQuantile,
  sketchVariance,
} from './sketch.ts';

function sketchOf(values: readonly number[]): Sketch {
  const s = emptySketch();
  for (const v of values) sketchAdd(s, v);
  return s;
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/**
 * Non-negative values the way durations arrive: many exact zeros, tiny values around a
 * millisecond, and anything up to 1e7 seconds (about 115 days).
 */
const value = fc.oneof(
  fc.constant(0),
  fc.constant(0.001),
  fc.double({ min: 0.001, max: 0.01, noNaN: true }),
  fc.double({ min: 0.001, max: 1e7, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.constantFrom(1, 60, 3600, 1e7),
);
const values = fc.array(value, { minLength: 1, maxLength: 300 });

/** 1% relative, plus a hair for the floating-point rounding of the bucket boundaries. */
const within1Percent = (estimate: number | null, exact: number | null) => {
  expect(estimate).not.toBeNull();
  expect(exact).not.toBeNull();
  const e = estimate ?? Number.NaN;
  const x = exact ?? Number.NaN;
  if (x === 0) expect(e).toBe(0);
  else expect(Math.abs(e - x) / x).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * (1 + 1e-9));
};

describe('exact nearest-rank quantile', () => {
  it('takes the value at rank ⌈q·n⌉', () => {
    const v = [10, 20, 30, 40];
    // p50: ⌈2⌉ = 2 → 20; p90: ⌈3.6⌉ = 4 → 40; p25: ⌈1⌉ = 1 → 10; p0 clamps to rank 1
    expect(exactQuantile(v, 0.5)).toBe(20);
    expect(exactQuantile(v, 0.9)).toBe(40);
    expect(exactQuantile(v, 0.25)).toBe(10);
    expect(exactQuantile(v, 0)).toBe(10);
    expect(exactQuantile(v, 1)).toBe(40);
  });

  it('1…100: p50 = 50, p90 = 90, p99 = 99', () => {
    const v = Array.from({ length: 100 }, (_, k) => k + 1);
    expect(exactQuantile(v, 0.5)).toBe(50);
    expect(exactQuantile(v, 0.9)).toBe(90);
    expect(exactQuantile(v, 0.99)).toBe(99);
  });

  it('is null when empty', () => {
    expect(exactQuantile([], 0.5)).toBeNull();
  });
});

describe('sketch buckets', () => {
  it('bucket i holds (γ^(i−1), γ^i] with γ = 1.01 / 0.99', () => {
    const gamma = 1.01 / 0.99;
    expect(bucketIndex(1)).toBe(0);
    expect(bucketIndex(1.0001)).toBe(1);
    expect(bucketIndex(gamma * 0.999999)).toBe(1);
    expect(bucketIndex(gamma * 1.000001)).toBe(2);
    // ⌈log(0.999) / log γ⌉ = ⌈−0.05⌉ = −0, which a Map key normalises to 0
    expect(bucketIndex(0.999) === 0).toBe(true);
    expect(bucketIndex(1 / gamma / 1.000001)).toBe(-1);
  });

  it('counts zeros apart, and refuses negative, NaN and infinite values', () => {
    const s = sketchOf([0, 0, 5]);
    expect(s.zero).toBe(2);
    expect(sketchCount(s)).toBe(3);
    expect(() => sketchAdd(s, -1)).toThrow(RangeError);
    expect(() => sketchAdd(s, Number.NaN)).toThrow(RangeError);
    expect(() => sketchAdd(s, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(sketchCount(s)).toBe(3);
  });

  it('an empty sketch has no quantile', () => {
    expect(sketchQuantile(emptySketch(), 0.5)).toBeNull();
    expect(isEmptySketch(emptySketch())).toBe(true);
    expect(isEmptySketch(sketchOf([0]))).toBe(false);
  });

  it('the median of [0, 0, 0, 5] is exactly 0, of [0, 5, 5, 5] about 5', () => {
    expect(sketchQuantile(sketchOf([0, 0, 0, 5]), 0.5)).toBe(0);
    within1Percent(sketchQuantile(sketchOf([0, 5, 5, 5]), 0.5), 5);
  });

  it('1…100: p50 ≈ 50, p90 ≈ 90, p99 ≈ 99 within 1%', () => {
    const s = sketchOf(Array.from({ length: 100 }, (_, k) => k + 1));
    within1Percent(sketchQuantile(s, 0.5), 50);
    within1Percent(sketchQuantile(s, 0.9), 90);
    within1Percent(sketchQuantile(s, 0.99), 99);
  });
});

describe('sketch quantiles are within 1% of the exact ones', () => {
  it('p50, p90 and p99 for random non-negative values (zeros, 0.001 … 1e7)', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const s = sketchOf(vs);
        const exact = sorted(vs);
        for (const q of [0.5, 0.9, 0.99]) within1Percent(sketchQuantile(s, q), exactQuantile(exact, q));
      }),
      { numRuns: 300 },
    );
  });

  it('holds at the worst case: the two ends of one bucket', () => {
    const gamma = 1.01 / 0.99;
    for (const i of [-700, -50, 0, 1, 37, 800]) {
      const top = gamma ** i;
      within1Percent(sketchQuantile(sketchOf([top]), 0.5), top);
      const bottom = gamma ** (i - 1) * (1 + 1e-12);
      within1Percent(sketchQuantile(sketchOf([bottom]), 0.5), bottom);
    }
  });
});

describe('merging and subtracting sketches', () => {
  it('merging two sketches equals the sketch of the concatenation', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const merged = sketchOf(a);
        sketchMerge(merged, sketchOf(b));
        expect(serializeSketch(merged)).toBe(serializeSketch(sketchOf([...a, ...b])));
      }),
    );
  });

  it('merging is order-independent', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const ab = sketchOf(a);
        sketchMerge(ab, sketchOf(b));
        const ba = sketchOf(b);
        sketchMerge(ba, sketchOf(a));
        expect(serializeSketch(ab)).toBe(serializeSketch(ba));
      }),
    );
  });

  it('adding then subtracting a sketch leaves the exact original', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const s = sketchOf(a);
        const before = serializeSketch(s);
        sketchMerge(s, sketchOf(b));
        sketchMerge(s, sketchOf(b), -1);
        expect(serializeSketch(s)).toBe(before);
      }),
    );
  });

  it('removing values one by one (count −1) leaves the exact original', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const s = sketchOf(a);
        for (const v of b) sketchAdd(s, v);
        for (const v of b) sketchAdd(s, v, -1);
        expect(serializeSketch(s)).toBe(serializeSketch(sketchOf(a)));
      }),
    );
  });

  it('subtracting everything leaves an empty sketch with no zero-count buckets', () => {
    fc.assert(
      fc.property(values, (a) => {
        const s = sketchOf(a);
        sketchMerge(s, sketchOf(a), -1);
        expect(isEmptySketch(s)).toBe(true);
        expect(s.buckets.size).toBe(0);
        expect(serializeSketch(s)).toBe('0');
      }),
    );
  });
});

describe('sketch text form', () => {
  it('is canonical: the same values in any order serialize the same', () => {
    fc.assert(
      fc.property(values, (vs) => {
        expect(serializeSketch(sketchOf([...vs].reverse()))).toBe(serializeSketch(sketchOf(vs)));
      }),
    );
  });

  it('reads the zero count first, then sorted index:count pairs', () => {
    // 1 → bucket 0; 0.5 → a negative bucket; two zeros
    const text = serializeSketch(sketchOf([1, 0, 0.5, 1, 0]));
    expect(text).toBe(`2 ${bucketIndex(0.5)}:1 0:2`);
  });

  it('round-trips through parseSketch', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const s = sketchOf(vs);
        const back = parseSketch(serializeSketch(s));
        expect(serializeSketch(back)).toBe(serializeSketch(s));
        expect(back.zero).toBe(s.zero);
        expect([...back.buckets.entries()].sort((x, y) => x[0] - y[0])).toEqual(
          [...s.buckets.entries()].sort((x, y) => x[0] - y[0]),
        );
        for (const q of [0.5, 0.9, 0.99]) expect(sketchQuantile(back, q)).toBe(sketchQuantile(s, q));
      }),
    );
  });

  it('parses nothing to an empty sketch', () => {
    expect(isEmptySketch(parseSketch(null))).toBe(true);
    expect(isEmptySketch(parseSketch(undefined))).toBe(true);
    expect(isEmptySketch(parseSketch(''))).toBe(true);
    expect(serializeSketch(parseSketch('0'))).toBe('0');
  });
});

describe('sketchVariance: the spread of the bucket values', () => {
  it('is null below two values', () => {
    const s = emptySketch();
    expect(sketchVariance(s)).toBeNull();
    sketchAdd(s, 5);
    expect(sketchVariance(s)).toBeNull();
  });

  it('is zero for identical values (they share a bucket)', () => {
    const s = emptySketch();
    for (let k = 0; k < 10; k++) sketchAdd(s, 100);
    expect(sketchVariance(s)).toBe(0);
  });

  it('10, 20, 30: close to the exact variance of 100', () => {
    const s = emptySketch();
    for (const x of [10, 20, 30]) sketchAdd(s, x);
    // each value moves by at most 1% → each deviation by at most 0.3, s² by at most ~3%
    expect(sketchVariance(s)).toBeGreaterThan(97);
    expect(sketchVariance(s)).toBeLessThan(103);
  });

  it('is within 8% of the exact sample variance when values spread (CV ≥ 0.3)', () => {
    // first-order bound: |Δs²|/s² ≤ 2 × 1% × √(1 + 1/CV²) × √(n/(n−1)) ≈ 7% at CV = 0.3
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 10, maxLength: 300 }),
        (xs) => {
          const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
          const exact = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
          fc.pre(Math.sqrt(exact) / mean >= 0.3);
          const s = emptySketch();
          for (const x of xs) sketchAdd(s, x);
          const approx = sketchVariance(s) ?? Number.NaN;
          expect(Math.abs(approx - exact) / exact).toBeLessThanOrEqual(0.08);
        },
      ),
    );
  });

  it('a zero counts as a value at 0', () => {
    const s = emptySketch();
    sketchAdd(s, 0);
    sketchAdd(s, 0);
    expect(sketchVariance(s)).toBe(0);
  });
});

describe('sketchVariance does not depend on the order the buckets were filled in', () => {
  it('property: any order of the same values gives the same variance, to the bit', () => {
    // rollup rows come back from SQLite and PostgreSQL in different orders, and are merged
    // in that order: the margin of error must not change with it
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }),
        (values) => {
          const reversed = [...values].reverse();
          expect(Object.is(sketchVariance(sketchOf(values)), sketchVariance(sketchOf(reversed)))).toBe(true);
        },
      ),
    );
  });
});
