import { describe, expect, it } from 'vitest';
import { attainment, defaultWarningBand, GOAL_STATUSES, goalStatus } from './goals.ts';

describe('default warning band', () => {
  it('is 5 points for NPS, whatever the target', () => {
    expect(defaultWarningBand('nps', 30)).toBe(5);
    expect(defaultWarningBand('nps', -10)).toBe(5);
  });

  it('is 2 points for every percentage KPI', () => {
    for (const kpi of [
      'csat',
      'ces',
      'retention',
      'churn',
      'abandonment',
      'complaint_rate',
      'conversion',
      'return_rate',
      'follow_up_rate',
    ] as const) {
      expect(defaultWarningBand(kpi, 80)).toBe(2);
    }
  });

  it('is 10% of the target for times, counts and currency', () => {
    // 300 s → 30 s; 3600 s → 360 s; 50 open → 5; 120000 → 12000
    expect(defaultWarningBand('wait_time', 300)).toBe(30);
    expect(defaultWarningBand('resolution_delay', 3600)).toBe(360);
    expect(defaultWarningBand('time_to_close', 86_400)).toBe(8640);
    expect(defaultWarningBand('backlog', 50)).toBe(5);
    expect(defaultWarningBand('revenue', 120_000)).toBe(12_000);
  });

  it('is never negative (10% of |target|)', () => {
    expect(defaultWarningBand('revenue', -200)).toBe(20);
    expect(defaultWarningBand('backlog', 0)).toBe(0);
  });
});

describe('goal status, higher is better', () => {
  // CSAT target 80%, band 2 points: met ≥ 80, at risk [78, 80), off track < 78
  it('exactly at the target is met', () => {
    expect(goalStatus('csat', 80, 80, 2)).toBe('met');
  });

  it('above the target is met', () => {
    expect(goalStatus('csat', 95, 80, 2)).toBe('met');
  });

  it('a miss inside the band is at risk', () => {
    expect(goalStatus('csat', 79, 80, 2)).toBe('at_risk');
  });

  it('a miss of exactly the band is still at risk', () => {
    expect(goalStatus('csat', 78, 80, 2)).toBe('at_risk');
  });

  it('a miss beyond the band is off track', () => {
    expect(goalStatus('csat', 77.9, 80, 2)).toBe('off_track');
  });

  it('NPS target 30 with its default band of 5: 25 at risk, 24 off track', () => {
    expect(goalStatus('nps', 30, 30, 5)).toBe('met');
    expect(goalStatus('nps', 25, 30, 5)).toBe('at_risk');
    expect(goalStatus('nps', 24, 30, 5)).toBe('off_track');
  });

  it('revenue below a negative target', () => {
    // target −100, band 10: −110 misses by exactly 10
    expect(goalStatus('revenue', -110, -100, 10)).toBe('at_risk');
    expect(goalStatus('revenue', -111, -100, 10)).toBe('off_track');
  });
});

describe('goal status, lower is better', () => {
  // wait time target 300 s, band 30 s: met ≤ 300, at risk (300, 330], off track > 330
  it('exactly at the target is met', () => {
    expect(goalStatus('wait_time', 300, 300, 30)).toBe('met');
  });

  it('below the target is met', () => {
    expect(goalStatus('wait_time', 120, 300, 30)).toBe('met');
  });

  it('above the target by no more than the band is at risk', () => {
    expect(goalStatus('wait_time', 301, 300, 30)).toBe('at_risk');
    expect(goalStatus('wait_time', 330, 300, 30)).toBe('at_risk');
  });

  it('above the band edge is off track', () => {
    expect(goalStatus('wait_time', 330.5, 300, 30)).toBe('off_track');
  });

  it('churn target 5% with band 2: 7 at risk, 7.5 off track, 4 met', () => {
    expect(goalStatus('churn', 4, 5, 2)).toBe('met');
    expect(goalStatus('churn', 7, 5, 2)).toBe('at_risk');
    expect(goalStatus('churn', 7.5, 5, 2)).toBe('off_track');
  });

  it('backlog target 10 with its default band of 1: 0 met, 11 at risk, 12 off track', () => {
    const band = defaultWarningBand('backlog', 10);
    expect(band).toBe(1);
    expect(goalStatus('backlog', 0, 10, band)).toBe('met');
    expect(goalStatus('backlog', 11, 10, band)).toBe('at_risk');
    expect(goalStatus('backlog', 12, 10, band)).toBe('off_track');
  });

  it('the default band edge of a time KPI is at risk (300 s → edge at 330 s)', () => {
    expect(goalStatus('resolution_delay', 330, 300, defaultWarningBand('resolution_delay', 300))).toBe(
      'at_risk',
    );
  });
});

describe('goal status without data or without band', () => {
  it('no actual is no data, for every direction', () => {
    expect(goalStatus('csat', null, 80, 2)).toBe('no_data');
    expect(goalStatus('wait_time', null, 300, 30)).toBe('no_data');
  });

  it('a band of 0 turns any miss into off track', () => {
    expect(goalStatus('csat', 79.99, 80, 0)).toBe('off_track');
    expect(goalStatus('csat', 80, 80, 0)).toBe('met');
    expect(goalStatus('wait_time', 300.01, 300, 0)).toBe('off_track');
  });

  it('lists the four statuses', () => {
    expect(GOAL_STATUSES).toEqual(['met', 'at_risk', 'off_track', 'no_data']);
  });
});

describe('attainment', () => {
  it('is actual / target for higher-is-better KPIs', () => {
    // 72 / 80 = 0.9
    expect(attainment('csat', 72, 80)).toBeCloseTo(0.9, 12);
    // 45 / 30 = 1.5
    expect(attainment('nps', 45, 30)).toBe(1.5);
  });

  it('is target / actual for lower-is-better KPIs', () => {
    // 300 / 400 = 0.75: 400 s against a 300 s target
    expect(attainment('wait_time', 400, 300)).toBe(0.75);
    // 5 / 4 = 1.25: beating a churn target of 5% with 4%
    expect(attainment('churn', 4, 5)).toBe(1.25);
    // 0 / 5 = 0: a backlog target of 0 with 5 open
    expect(attainment('backlog', 5, 0)).toBe(0);
  });

  it('is 1 exactly at the target', () => {
    expect(attainment('conversion', 12, 12)).toBe(1);
    expect(attainment('resolution_delay', 3600, 3600)).toBe(1);
  });

  it('is null when dividing by zero', () => {
    // higher is better: target 0
    expect(attainment('revenue', 1000, 0)).toBeNull();
    expect(attainment('nps', 10, 0)).toBeNull();
    // an NPS target below zero: 5 / −2 = −2.5 would read as failure when the goal is met
    expect(attainment('nps', 5, -2)).toBeNull();
    // lower is better: actual 0
    expect(attainment('backlog', 0, 10)).toBeNull();
    expect(attainment('wait_time', 0, 300)).toBeNull();
  });

  it('is null without an actual', () => {
    expect(attainment('csat', null, 80)).toBeNull();
    expect(attainment('wait_time', null, 300)).toBeNull();
  });
});
