import { describe, expect, it } from 'vitest';
import { createFormatters } from './format.ts';

const fr = createFormatters({ locale: 'fr', timeZone: 'Europe/Paris', currency: 'EUR' });
const en = createFormatters({ locale: 'en', timeZone: 'Europe/Paris', currency: 'EUR' });
/** Intl uses (narrow) no-break spaces; compare with plain ones */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatters', () => {
  it('formats numbers and percentages per locale', () => {
    expect(plain(fr.number(12345.6))).toBe('12 345,6');
    expect(en.number(12345.6)).toBe('12,345.6');
    expect(plain(fr.percent(45.2))).toBe('45,2 %');
    expect(en.percent(45.2)).toBe('45.2%');
  });

  it('writes NPS as points, never as a percentage, with a true minus sign', () => {
    expect(en.kpi(32.4, 'points')).toBe('32.4');
    expect(fr.kpi(-12.5, 'points')).toBe('−12,5');
    expect(plain(en.delta(-3.24, 'points'))).toBe('−3.2 pts');
    expect(plain(fr.moe(4.12, 'points'))).toBe('± 4,1 pts');
    expect(plain(en.delta(1.5, 'percent'))).toBe('+1.5 pts');
  });

  it('says durations as people do', () => {
    expect(plain(fr.duration(45))).toBe('45 s');
    expect(plain(fr.duration(270))).toBe('4 min 30 s');
    expect(plain(fr.duration(1800))).toBe('30 min');
    expect(plain(fr.duration(8100))).toBe('2 h 15 min');
    expect(plain(fr.duration(7200))).toBe('2 h');
    expect(plain(fr.duration(3 * 86400 + 4 * 3600))).toBe('3 j 4 h');
    expect(plain(en.duration(3 * 86400 + 4 * 3600))).toBe('3 d 4 h');
    expect(plain(en.duration(3599.6))).toBe('1 h');
    expect(plain(en.delta(-125, 'seconds'))).toBe('−2 min 5 s');
  });

  it('formats money in the organisation currency', () => {
    expect(plain(fr.money(12345.4))).toBe('12 345 €');
    expect(en.money(12345.4)).toBe('€12,345');
    expect(plain(fr.kpi(1_234_567, 'currency', true))).toBe('1,2 M €');
  });

  it('formats instants in the organisation time zone and calendar keys as days', () => {
    expect(plain(fr.dateTime('2026-11-23T23:30:00Z'))).toBe('24 nov. 2026, 00:30');
    expect(en.date('2026-11-23T23:30:00Z')).toBe('24 Nov 2026');
    expect(en.month('2026-11-01')).toBe('November 2026');
    expect(fr.month('2026-11')).toBe('novembre 2026');
    expect(en.day('2026-03-29')).toBe('29 Mar 2026');
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(fr.relative('2026-11-20T10:00:00Z', now)).toBe('il y a 3 jours');
    expect(en.relative('2026-11-23T09:00:00Z', now)).toBe('1 hour ago');
  });

  it('falls back to UTC for an unknown time zone', () => {
    expect(createFormatters({ locale: 'en', timeZone: 'Nowhere/Town', currency: 'EUR' }).timeZone).toBe(
      'UTC',
    );
  });
});
