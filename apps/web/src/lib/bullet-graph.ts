/**
 * Goal status → bullet-graph geometry (Stephen Few): a bar for the actual from zero, a tick
 * for the target, a band for the warning zone on the worse side of the target. Positions are
 * fractions of the width (0–1). Works for lower-is-better KPIs: the band then lies above the target.
 */
import type { KpiUnit } from '@parcours/domain';

export type BulletInput = {
  unit: KpiUnit;
  better: 'higher' | 'lower';
  actual: number | null;
  target: number;
  band: number;
};

export type BulletGeometry = {
  min: number;
  max: number;
  /** where zero sits (bars grow from it) */
  origin: number;
  bar: { x0: number; x1: number } | null;
  target: number;
  band: { x0: number; x1: number };
  ticks: number[];
};

export function bulletGeometry({ unit, better, actual, target, band }: BulletInput): BulletGeometry {
  const bandEdge = better === 'higher' ? target - band : target + band;
  const values = [0, target, bandEdge, ...(actual === null ? [] : [actual])];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo || Math.abs(target) || 1;
  // breathing room on the open ends, within the unit's natural bounds
  if (hi > 0) hi += span * 0.1;
  if (lo < 0) lo -= span * 0.1;
  if (unit === 'percent') {
    hi = Math.min(hi, 100);
    lo = Math.max(lo, 0);
  }
  if (unit === 'points') {
    hi = Math.min(hi, 100);
    lo = Math.max(lo, -100);
  }
  if (hi === lo) hi = lo + 1;
  const x = (v: number) => clamp01((v - lo) / (hi - lo));
  const origin = x(0);
  const bandFrom = Math.min(target, bandEdge);
  const bandTo = Math.max(target, bandEdge);
  return {
    min: lo,
    max: hi,
    origin,
    bar: actual === null ? null : { x0: Math.min(origin, x(actual)), x1: Math.max(origin, x(actual)) },
    target: x(target),
    band: { x0: x(bandFrom), x1: x(bandTo) },
    ticks: niceTicks(lo, hi, 4),
  };
}

/** Round tick values spanning [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

export function tickPosition(value: number, geometry: Pick<BulletGeometry, 'min' | 'max'>): number {
  return clamp01((value - geometry.min) / (geometry.max - geometry.min));
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
