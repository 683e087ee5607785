import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { TrendSpec } from '../lib/period.ts';

/** The label of a time bucket: "nov. 26" for a month, "23 nov." for a week or day. */
export function useTrendLabel() {
  const { fmt } = useI18n();
  return useCallback(
    (key: string, groupBy: TrendSpec['groupBy']) =>
      groupBy === 'month' ? fmt.shortMonth(key) : fmt.shortDay(key),
    [fmt],
  );
}
