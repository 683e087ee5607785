import { FILTER_DIMENSIONS } from '@parcours/domain';
import { describe, expect, it } from 'vitest';
import { FILTER_KEYS } from './filters.ts';
import {
  activeFilterCount,
  carriedSearch,
  filtersOf,
  parseSearch,
  ZDashboardSearch,
  ZDrillSearch,
} from './search.ts';
import { parseSearchString, stringifySearchObject } from './search-serialize.ts';

describe('URL search params', () => {
  it('round-trips repeated filters as plain query strings', () => {
    const raw = parseSearchString('?team=a&team=b&period=2026-Q4&stage=service');
    const search = parseSearch(ZDashboardSearch, raw);
    expect(search).toMatchObject({ team: ['a', 'b'], period: '2026-Q4', stage: ['service'] });
    expect(stringifySearchObject({ ...search, lang: 'fr' })).toBe(
      '?period=2026-Q4&team=a&team=b&stage=service&lang=fr',
    );
  });

  it('drops invalid values instead of failing', () => {
    const search = parseSearch(ZDashboardSearch, {
      period: '2026-Q7',
      stage: ['nowhere'],
      from: '2026-02-30',
    });
    expect(search.period).toBeUndefined();
    expect(search.stage).toBeUndefined();
    expect(search.from).toBeUndefined();
    expect(parseSearch(ZDrillSearch, { page: '0', sort: 'sideways' })).toEqual({
      subset: undefined,
      sort: undefined,
      page: undefined,
    });
    expect(parseSearch(ZDrillSearch, { page: '3' }).page).toBe(3);
  });

  it('carries the language, period and filters to another view, and counts filters', () => {
    const carried = carriedSearch({
      lang: 'fr',
      period: '2026',
      department: 'sales',
      subset: 'detractors',
      page: '2',
    });
    expect(carried).toMatchObject({ lang: 'fr', period: '2026', department: ['sales'] });
    expect(carried).not.toHaveProperty('subset');
    expect(filtersOf(carried)).toEqual({ department: ['sales'] });
    expect(activeFilterCount({ team: ['a', 'b'], stage: ['service'] })).toBe(3);
  });

  it('knows the API’s filter dimensions in its order', () => {
    expect([...FILTER_KEYS]).toEqual([...FILTER_DIMENSIONS]);
  });

  it('leaves empty values out of the URL', () => {
    expect(stringifySearchObject({ a: undefined, b: [], c: '', d: 0 })).toBe('?d=0');
    expect(stringifySearchObject({})).toBe('');
  });
});
