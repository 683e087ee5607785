import { describe, expect, it } from 'vitest';
import { drillFocus } from './drill-focus.ts';

describe('drillFocus', () => {
  it('opens the part of the population that explains a bad value', () => {
    expect(drillFocus('nps', ['responses', 'promoters', 'passives', 'detractors'])).toEqual({
      subset: 'detractors',
      sort: 'recent',
    });
    expect(drillFocus('resolution_delay', ['resolved'])).toEqual({ subset: 'resolved', sort: 'value' });
    expect(drillFocus('csat', undefined).subset).toBe('dissatisfied');
  });
  it('falls back to the server’s default subset', () => {
    expect(drillFocus('nps', ['responses'])).toEqual({ subset: 'responses', sort: 'recent' });
    expect(drillFocus('conversion', ['eligible', 'converted']).subset).toBe('eligible');
  });
});
