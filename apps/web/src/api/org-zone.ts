import type { QueryClient } from '@tanstack/react-query';
import { settingsQuery } from './queries.ts';
import { cachedSettings } from './settings-cache.ts';

export const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The organisation's time zone as best known now: the settings, the last ones seen, else the browser's. */
export function knownTimeZone(queryClient: QueryClient): string {
  return (
    queryClient.getQueryData(settingsQuery.queryKey)?.time_zone ?? cachedSettings()?.time_zone ?? BROWSER_ZONE
  );
}
