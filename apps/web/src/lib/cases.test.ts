import { describe, expect, it } from 'vitest';
import {
  caseListParams,
  closeErrors,
  closePatch,
  defaultOwner,
  dueState,
  rootCauseInputs,
  unreadBadge,
} from './cases.ts';
import { paretoSeries } from './pareto.ts';

describe('caseListParams', () => {
  it('gives an agent their own cases by default, and everyone else the whole queue', () => {
    expect(defaultOwner('agent')).toBe('me');
    expect(defaultOwner('team_lead')).toBeUndefined();
    expect(caseListParams({}, 'agent')).toMatchObject({ owner: 'me', page: 1, sort: 'due' });
    expect(caseListParams({}, 'team_lead').owner).toBeUndefined();
  });
  it('opens on the work to do (open and in progress); any status is one choice away', () => {
    expect(caseListParams({}, 'team_lead').status).toEqual(['open', 'in_progress']);
    expect(caseListParams({ status: 'any' }, 'team_lead').status).toBeUndefined();
    expect(caseListParams({ status: 'closed' }, 'team_lead').status).toBe('closed');
  });
  it('keeps the URL filters and lets an agent see every owner with `all`', () => {
    expect(caseListParams({ owner: 'all' }, 'agent').owner).toBeUndefined();
    expect(
      caseListParams({ owner: 'none', status: 'open', overdue: true, team: 'sc-lyon', page: 3 }, 'admin'),
    ).toEqual({
      owner: 'none',
      status: 'open',
      overdue: 'true',
      team: 'sc-lyon',
      sort: 'due',
      page: 3,
      pageSize: 50,
    });
  });
});

describe('dueState', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  it('says closed, overdue, due soon or on time', () => {
    expect(dueState({ status: 'closed', dueAt: '2026-11-19T00:00:00Z' }, now)).toBe('closed');
    expect(dueState({ status: 'open', dueAt: '2026-11-20T11:00:00Z' }, now)).toBe('overdue');
    expect(dueState({ status: 'open', dueAt: '2026-11-22T11:00:00Z', overdue: true }, now)).toBe('overdue');
    expect(dueState({ status: 'in_progress', dueAt: '2026-11-20T20:00:00Z' }, now)).toBe('due_soon');
    expect(dueState({ status: 'open', dueAt: '2026-11-22T12:00:00Z' }, now)).toBe('on_time');
  });
});

describe('closeErrors', () => {
  it('requires a root cause of the list and a resolution', () => {
    expect(closeErrors({ rootCause: '', resolution: ' ' })).toEqual({
      rootCause: 'required',
      resolution: 'required',
    });
    expect(closeErrors({ rootCause: 'nope', resolution: 'ok' })).toEqual({ rootCause: 'required' });
    expect(closeErrors({ rootCause: 'wait', resolution: 'x'.repeat(5001) })).toEqual({
      resolution: 'tooLong',
    });
    expect(closeErrors({ rootCause: 'wait', resolution: 'Rappelé' })).toEqual({});
    expect(closePatch({ rootCause: 'wait', resolution: ' Rappelé ' })).toEqual({
      status: 'closed',
      root_cause: 'wait',
      resolution: 'Rappelé',
    });
  });
});

describe('unreadBadge', () => {
  it('shows nothing at zero and caps at 99+', () => {
    expect(unreadBadge(undefined)).toBeNull();
    expect(unreadBadge(0)).toBeNull();
    expect(unreadBadge(7)).toBe('7');
    expect(unreadBadge(150)).toBe('99+');
  });
});

describe('rootCauseInputs', () => {
  it('labels the causes in the page language and feeds the 20/80 series', () => {
    const items = [
      { code: 'wait', label: { en: 'Waiting time', fr: 'Temps d’attente' }, count: 6 },
      { code: 'staff', label: { en: 'Staff', fr: 'Personnel' }, count: 3 },
      { code: 'other', label: { en: 'Other', fr: 'Autre' }, count: 1 },
    ];
    const inputs = rootCauseInputs(items, 'fr');
    expect(inputs[0]).toEqual({ key: 'wait', label: 'Temps d’attente', value: 6 });
    const series = paretoSeries(inputs);
    expect(series.total).toBe(10);
    expect(series.items.map((i) => i.cumulative)).toEqual([60, 90, 100]);
    expect(series.vitalCount).toBe(2);
  });
});
