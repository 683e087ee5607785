/**
 * Touchpoints ranked by how far they miss: the gap between the touchpoint's value and the
 * target (positive = missing it, in the KPI's unit), largest miss first. Without a target,
 * worst value first. Touchpoints without a value go last.
 */
import type { KpiGroup, KpiId } from '@parcours/domain';

export type RankedTouchpoint = {
  key: string;
  label: string;
  value: number | null;
  n: number;
  lowSample: boolean;
  /** how far the value misses the target; negative when it beats it; null without a target or value */
  gap: number | null;
};

export function rankTouchpoints(input: {
  groups: readonly KpiGroup[];
  kpi: KpiId;
  better: 'higher' | 'lower';
  target: number | null;
  /** a touchpoint's own target (a touchpoint goal), which wins over the shared one */
  targetOf?: (touchpointId: string) => number | null;
}): RankedTouchpoint[] {
  const rows = input.groups.map((g) => {
    const v = g.kpis[input.kpi];
    const value = v?.value ?? null;
    const target = input.targetOf?.(g.key) ?? input.target;
    const gap =
      value === null || target === null ? null : input.better === 'higher' ? target - value : value - target;
    return { key: g.key, label: g.label, value, n: v?.n ?? 0, lowSample: v?.lowSample ?? false, gap };
  });
  const worse = (r: RankedTouchpoint) =>
    r.gap !== null ? r.gap : r.value === null ? null : input.better === 'higher' ? -r.value : r.value;
  return rows.sort((a, b) => {
    const wa = worse(a);
    const wb = worse(b);
    if (wa === null && wb === null) return a.label.localeCompare(b.label);
    if (wa === null) return 1;
    if (wb === null) return -1;
    return wb - wa || a.label.localeCompare(b.label);
  });
}
