import { describe, expect, it } from 'vitest';
import { scoreBand } from './score-band.ts';

describe('scoreBand', () => {
  it('splits NPS answers into detractors, passives and promoters', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => scoreBand('nps', s))).toEqual([
      'bad',
      'bad',
      'mid',
      'mid',
      'good',
      'good',
    ]);
  });
  it('reads CSAT and CES on their own scales', () => {
    expect([1, 2, 3, 4, 5].map((s) => scoreBand('csat', s))).toEqual(['bad', 'bad', 'mid', 'good', 'good']);
    expect([1, 3, 4, 5, 7].map((s) => scoreBand('ces', s))).toEqual(['bad', 'bad', 'mid', 'good', 'good']);
  });
});
