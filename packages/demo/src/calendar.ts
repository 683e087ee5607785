/** Calendar helpers in UTC: seasonality of a French retailer, and fast ISO formatting. */

export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Mon–Sun volume weights indexed by getUTCDay() (0 = Sunday). */
export const WEEKDAY_WEIGHTS = [0.55, 1, 0.95, 0.97, 1, 1.1, 1.25];

function lastWeekdayOfMonth(year: number, month: number, weekday: number): number {
  const last = Date.UTC(year, month + 1, 0);
  const dow = new Date(last).getUTCDay();
  return last - ((dow - weekday + 7) % 7) * DAY;
}

function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const dow = new Date(first).getUTCDay();
  return first + (((weekday - dow + 7) % 7) + 7 * (n - 1)) * DAY;
}

/**
 * Yearly seasonality of the day starting at `dayMs` (1 = an ordinary day): Black Friday and
 * the run-up to Christmas, the winter and summer sales, quiet August, closed public holidays.
 */
export function seasonOf(dayMs: number): number {
  const d = new Date(dayMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const dom = d.getUTCDate();
  let s = 1;
  const blackFriday = lastWeekdayOfMonth(y, 10, 5);
  const fromBf = (dayMs - blackFriday) / DAY;
  if (fromBf > -12 && fromBf < 12) s += 0.9 * Math.exp(-((fromBf - 1) ** 2) / 12);
  if (m === 11) {
    if (dom <= 23) s += 0.25 + (0.35 * dom) / 23;
    else if (dom === 24) s += 0.2;
    else if (dom === 25) s *= 0.35;
    else s += 0.15;
  }
  const winterSales = nthWeekdayOfMonth(y, 0, 3, 2);
  const fromWinter = (dayMs - winterSales) / DAY;
  if (fromWinter >= 0 && fromWinter < 28) s += 0.35 * Math.exp(-fromWinter / 10);
  const summerSales = lastWeekdayOfMonth(y, 5, 3);
  const fromSummer = (dayMs - summerSales) / DAY;
  if (fromSummer >= 0 && fromSummer < 28) s += 0.4 * Math.exp(-fromSummer / 12);
  if (m === 7 && dom <= 24) s -= 0.15;
  if ((m === 0 && dom === 1) || (m === 4 && dom === 1)) s *= 0.45;
  return s;
}

const TWO: string[] = Array.from({ length: 60 }, (_, k) => String(k).padStart(2, '0'));

/** 'YYYY-MM-DDTHH:MM:SSZ' for whole-second epoch milliseconds, with a per-day cache. */
export class IsoFormatter {
  private readonly prefixes = new Map<number, string>();

  format(ms: number): string {
    const day = Math.floor(ms / DAY);
    let prefix = this.prefixes.get(day);
    if (prefix === undefined) {
      prefix = `${new Date(day * DAY).toISOString().slice(0, 10)}T`;
      if (this.prefixes.size > 20_000) this.prefixes.clear();
      this.prefixes.set(day, prefix);
    }
    const secs = Math.floor((ms - day * DAY) / 1000);
    const h = Math.floor(secs / 3600);
    const mi = Math.floor((secs % 3600) / 60);
    return `${prefix}${TWO[h]}:${TWO[mi]}:${TWO[secs % 60]}Z`;
  }
}

/** Whole seconds. */
export function toSecond(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}
