/** The query of GET /kpis, built one way so that an early request and the app's own agree on the URL. */
import type { ApiFilters } from '../lib/filters.ts';
import type { QueryParams } from './query-string.ts';

export type KpiQueryInput = {
  from: string;
  to: string;
  filters: ApiFilters;
  groupBy?: string | undefined;
  kpis?: readonly string[] | undefined;
  compare?: boolean | undefined;
};

export function kpiQueryParams(p: KpiQueryInput): QueryParams {
  return {
    from: p.from,
    to: p.to,
    ...p.filters,
    groupBy: p.groupBy,
    kpis: p.kpis?.join(','),
    compare: p.compare === false ? 'false' : undefined,
  };
}
