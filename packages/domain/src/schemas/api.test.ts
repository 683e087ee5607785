import { describe, expect, it } from 'vitest';
import { ZGoalInput, ZKpiQuery, ZPageQuery } from './api.ts';

describe('KPI query filters', () => {
  it('turns a single value into a one-element array', () => {
    expect(ZKpiQuery.parse({ team: 't-1' }).team).toEqual(['t-1']);
  });

  it('keeps a repeated parameter as an array', () => {
    expect(ZKpiQuery.parse({ team: ['t-1', 't-2'] }).team).toEqual(['t-1', 't-2']);
    expect(ZKpiQuery.parse({ stage: ['purchase', 'service'] }).stage).toEqual(['purchase', 'service']);
  });

  it('leaves an absent filter undefined (no filter, not an empty one)', () => {
    const q = ZKpiQuery.parse({});
    expect(q.team).toBeUndefined();
    expect(q.kpis).toBeUndefined();
  });

  it('rejects an unknown value of an enumerated dimension, even among valid ones', () => {
    expect(ZKpiQuery.safeParse({ stage: 'delight' }).success).toBe(false);
    expect(ZKpiQuery.safeParse({ media: ['paid', 'stolen'] }).success).toBe(false);
  });

  it('accepts at most 200 values per filter', () => {
    const ids = (k: number) => Array.from({ length: k }, (_, j) => `t-${j}`);
    expect(ZKpiQuery.safeParse({ team: ids(200) }).success).toBe(true);
    expect(ZKpiQuery.safeParse({ team: ids(201) }).success).toBe(false);
  });

  it('validates the window bounds as ISO instants', () => {
    expect(ZKpiQuery.safeParse({ from: '2026-03-01', to: '2026-04-01' }).success).toBe(true);
    expect(ZKpiQuery.safeParse({ from: '01/03/2026' }).success).toBe(false);
  });
});

describe('KPI query kpis list', () => {
  it('splits a comma-separated list of KPI ids, trimming spaces', () => {
    expect(ZKpiQuery.parse({ kpis: 'nps,csat' }).kpis).toEqual(['nps', 'csat']);
    expect(ZKpiQuery.parse({ kpis: 'nps, wait_time' }).kpis).toEqual(['nps', 'wait_time']);
  });

  it('treats an empty list as all KPIs (undefined)', () => {
    expect(ZKpiQuery.parse({ kpis: '' }).kpis).toBeUndefined();
  });

  it('rejects an unknown KPI id and names it', () => {
    const r = ZKpiQuery.safeParse({ kpis: 'nps,happiness' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain("'happiness'");
    expect(r.error?.issues[0]?.path).toEqual(['kpis']);
  });

  it('rejects an unknown groupBy and compare value', () => {
    expect(ZKpiQuery.safeParse({ groupBy: 'hour' }).success).toBe(false);
    expect(ZKpiQuery.safeParse({ compare: 'yes' }).success).toBe(false);
    expect(ZKpiQuery.parse({ groupBy: 'week', compare: 'false' })).toMatchObject({
      groupBy: 'week',
      compare: 'false',
    });
  });
});

describe('goal input', () => {
  const goal = { kpi: 'csat', scope_type: 'team', scope_id: 't-1', period: '2026-Q2', target: 80 };

  it('accepts a team goal with its scope id and nulls the optional fields', () => {
    expect(ZGoalInput.parse(goal)).toEqual({ ...goal, warning_band: null, note: null });
  });

  it.each(['department', 'team', 'touchpoint'])('requires scope_id for a %s goal', (scope_type) => {
    const r = ZGoalInput.safeParse({ ...goal, scope_type, scope_id: undefined });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([['scope_id']]);
    expect(ZGoalInput.safeParse({ ...goal, scope_type, scope_id: null }).success).toBe(false);
  });

  it('refuses a scope_id on a company goal, and accepts one without', () => {
    const r = ZGoalInput.safeParse({ ...goal, scope_type: 'company' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([['scope_id']]);
    const { scope_id: _, ...company } = goal;
    expect(ZGoalInput.parse({ ...company, scope_type: 'company' }).scope_id).toBeNull();
  });

  it('accepts months, quarters and years as periods, nothing else', () => {
    for (const period of ['2026-03', '2026-Q1', '2026']) {
      expect(ZGoalInput.safeParse({ ...goal, period }).success).toBe(true);
    }
    for (const period of ['2026-13', '2026-Q5', '2026-W10', 'Q1 2026', '0026-03', '1899', '2201-Q1']) {
      expect(ZGoalInput.safeParse({ ...goal, period }).success).toBe(false);
    }
  });

  it('rejects an unknown KPI, a negative warning band and unknown keys', () => {
    expect(ZGoalInput.safeParse({ ...goal, kpi: 'happiness' }).success).toBe(false);
    expect(ZGoalInput.safeParse({ ...goal, warning_band: -1 }).success).toBe(false);
    expect(ZGoalInput.parse({ ...goal, warning_band: 0 }).warning_band).toBe(0);
    expect(ZGoalInput.safeParse({ ...goal, owner: 'me' }).success).toBe(false);
  });
});

describe('paging', () => {
  it('coerces query-string numbers and applies defaults', () => {
    expect(ZPageQuery.parse({})).toEqual({ page: 1, pageSize: 50 });
    expect(ZPageQuery.parse({ page: '3', pageSize: '20' })).toEqual({ page: 3, pageSize: 20 });
    expect(ZPageQuery.safeParse({ pageSize: '501' }).success).toBe(false);
    expect(ZPageQuery.safeParse({ page: '0' }).success).toBe(false);
  });
});
