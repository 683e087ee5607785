/** Goal status and attainment (kpis.md, "Goals"). */
import { KPIS, type KpiId } from './kpi-registry.ts';

export const GOAL_STATUSES = ['met', 'at_risk', 'off_track', 'no_data'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/**
 * Default warning band: 5 points for NPS, 2 points for percentages, 10% of the target for
 * times, counts and currency (kpis.md names times and counts; revenue follows them).
 */
export function defaultWarningBand(kpi: KpiId, target: number): number {
  const unit = KPIS[kpi].unit;
  if (unit === 'points') return 5;
  if (unit === 'percent') return 2;
  return Math.abs(target) * 0.1;
}

export function goalStatus(kpi: KpiId, actual: number | null, target: number, band: number): GoalStatus {
  if (actual === null) return 'no_data';
  const gap = KPIS[kpi].better === 'higher' ? target - actual : actual - target;
  if (gap <= 0) return 'met';
  if (gap <= band) return 'at_risk';
  return 'off_track';
}

/**
 * actual / target (higher is better) or target / actual (lower is better). Null where the
 * divisor is not positive or either side is missing: a ratio against zero or a negative
 * number (an NPS target of −2) means nothing.
 */
export function attainment(kpi: KpiId, actual: number | null, target: number): number | null {
  if (actual === null) return null;
  const [num, den] = KPIS[kpi].better === 'higher' ? [actual, target] : [target, actual];
  return den <= 0 ? null : num / den;
}
