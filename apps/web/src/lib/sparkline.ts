/** Time-grouped KPI response → sparkline points and SVG geometry. */
import type { KpiGroup, KpiId } from '@parcours/domain';

export type TrendPoint = { key: string; label: string; value: number | null; n: number; lowSample: boolean };

export function trendPoints(groups: readonly KpiGroup[], kpi: KpiId): TrendPoint[] {
  return [...groups]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((g) => {
      const v = g.kpis[kpi];
      return {
        key: g.key,
        label: g.label,
        value: v?.value ?? null,
        n: v?.n ?? 0,
        lowSample: v?.lowSample ?? false,
      };
    });
}

export type SparklineGeometry = {
  /** SVG path; a missing value breaks the line */
  path: string;
  last: { x: number; y: number } | null;
  min: number;
  max: number;
  points: { x: number; y: number; key: string }[];
};

export function sparklineGeometry(
  points: readonly TrendPoint[],
  width: number,
  height: number,
  pad = 2,
): SparklineGeometry | null {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length < 2) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
  const coords: { x: number; y: number; key: string }[] = [];
  let path = '';
  let penDown = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      penDown = false;
      return;
    }
    const x = round(pad + i * step);
    const y = round(max === min ? height / 2 : pad + (1 - (p.value - min) / span) * (height - 2 * pad));
    path += `${penDown ? 'L' : 'M'}${x} ${y}`;
    penDown = true;
    coords.push({ x, y, key: p.key });
  });
  return { path, last: coords.at(-1) ?? null, min, max, points: coords };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
