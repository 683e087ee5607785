/**
 * What a signed-in user is offered, from their session (docs/decisions/006-access-model.md):
 * the departments, teams and touchpoints of their scope, the navigation, and whether a URL's
 * filters lie outside it. Pure: the server enforces the scope; this only avoids offering
 * what it would refuse.
 */
import { can, type Reference, type Role, type Scope } from '@parcours/domain';
import { safeRedirect } from './safe-redirect.ts';

export type ScopedReference = Pick<Reference, 'departments' | 'teams' | 'touchpoints'>;

/** The reference data narrowed to the user's scope (an agent's team has no whole department). */
export function scopedReference<R extends ScopedReference>(reference: R, scope: Scope): R {
  if (scope.kind === 'all') return reference;
  const teams =
    scope.kind === 'department'
      ? reference.teams.filter((team) => team.department_id === scope.departmentId)
      : reference.teams.filter((team) => team.id === scope.teamId);
  const teamIds = new Set(teams.map((team) => team.id));
  return {
    ...reference,
    departments:
      scope.kind === 'department' ? reference.departments.filter((d) => d.id === scope.departmentId) : [],
    teams,
    touchpoints: reference.touchpoints.filter((tp) => teamIds.has(tp.team_id)),
  };
}

/** Whether a whole department lies within the scope (its page, its filter, its block). */
export function departmentInScope(scope: Scope, departmentId: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'department' && scope.departmentId === departmentId);
}

/**
 * Where a role starts (decision 016): the company overview for executives and admins; a team
 * lead's own department (its goals, touchpoints and open cases); an agent's customer search,
 * with their cases, since they work one caller at a time.
 */
export function homePath(session: { user: { role: Role }; scope: Scope }): string {
  if (session.user.role === 'agent') return '/customers';
  if (session.scope.kind === 'department')
    return `/departments/${encodeURIComponent(session.scope.departmentId)}`;
  return '/';
}

/**
 * Where to go after signing in: the page the user was sent away from, unless that was the bare
 * start page (`/`, `/?lang=fr`), which means "my home". Never another site (see safeRedirect).
 */
export function afterSignIn(redirect: string | undefined, home: string): string {
  const target = safeRedirect(redirect);
  const url = new URL(target, 'http://parcours.invalid');
  const onlyLang = [...url.searchParams.keys()].every((key) => key === 'lang');
  if (url.pathname !== '/' || !onlyLang) return target;
  const lang = url.searchParams.get('lang');
  return lang ? `${home}?lang=${encodeURIComponent(lang)}` : home;
}

export type NavItem = 'overview' | 'departments' | 'journey' | 'customers' | 'cases' | 'goals' | 'admin';

/** The main navigation a session offers. */
export function navItems(role: Role, scope: Scope): NavItem[] {
  const items: NavItem[] = ['overview'];
  if (scope.kind !== 'team') items.push('departments');
  // every role reads the follow-up cases of its scope; only some work on them
  items.push('journey', 'customers', 'cases', 'goals');
  if (can(role, 'manage')) items.push('admin');
  return items;
}

export type Refusal = { field: 'department' | 'team' | 'touchpoint'; value: string };

/**
 * The first filter of a URL the server would refuse (a department, team or touchpoint outside
 * the scope), or null. Values unknown to the reference are left to the server.
 */
export function refusedFilter(
  search: { department?: readonly string[]; team?: readonly string[]; touchpoint?: readonly string[] },
  reference: ScopedReference,
  scope: Scope,
): Refusal | null {
  if (scope.kind === 'all') return null;
  const allowed = scopedReference(reference, scope);
  const known = (ids: { id: string }[]) => new Set(ids.map((x) => x.id));
  const checks: [Refusal['field'], readonly string[] | undefined, Set<string>, Set<string>][] = [
    ['department', search.department, known(reference.departments), known(allowed.departments)],
    ['team', search.team, known(reference.teams), known(allowed.teams)],
    ['touchpoint', search.touchpoint, known(reference.touchpoints), known(allowed.touchpoints)],
  ];
  for (const [field, values, all, ok] of checks) {
    const value = (values ?? []).find((v) => all.has(v) && !ok.has(v));
    if (value !== undefined) return { field, value };
  }
  return null;
}

/** The name of what a scoped user sees ("Service client", "Chat"), or null for everything. */
export function scopeName(scope: Scope, reference: ScopedReference | undefined): string | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'department')
    return reference?.departments.find((d) => d.id === scope.departmentId)?.name ?? scope.departmentId;
  return reference?.teams.find((team) => team.id === scope.teamId)?.name ?? (scope.teamId || null);
}

/** Admin pages are for the roles that may manage. */
export function isAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}

/** A label starting with a capital ("team lead" → "Team lead"), for table cells and options. */
export function capitalised(label: string): string {
  return label.charAt(0).toLocaleUpperCase() + label.slice(1);
}
