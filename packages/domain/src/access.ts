/**
 * Who may see what (docs/decisions/006-access-model.md). Roles are fixed; a user's scope
 * follows from their role and team. Pure: the server enforces it, the web app reads it to
 * offer only what a user may use.
 */
export const ROLES = ['admin', 'executive', 'team_lead', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** Where a user's data ends: every department, one department, or one team. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'department'; departmentId: string }
  | { kind: 'team'; teamId: string };

export function scopeOf(role: Role, teamId: string | null, departmentId: string | null): Scope {
  if (role === 'admin' || role === 'executive') return { kind: 'all' };
  if (role === 'team_lead' && departmentId) return { kind: 'department', departmentId };
  if (role === 'agent' && teamId) return { kind: 'team', teamId };
  // a team lead or agent without a team sees nothing rather than everything
  return { kind: 'team', teamId: '' };
}

export const PERMISSIONS = [
  /** KPIs, goals board, drill-down, customers, within the user's scope */
  'read',
  /** users, organisation (departments, teams, touchpoints), goals, tokens, settings, audit */
  'manage',
  /** alert rules that open follow-up cases, for the teams within the user's scope */
  'alerts',
  /** work on follow-up cases within the user's scope: take, assign, change status, add notes */
  'follow_up',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'manage', 'alerts', 'follow_up'],
  executive: ['read'],
  team_lead: ['read', 'alerts', 'follow_up'],
  agent: ['read', 'follow_up'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
