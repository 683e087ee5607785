import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import { todayIn } from '../lib/dates.ts';
import { createFormatters, type Formatters } from './format.ts';
import type { Locale } from './locale.ts';
import { MESSAGES, type Messages } from './messages.ts';

export type I18n = {
  locale: Locale;
  t: Messages;
  fmt: Formatters;
  /** today in the organisation's time zone, 'YYYY-MM-DD' */
  today: string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider(props: {
  locale: Locale;
  timeZone: string;
  currency: string;
  children: ReactNode;
}) {
  const { locale, timeZone, currency } = props;
  const value = useMemo<I18n>(
    () => ({
      locale,
      t: MESSAGES[locale],
      fmt: createFormatters({ locale, timeZone, currency }),
      today: todayIn(timeZone),
    }),
    [locale, timeZone, currency],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
