/**
 * Which records a click on a KPI opens: the part of its population that explains a bad
 * value (the detractors behind an NPS, the slow cases behind a resolution delay), among the
 * subsets the server declares for that KPI.
 */
import type { KpiId } from '@parcours/domain';

export type DrillSort = 'recent' | 'value';

const PROBLEM_SUBSET: Partial<Record<KpiId, string>> = {
  nps: 'detractors',
  csat: 'dissatisfied',
  ces: 'difficult',
  retention: 'churned',
  churn: 'churned',
  abandonment: 'abandoned',
  complaint_rate: 'complaints',
  return_rate: 'returns',
  backlog: 'open',
};

/** time and money KPIs list their records largest first */
const BY_VALUE: ReadonlySet<KpiId> = new Set(['resolution_delay', 'wait_time', 'time_to_close', 'revenue']);

export function drillFocus(
  kpi: KpiId,
  subsets: readonly string[] | undefined,
): { subset: string | undefined; sort: DrillSort } {
  const preferred = PROBLEM_SUBSET[kpi];
  const subset =
    subsets === undefined ? preferred : preferred && subsets.includes(preferred) ? preferred : subsets[0];
  return { subset, sort: BY_VALUE.has(kpi) ? 'value' : 'recent' };
}

/** the subset shown when the URL names none: the server's default, the first one */
export function defaultSubset(subsets: readonly string[]): string | undefined {
  return subsets[0];
}
