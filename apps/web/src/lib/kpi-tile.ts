/** KPI response → what a KPI tile shows. The server computes every value; this only words it. */
import {
  GOAL_STATUSES,
  type GoalStatus,
  type GoalStatusResponse,
  KPIS,
  type KpiId,
  type KpiValue,
} from '@parcours/domain';
import type { Formatters } from '../i18n/format.ts';

export type Direction = 'up' | 'down' | 'flat';
export type Tone = 'good' | 'bad' | 'neutral';

export type KpiChange = {
  text: string;
  direction: Direction;
  /** good or bad for the KPI's better direction; neutral when flat or not significant */
  tone: Tone;
  /** null where no test applies (no margin of error, e.g. revenue or a count) */
  significant: boolean | null;
};

export type KpiTileModel = {
  id: KpiId;
  unit: (typeof KPIS)[KpiId]['unit'];
  better: 'higher' | 'lower';
  hasValue: boolean;
  valueText: string | null;
  moeText: string | null;
  n: number;
  nText: string;
  lowSample: boolean;
  percentiles: { p50: string; p90: string } | null;
  change: KpiChange | null;
  previousText: string | null;
};

export function changeOf(kpi: KpiId, value: KpiValue, fmt: Formatters): KpiChange | null {
  if (value.change === null || value.value === null || value.previous?.value == null) return null;
  const { unit, better } = KPIS[kpi];
  const direction: Direction = value.change > 0 ? 'up' : value.change < 0 ? 'down' : 'flat';
  const improving = direction === 'flat' ? null : (direction === 'up') === (better === 'higher');
  const tone: Tone =
    improving === null || value.significant === false ? 'neutral' : improving ? 'good' : 'bad';
  return { text: fmt.delta(value.change, unit), direction, tone, significant: value.significant };
}

export function kpiTileModel(kpi: KpiId, value: KpiValue | undefined, fmt: Formatters): KpiTileModel {
  const { unit, better } = KPIS[kpi];
  const n = value?.n ?? 0;
  const hasValue = value !== undefined && value.value !== null;
  const p50 = value?.p50;
  const p90 = value?.p90;
  return {
    id: kpi,
    unit,
    better,
    hasValue,
    valueText: hasValue && value?.value != null ? fmt.kpi(value.value, unit, true) : null,
    moeText: hasValue && value?.moe != null ? fmt.moe(value.moe, unit) : null,
    n,
    nText: fmt.integer(n),
    // a value from fewer than 30 records is flagged; an empty population reads "no data" instead
    lowSample: hasValue && (value?.lowSample ?? false),
    percentiles:
      hasValue && p50 != null && p90 != null ? { p50: fmt.duration(p50), p90: fmt.duration(p90) } : null,
    change: value && hasValue ? changeOf(kpi, value, fmt) : null,
    previousText: value?.previous?.value != null ? fmt.kpi(value.previous.value, unit, true) : null,
  };
}

export type TileGoal = { status: GoalStatus; targetText: string };

/** The company-wide goal for a KPI in a goal-status response, if one is set. */
export function companyGoalOf(
  response: GoalStatusResponse | undefined,
  kpi: KpiId,
  fmt: Formatters,
): TileGoal | null {
  const company = response?.departments.find((d) => d.department === null);
  const item = company?.goals.find((g) => g.goal.kpi === kpi && g.goal.scope_type === 'company');
  if (!item) return null;
  return { status: item.status, targetText: fmt.kpi(item.goal.target, KPIS[kpi].unit, true) };
}

export function emptySummary(): Record<GoalStatus, number> {
  return Object.fromEntries(GOAL_STATUSES.map((s) => [s, 0])) as Record<GoalStatus, number>;
}
