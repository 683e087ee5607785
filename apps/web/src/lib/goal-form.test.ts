import { describe, expect, it } from 'vitest';
import { emptyGoalForm, fieldOf, goalInputOf, parseDecimal, validateGoalForm } from './goal-form.ts';

const valid = { ...emptyGoalForm('2026-Q4'), kpi: 'nps' as const, target: '35' };

describe('validateGoalForm', () => {
  it('accepts a complete company goal and maps it to the API input', () => {
    expect(validateGoalForm(valid)).toEqual({});
    expect(goalInputOf({ ...valid, warning_band: '4,5', note: '  ' })).toEqual({
      kpi: 'nps',
      scope_type: 'company',
      scope_id: null,
      period: '2026-Q4',
      target: 35,
      warning_band: 4.5,
      note: null,
    });
  });

  it('names every missing or malformed field', () => {
    const errors = validateGoalForm({ ...emptyGoalForm(''), scope_type: 'team', warning_band: 'abc' });
    expect(errors).toEqual({
      kpi: { code: 'required' },
      scope_id: { code: 'scopeRequired' },
      period: { code: 'required' },
      target: { code: 'required' },
      warning_band: { code: 'notANumber' },
    });
    expect(validateGoalForm({ ...valid, period: '2026-Q5' }).period).toEqual({ code: 'periodFormat' });
    expect(validateGoalForm({ ...valid, target: '12 pts' }).target).toEqual({ code: 'notANumber' });
    expect(validateGoalForm({ ...valid, warning_band: '-1' }).warning_band).toEqual({ code: 'bandNegative' });
  });

  it('checks the target against the KPI unit', () => {
    expect(validateGoalForm({ ...valid, target: '120' }).target).toEqual({
      code: 'outOfRange',
      min: -100,
      max: 100,
    });
    expect(validateGoalForm({ ...valid, target: '-20' }).target).toBeUndefined();
    expect(validateGoalForm({ ...valid, kpi: 'csat', target: '-1' }).target).toEqual({
      code: 'outOfRange',
      min: 0,
      max: 100,
    });
    expect(validateGoalForm({ ...valid, kpi: 'wait_time', target: '-5' }).target).toEqual({
      code: 'mustBePositive',
    });
  });
});

describe('parseDecimal', () => {
  it('reads French and English decimals', () => {
    expect(parseDecimal('12,5')).toBe(12.5);
    expect(parseDecimal(' 1\u202f200 ')).toBe(1200);
    expect(parseDecimal('\u22123')).toBe(-3);
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });
  it('keeps server field names the form knows', () => {
    expect(fieldOf('target')).toBe('target');
    expect(fieldOf('whatever')).toBeNull();
  });
});
