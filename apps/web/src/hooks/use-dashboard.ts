import { useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { goalPeriodOf, selectionFrom, trendSpecOf, windowOf } from '../lib/period.ts';
import { type DashboardSearch, filtersOf } from '../lib/search.ts';

/** The period, window and filters of a dashboard URL, for a given "today". */
export function dashboardOf(search: DashboardSearch, today: string) {
  const selection = selectionFrom(search, today);
  return {
    search,
    selection,
    window: windowOf(selection, today),
    filters: filtersOf(search),
    trend: trendSpecOf(selection, today),
    goalPeriod: goalPeriodOf(selection),
  };
}

/** The period, window and filters every dashboard view reads from the URL. */
export function useDashboard() {
  const search = useSearch({ from: '/dashboard' });
  const { today } = useI18n();
  return useMemo(() => dashboardOf(search, today), [search, today]);
}

export type Dashboard = ReturnType<typeof useDashboard>;
