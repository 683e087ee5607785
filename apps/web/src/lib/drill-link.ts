import type { KpiId } from '@parcours/domain';
import { drillFocus } from './drill-focus.ts';
import { bucketWindow, type TrendSpec } from './period.ts';
import type { DashboardSearch } from './search.ts';

type Base = DashboardSearch & { lang?: 'fr' | 'en' | undefined };

/**
 * The search params of a drill-down link: the view's period and filters, narrowed by what
 * was clicked (a cell's stage and channel, a bar's touchpoint, a chart point's month).
 */
export function drillSearch(
  base: Base,
  kpi: KpiId,
  narrow: Partial<DashboardSearch> = {},
  subsets?: readonly string[],
) {
  const focus = drillFocus(kpi, subsets);
  return { ...base, ...narrow, subset: focus.subset, sort: focus.sort };
}

/** The period part of a link to one trend bucket: a month period key, or a custom range. */
export function bucketPeriod(key: string, groupBy: TrendSpec['groupBy']): Partial<DashboardSearch> {
  if (groupBy === 'month') return { period: key.slice(0, 7), from: undefined, to: undefined };
  const { from, to } = bucketWindow(key, groupBy);
  return { period: undefined, from, to };
}
