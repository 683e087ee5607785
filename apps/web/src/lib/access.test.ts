import { describe, expect, it } from 'vitest';
import {
  afterSignIn,
  capitalised,
  departmentInScope,
  homePath,
  isAdminPath,
  navItems,
  refusedFilter,
  scopedReference,
  scopeName,
} from './access.ts';

const reference = {
  departments: [
    { id: 'service-client', name: 'Service client' },
    { id: 'marketing', name: 'Marketing' },
  ],
  teams: [
    { id: 'sc-lyon', name: 'Lyon', department_id: 'service-client' },
    { id: 'sc-chat', name: 'Chat', department_id: 'service-client' },
    { id: 'mk-web', name: 'Web', department_id: 'marketing' },
  ],
  touchpoints: [
    { id: 'tp-phone', team_id: 'sc-lyon' },
    { id: 'tp-chat', team_id: 'sc-chat' },
    { id: 'tp-site', team_id: 'mk-web' },
  ],
} as unknown as Parameters<typeof scopedReference>[0];

const lead = { kind: 'department', departmentId: 'service-client' } as const;
const agent = { kind: 'team', teamId: 'sc-chat' } as const;
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('scopedReference', () => {
  it('keeps everything for an unscoped user', () => {
    expect(scopedReference(reference, { kind: 'all' })).toBe(reference);
  });
  it('keeps the department of a team lead, its teams and touchpoints', () => {
    const r = scopedReference(reference, lead);
    expect(ids(r.departments)).toEqual(['service-client']);
    expect(ids(r.teams)).toEqual(['sc-lyon', 'sc-chat']);
    expect(ids(r.touchpoints)).toEqual(['tp-phone', 'tp-chat']);
  });
  it('keeps only the team of an agent, and no whole department', () => {
    const r = scopedReference(reference, agent);
    expect(r.departments).toEqual([]);
    expect(ids(r.teams)).toEqual(['sc-chat']);
    expect(ids(r.touchpoints)).toEqual(['tp-chat']);
  });
});

describe('navItems', () => {
  it('offers the admin pages to admins only', () => {
    expect(navItems('admin', { kind: 'all' })).toContain('admin');
    expect(navItems('executive', { kind: 'all' })).not.toContain('admin');
    expect(navItems('team_lead', lead)).toEqual([
      'overview',
      'departments',
      'journey',
      'customers',
      'cases',
      'goals',
    ]);
  });
  it('offers no department menu to an agent', () => {
    expect(navItems('agent', agent)).toEqual(['overview', 'journey', 'customers', 'cases', 'goals']);
  });
});

describe('refusedFilter', () => {
  it('refuses a department outside the scope', () => {
    expect(refusedFilter({ department: ['marketing'] }, reference, lead)).toEqual({
      field: 'department',
      value: 'marketing',
    });
    expect(refusedFilter({ department: ['service-client'] }, reference, lead)).toBeNull();
  });
  it('refuses a team or touchpoint outside the scope', () => {
    expect(refusedFilter({ team: ['sc-lyon'] }, reference, agent)).toEqual({
      field: 'team',
      value: 'sc-lyon',
    });
    expect(refusedFilter({ touchpoint: ['tp-site'] }, reference, lead)).toEqual({
      field: 'touchpoint',
      value: 'tp-site',
    });
    expect(refusedFilter({ team: ['sc-chat'], touchpoint: ['tp-chat'] }, reference, agent)).toBeNull();
  });
  it('leaves unknown values and unscoped users to the server', () => {
    expect(refusedFilter({ department: ['nope'] }, reference, lead)).toBeNull();
    expect(refusedFilter({ department: ['marketing'] }, reference, { kind: 'all' })).toBeNull();
  });
});

describe('scope helpers', () => {
  it('names the scope', () => {
    expect(scopeName({ kind: 'all' }, reference)).toBeNull();
    expect(scopeName(lead, reference)).toBe('Service client');
    expect(scopeName(agent, reference)).toBe('Chat');
    expect(scopeName(lead, undefined)).toBe('service-client');
  });
  it('tells departments in scope', () => {
    expect(departmentInScope(lead, 'service-client')).toBe(true);
    expect(departmentInScope(lead, 'marketing')).toBe(false);
    expect(departmentInScope(agent, 'service-client')).toBe(false);
    expect(departmentInScope({ kind: 'all' }, 'marketing')).toBe(true);
  });
  it('capitalises a label', () => {
    expect(capitalised('team lead')).toBe('Team lead');
    expect(capitalised('')).toBe('');
  });
  it('recognises admin paths', () => {
    expect(isAdminPath('/admin/users')).toBe(true);
    expect(isAdminPath('/admin')).toBe(true);
    expect(isAdminPath('/administrators')).toBe(false);
  });
});

describe("each role's home, and where signing in leads", () => {
  const as = (
    role: 'admin' | 'executive' | 'team_lead' | 'agent',
    scope: Parameters<typeof homePath>[0]['scope'],
  ) => ({
    user: { role },
    scope,
  });

  it('starts executives and admins on the overview, a lead on their department, an agent on the customer search', () => {
    expect(homePath(as('executive', { kind: 'all' }))).toBe('/');
    expect(homePath(as('admin', { kind: 'all' }))).toBe('/');
    expect(homePath(as('team_lead', lead))).toBe('/departments/service-client');
    expect(homePath(as('agent', agent))).toBe('/customers');
    // an agent whose scope is a department (an unusual set-up) still starts on the search
    expect(homePath(as('agent', lead))).toBe('/customers');
  });

  it('goes home from the bare start page, keeping the language, and back to any other page', () => {
    const home = '/departments/service-client';
    expect(afterSignIn(undefined, home)).toBe(home);
    expect(afterSignIn('/', home)).toBe(home);
    expect(afterSignIn('/?lang=fr', home)).toBe(`${home}?lang=fr`);
    expect(afterSignIn('/?period=2026-11', home)).toBe('/?period=2026-11');
    expect(afterSignIn('/journey?kpi=csat', home)).toBe('/journey?kpi=csat');
    // never another site
    expect(afterSignIn('//evil.example/', home)).toBe(home);
    expect(afterSignIn('https://evil.example/', home)).toBe(home);
  });
});
