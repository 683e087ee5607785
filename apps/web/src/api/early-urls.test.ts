import { describe, expect, it } from 'vitest';
import { dashboardOf } from '../hooks/use-dashboard.ts';
import { parseSearch, ZDashboardSearch } from '../lib/search.ts';
import { parseSearchString } from '../lib/search-serialize.ts';
import { takeEarly } from './early-fetch.ts';
import { overviewKpiUrl } from './early-urls.ts';
import { kpiQueryParams } from './kpi-url.ts';
import { toQueryString } from './query-string.ts';

/** the URL the app itself asks for the overview's tiles */
function appUrl(search: string, today: string): string {
  const { window, filters } = dashboardOf(parseSearch(ZDashboardSearch, parseSearchString(search)), today);
  return `/api/v1/kpis${toQueryString(kpiQueryParams({ from: window.from, to: window.to, filters }))}`;
}

describe('the early overview request', () => {
  it('asks for exactly the URL the app will ask for', () => {
    for (const search of [
      '',
      '?lang=fr',
      '?period=2026-11&team=b&team=a&region=%C3%8Ele-de-France',
      '?from=2026-01-01&to=2026-02-01&stage=service&department=sales',
      '?mode=relational&period=2025',
    ]) {
      expect(overviewKpiUrl(search, '2026-11-23')).toBe(appUrl(search, '2026-11-23'));
    }
  });

  it('is handed to the fetch wrapper once', async () => {
    const url = overviewKpiUrl('', '2026-11-23');
    const response = new Response('{}');
    (globalThis as unknown as Record<string, Map<string, Promise<Response>>>).__parcoursEarly = new Map([
      [url, Promise.resolve(response)],
    ]);
    expect(await takeEarly(url)).toBe(response);
    expect(takeEarly(url)).toBeUndefined();
  });
});
