/**
 * A mergeable, *subtractable* quantile sketch: log-spaced buckets with exact counts
 * (the DDSketch construction). Relative accuracy ALPHA = 1%: every quantile it returns is
 * within 1% of the exact nearest-rank quantile. Counts are exact integers, so removing a
 * value is exact too; that is what lets rollups move a replaced record's contribution
 * and still equal a fresh recomputation (see docs/decisions/003-quantile-sketch.md).
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

export type Sketch = {
  /** values equal to 0 (negative values are refused upstream) */
  zero: number;
  /** bucket index → count; bucket i holds values in (GAMMA^(i-1), GAMMA^i] */
  buckets: Map<number, number>;
};

export function emptySketch(): Sketch {
  return { zero: 0, buckets: new Map() };
}

export function bucketIndex(value: number): number {
  return Math.ceil(Math.log(value) / LOG_GAMMA);
}

/** Adds `count` occurrences of `value` (a negative count removes them). */
export function sketchAdd(sketch: Sketch, value: number, count = 1): void {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new RangeError(`sketch value must be ≥ 0, got ${value}`);
  if (value === 0) {
    sketch.zero += count;
    return;
  }
  const i = bucketIndex(value);
  const next = (sketch.buckets.get(i) ?? 0) + count;
  if (next === 0) sketch.buckets.delete(i);
  else sketch.buckets.set(i, next);
}

/** Adds every count of `other` into `into`, times `sign` (−1 subtracts). */
export function sketchMerge(into: Sketch, other: Sketch, sign: 1 | -1 = 1): void {
  into.zero += sign * other.zero;
  for (const [i, c] of other.buckets) {
    const next = (into.buckets.get(i) ?? 0) + sign * c;
    if (next === 0) into.buckets.delete(i);
    else into.buckets.set(i, next);
  }
}

export function sketchCount(sketch: Sketch): number {
  let n = sketch.zero;
  for (const c of sketch.buckets.values()) n += c;
  return n;
}

/**
 * Nearest-rank quantile: the value at rank ceil(q·n) in ascending order, estimated as the
 * bucket's midpoint in log space (relative error ≤ ALPHA). Null when empty.
 */
export function sketchQuantile(sketch: Sketch, q: number): number | null {
  const n = sketchCount(sketch);
  if (n <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  if (rank <= sketch.zero) return 0;
  let seen = sketch.zero;
  const indexes = [...sketch.buckets.keys()].sort((a, b) => a - b);
  for (const i of indexes) {
    seen += sketch.buckets.get(i) ?? 0;
    if (seen >= rank) return bucketValue(i);
  }
  // unreachable while counts are non-negative
  return null;
}

/** The exact nearest-rank quantile of raw values, the reference the sketch approximates. */
export function exactQuantile(sortedAscending: readonly number[], q: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  return sortedAscending[rank - 1] ?? null;
}

/** The value a bucket stands for: its midpoint in log space (relative error ≤ ALPHA). */
function bucketValue(i: number): number {
  return (2 * GAMMA ** i) / (GAMMA + 1);
}

/**
 * Sample variance of the values the sketch holds, each taken as its bucket's value. Its
 * inputs are exact integer counts, so rollups and raw reads give the same variance to the
 * bit; it feeds the margin of error of a mean (see docs/kpi-decisions.md).
 */
export function sketchVariance(sketch: Sketch): number | null {
  const n = sketchCount(sketch);
  if (n < 2) return null;
  // in bucket order, not the map's insertion order: floating-point sums depend on their
  // order, and the buckets arrive in whatever order the database returned the rows
  const indexes = [...sketch.buckets.keys()].sort((a, b) => a - b);
  let sum = 0;
  for (const i of indexes) sum += (sketch.buckets.get(i) ?? 0) * bucketValue(i);
  const mean = sum / n;
  let squares = sketch.zero * mean * mean;
  for (const i of indexes) squares += (sketch.buckets.get(i) ?? 0) * (bucketValue(i) - mean) ** 2;
  return squares / (n - 1);
}

/** Canonical text form (sorted buckets, no zero counts): equal sketches serialize equally. */
export function serializeSketch(sketch: Sketch): string {
  const indexes = [...sketch.buckets.keys()].sort((a, b) => a - b);
  const parts: string[] = [String(sketch.zero)];
  for (const i of indexes) parts.push(`${i}:${sketch.buckets.get(i)}`);
  return parts.join(' ');
}

export function parseSketch(text: string | null | undefined): Sketch {
  const sketch = emptySketch();
  if (!text) return sketch;
  const parts = text.split(' ');
  sketch.zero = Number(parts[0]);
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k] as string;
    const colon = part.indexOf(':');
    sketch.buckets.set(Number(part.slice(0, colon)), Number(part.slice(colon + 1)));
  }
  return sketch;
}

export function isEmptySketch(sketch: Sketch): boolean {
  return sketch.zero === 0 && sketch.buckets.size === 0;
}
