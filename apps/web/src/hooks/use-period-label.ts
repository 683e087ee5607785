import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { addDays } from '../lib/dates.ts';
import { type DayWindow, periodKindOf } from '../lib/period.ts';

/** "novembre 2026", "T4 2026", "2026" */
export function usePeriodLabel() {
  const { t, fmt } = useI18n();
  return useCallback(
    (key: string) => {
      const kind = periodKindOf(key);
      if (kind === 'month') return fmt.month(key);
      if (kind === 'quarter') return t.period.quarterLabel(Number(key.slice(6)), Number(key.slice(0, 4)));
      return key;
    },
    [t, fmt],
  );
}

/** "1 Oct 2026 – 23 Nov 2026": the last day shown is the day before the exclusive end */
export function useWindowLabel() {
  const { t, fmt } = useI18n();
  return useCallback(
    (window: Pick<DayWindow, 'from' | 'to'>) =>
      t.period.window(fmt.day(window.from), fmt.day(addDays(window.to, -1))),
    [t, fmt],
  );
}
