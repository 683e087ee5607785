import type { GoalStatusResponse } from '@parcours/domain';
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../i18n/format.ts';
import { kv } from './fixtures.test-util.ts';
import { changeOf, companyGoalOf, kpiTileModel } from './kpi-tile.ts';

const en = createFormatters({ locale: 'en', timeZone: 'Europe/Paris', currency: 'EUR' });
const fr = createFormatters({ locale: 'fr', timeZone: 'Europe/Paris', currency: 'EUR' });
const nb = (s: string | null | undefined) => s?.replace(/[\u00a0\u202f]/g, ' ');

describe('kpiTileModel', () => {
  it('words an NPS in points with its margin, sample size and a significant rise', () => {
    const value = kv(32.44, 1234, {
      moe: 4.12,
      previous: { value: 28.1, n: 1100, moe: 4.3 },
      change: 4.34,
      significant: true,
    });
    const m = kpiTileModel('nps', value, en);
    expect(m.valueText).toBe('32.4');
    expect(nb(m.moeText)).toBe('± 4.1 pts');
    expect(m.nText).toBe('1,234');
    expect(m.lowSample).toBe(false);
    expect(m.change).toMatchObject({ direction: 'up', tone: 'good', significant: true });
    expect(nb(m.change?.text)).toBe('+4.3 pts');
    expect(nb(kpiTileModel('nps', value, fr).valueText)).toBe('32,4');
    expect(nb(kpiTileModel('nps', value, fr).nText)).toBe('1 234');
  });

  it('reads a rise of a lower-is-better KPI as bad, and a non-significant change as neutral', () => {
    const slower = kv(8100, 200, {
      previous: { value: 7200, n: 180, moe: 300 },
      change: 900,
      significant: true,
    });
    expect(changeOf('resolution_delay', slower, en)).toMatchObject({ direction: 'up', tone: 'bad' });
    const noise = kv(45, 200, { previous: { value: 44, n: 200, moe: 5 }, change: 1, significant: false });
    expect(changeOf('csat', noise, en)).toMatchObject({
      direction: 'up',
      tone: 'neutral',
      significant: false,
    });
  });

  it('says "no data" (not 0) for an empty population, and flags low samples', () => {
    const empty = kpiTileModel('csat', kv(null, 0), en);
    expect(empty.hasValue).toBe(false);
    expect(empty.valueText).toBeNull();
    expect(empty.lowSample).toBe(false);
    expect(empty.change).toBeNull();
    const small = kpiTileModel('csat', kv(80, 12), en);
    expect(small.lowSample).toBe(true);
    expect(small.valueText).toBe('80%');
    expect(nb(kpiTileModel('csat', kv(45.25, 300), fr).valueText)).toBe('45,3 %');
  });

  it('formats times as durations with percentiles, and money compactly', () => {
    const m = kpiTileModel('resolution_delay', kv(8100, 90, { p50: 3600, p90: 86_400 + 4 * 3600 }), fr);
    expect(nb(m.valueText)).toBe('2 h 15 min');
    expect(m.percentiles && nb(m.percentiles.p90)).toBe('1 j 4 h');
    expect(nb(kpiTileModel('revenue', kv(1_234_567, 500), fr).valueText)).toBe('1,2 M €');
  });

  it('treats a missing KPI in the response as no data', () => {
    expect(kpiTileModel('backlog', undefined, en)).toMatchObject({ hasValue: false, n: 0, valueText: null });
  });
});

describe('companyGoalOf', () => {
  it('finds the company-wide goal of a KPI', () => {
    const goal = {
      id: 'g1',
      kpi: 'nps' as const,
      scope_type: 'company' as const,
      scope_id: null,
      scope_name: 'Company',
      period: '2026-Q4',
      target: 40,
      warning_band: null,
      effective_band: 5,
      note: null,
      created_at: '',
      updated_at: '',
    };
    const response: GoalStatusResponse = {
      period: '2026-Q4',
      window: { from: '', to: '' },
      departments: [
        {
          department: null,
          goals: [{ goal, actual: 36, n: 500, moe: 3, lowSample: false, status: 'at_risk', attainment: 0.9 }],
          summary: { met: 0, at_risk: 1, off_track: 0, no_data: 0 },
        },
      ],
    };
    expect(companyGoalOf(response, 'nps', en)).toEqual({ status: 'at_risk', targetText: '40' });
    expect(companyGoalOf(response, 'csat', en)).toBeNull();
    expect(companyGoalOf(undefined, 'nps', en)).toBeNull();
  });
});
