/**
 * The filter dimensions in the API's order, and the API filter query of a search. No zod and
 * no domain import here: the early-fetch entry uses this before the app's code has loaded.
 * (search.test.ts checks the list against FILTER_DIMENSIONS of @parcours/domain.)
 */
export const FILTER_KEYS = [
  'department',
  'team',
  'touchpoint',
  'channel',
  'stage',
  'media',
  'presence',
  'segment',
  'region',
  'mode',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type ApiFilters = Partial<Record<FilterKey, readonly string[]>>;

export function filtersOf(search: Partial<Record<FilterKey, readonly string[] | undefined>>): ApiFilters {
  const out: ApiFilters = {};
  for (const dim of FILTER_KEYS) {
    const values = search[dim];
    if (values && values.length > 0) out[dim] = [...values];
  }
  return out;
}
