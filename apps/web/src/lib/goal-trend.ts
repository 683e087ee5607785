/**
 * Month-grouped KPI response + goals → the goal trend chart: the actual per month as a
 * line, the target in force that month as a step line (targets change by period) and the
 * warning band on the worse side of the target.
 */
import type { Goal, KpiGroup, KpiId } from '@parcours/domain';
import { addMonths } from './dates.ts';
import { periodBounds, periodKindOf } from './period.ts';

export type GoalTrendPoint = {
  /** first day of the month, 'YYYY-MM-01' */
  key: string;
  actual: number | null;
  n: number;
  lowSample: boolean;
  target: number | null;
  /** [low, high] of the warning band, for a shaded range */
  band: [number, number] | null;
};

const SPECIFICITY = { month: 0, quarter: 1, year: 2 } as const;

/** The goal in force for a month: the most specific period (month, then quarter, then year) containing it. */
export function goalForMonth(goals: readonly Goal[], monthKey: string): Goal | null {
  let best: Goal | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const goal of goals) {
    const kind = periodKindOf(goal.period);
    if (!kind) continue;
    const { from, to } = periodBounds(goal.period);
    if (monthKey < from || monthKey >= to) continue;
    const rank = SPECIFICITY[kind];
    if (rank < bestRank) {
      best = goal;
      bestRank = rank;
    }
  }
  return best;
}

/** First days of the months from `from` (a month start) up to `to` (exclusive). */
export function monthKeys(from: string, to: string): string[] {
  const keys: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m < to; m = addMonths(m, 1)) keys.push(m);
  return keys;
}

export function goalTrendSeries(input: {
  kpi: KpiId;
  better: 'higher' | 'lower';
  months: readonly string[];
  groups: readonly KpiGroup[];
  goals: readonly Goal[];
}): GoalTrendPoint[] {
  const byMonth = new Map(input.groups.map((g) => [g.key.slice(0, 7), g.kpis[input.kpi]]));
  const goals = input.goals.filter((g) => g.kpi === input.kpi);
  return input.months.map((key) => {
    const v = byMonth.get(key.slice(0, 7));
    const goal = goalForMonth(goals, key);
    const target = goal?.target ?? null;
    const bandSize = goal?.effective_band ?? null;
    const band: [number, number] | null =
      target === null || bandSize === null
        ? null
        : input.better === 'higher'
          ? [target - bandSize, target]
          : [target, target + bandSize];
    return { key, actual: v?.value ?? null, n: v?.n ?? 0, lowSample: v?.lowSample ?? false, target, band };
  });
}
