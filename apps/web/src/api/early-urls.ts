/** The overview's KPI request for a URL, computed without the app's code (see early.ts). */
import { todayIn } from '../lib/dates.ts';
import { FILTER_KEYS, filtersOf } from '../lib/filters.ts';
import { selectionFrom, windowOf } from '../lib/period.ts';
import { kpiQueryParams } from './kpi-url.ts';
import { toQueryString } from './query-string.ts';

export function overviewKpiUrl(searchString: string, today: string): string {
  const params = new URLSearchParams(searchString);
  const one = (key: string) => params.get(key)?.trim() || undefined;
  const search: Record<string, string[] | undefined> = {};
  for (const key of FILTER_KEYS) {
    const values = params
      .getAll(key)
      .map((v) => v.trim())
      .filter(Boolean);
    search[key] = values.length > 0 ? values : undefined;
  }
  const window = windowOf(
    selectionFrom({ period: one('period'), from: one('from'), to: one('to') }, today),
    today,
  );
  return `/api/v1/kpis${toQueryString(kpiQueryParams({ from: window.from, to: window.to, filters: filtersOf(search) }))}`;
}

/** The organisation's time zone as last seen (kept by the app), else the browser's. */
export function rememberedZone(): string {
  try {
    const cached = JSON.parse(localStorage.getItem('parcours.settings') ?? 'null') as {
      time_zone?: unknown;
    } | null;
    if (cached && typeof cached.time_zone === 'string') return cached.time_zone;
  } catch {
    // no storage: use the browser's zone
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export { todayIn };
