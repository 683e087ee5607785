/**
 * Locale-correct text for numbers, KPI values, durations and dates, built on Intl. Pure:
 * the same inputs give the same text, so views and CSV headers agree and tests can pin them.
 */
import type { KpiUnit } from '@parcours/domain';
import type { Locale } from './locale.ts';

export type FormatContext = { locale: Locale; timeZone: string; currency: string };

const NBSP = '\u00a0';
const MINUS = '\u2212';

export type Formatters = ReturnType<typeof createFormatters>;

export function createFormatters({ locale, timeZone, currency }: FormatContext) {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const numberCache = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, options: Intl.NumberFormatOptions) => {
    let f = numberCache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(tag, options);
      numberCache.set(key, f);
    }
    return f;
  };
  const safeZone = isValidZone(timeZone) ? timeZone : 'UTC';
  const dateFormat = new Intl.DateTimeFormat(tag, {
    timeZone: safeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, {
    timeZone: safeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  // calendar keys ('2026-11-01') are days, not instants: format them in UTC so no zone shifts them
  const dayFormat = new Intl.DateTimeFormat(tag, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const shortDayFormat = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const monthFormat = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  const shortMonthFormat = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'short', year: '2-digit' });
  const relativeFormat = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const dayUnit = locale === 'fr' ? 'j' : 'd';

  const number = (value: number, maxDigits = 1) =>
    fixMinus(nf(`n${maxDigits}`, { maximumFractionDigits: maxDigits }).format(value));
  const integer = (value: number) => number(value, 0);
  /** a 0–100 value: fr "45,2 %", en "45.2%" */
  const percent = (value: number, maxDigits = 1) =>
    fixMinus(nf(`p${maxDigits}`, { style: 'percent', maximumFractionDigits: maxDigits }).format(value / 100));
  const money = (value: number, compact = false) =>
    fixMinus(
      compact && Math.abs(value) >= 100_000
        ? nf('cc', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(
            value,
          )
        : nf('c', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value),
    );

  /** seconds as people say them: "45 s", "4 min 30 s", "2 h 15 min", "3 j 4 h" / "3 d 4 h" */
  const duration = (seconds: number) => {
    const sign = seconds < 0 ? MINUS : '';
    const t = Math.round(Math.abs(seconds));
    const u = (n: number, unit: string) => `${integer(n)}${NBSP}${unit}`;
    if (t < 60) return sign + u(t, 's');
    if (t < 600) {
      const rest = t % 60;
      return sign + (rest ? `${u(Math.floor(t / 60), 'min')}${NBSP}${u(rest, 's')}` : u(t / 60, 'min'));
    }
    const minutes = Math.round(t / 60);
    if (minutes < 60) return sign + u(minutes, 'min');
    if (minutes < 1440) {
      const rest = minutes % 60;
      return (
        sign + (rest ? `${u(Math.floor(minutes / 60), 'h')}${NBSP}${u(rest, 'min')}` : u(minutes / 60, 'h'))
      );
    }
    const hours = Math.round(minutes / 60);
    const rest = hours % 24;
    return (
      sign + (rest ? `${u(Math.floor(hours / 24), dayUnit)}${NBSP}${u(rest, 'h')}` : u(hours / 24, dayUnit))
    );
  };

  /** a KPI value in its unit; NPS points carry no unit sign (they are not a percentage) */
  const kpi = (value: number, unit: KpiUnit, compact = false) => {
    switch (unit) {
      case 'points':
        return number(value, 1);
      case 'percent':
        return percent(value, 1);
      case 'seconds':
        return duration(value);
      case 'currency':
        return money(value, compact);
      case 'count':
        return integer(value);
    }
  };

  // percentage points and NPS points read "pts" in both languages
  const pointsWord = 'pts';
  /** a difference in the KPI's unit, always signed: "+3,2 pts", "−4 min", "+12 300 €" */
  const delta = (change: number, unit: KpiUnit) => {
    const sign = change > 0 ? '+' : change < 0 ? MINUS : '±';
    const size = Math.abs(change);
    switch (unit) {
      case 'points':
      case 'percent':
        return `${sign}${number(size, 1)}${NBSP}${pointsWord}`;
      case 'seconds':
        return `${sign}${duration(size)}`;
      case 'currency':
        return `${sign}${money(size, true)}`;
      case 'count':
        return `${sign}${integer(size)}`;
    }
  };

  /** "± 4,1 pts", "± 3 min" */
  const moe = (margin: number, unit: KpiUnit) => {
    const size =
      unit === 'points' || unit === 'percent'
        ? `${number(margin, 1)}${NBSP}${pointsWord}`
        : kpi(margin, unit);
    return `±${NBSP}${size}`;
  };

  const instant = (iso: string) => new Date(iso);
  const date = (iso: string) => safeFormat(dateFormat, instant(iso), iso);
  const dateTime = (iso: string) => safeFormat(dateTimeFormat, instant(iso), iso);
  const day = (key: string) => safeFormat(dayFormat, dayDate(key), key);
  const shortDay = (key: string) => safeFormat(shortDayFormat, dayDate(key), key);
  const month = (key: string) => safeFormat(monthFormat, dayDate(key.length === 7 ? `${key}-01` : key), key);
  const shortMonth = (key: string) =>
    safeFormat(shortMonthFormat, dayDate(key.length === 7 ? `${key}-01` : key), key);

  /** "il y a 3 jours" / "3 days ago"; `now` is passed in so the text is testable */
  const relative = (iso: string, now: number) => {
    const diff = (new Date(iso).getTime() - now) / 1000;
    const abs = Math.abs(diff);
    if (abs < 60) return relativeFormat.format(Math.round(diff), 'second');
    if (abs < 3600) return relativeFormat.format(Math.round(diff / 60), 'minute');
    if (abs < 86_400) return relativeFormat.format(Math.round(diff / 3600), 'hour');
    if (abs < 30 * 86_400) return relativeFormat.format(Math.round(diff / 86_400), 'day');
    if (abs < 365 * 86_400) return relativeFormat.format(Math.round(diff / (30 * 86_400)), 'month');
    return relativeFormat.format(Math.round(diff / (365 * 86_400)), 'year');
  };

  return {
    locale,
    timeZone: safeZone,
    currency,
    number,
    integer,
    percent,
    money,
    duration,
    kpi,
    delta,
    moe,
    date,
    dateTime,
    day,
    shortDay,
    month,
    shortMonth,
    relative,
  };
}

function fixMinus(text: string): string {
  return text.replace(/^-/, MINUS).replace(/(\s)-/, `$1${MINUS}`);
}

function dayDate(key: string): Date {
  return new Date(`${key.slice(0, 10)}T00:00:00Z`);
}

function safeFormat(format: Intl.DateTimeFormat, value: Date, fallback: string): string {
  return Number.isNaN(value.getTime()) ? fallback : format.format(value);
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
