/**
 * Turns API filters into sets of ids the records are narrowed by: the touchpoint filters
 * (touchpoint, channel, stage, media, presence) become one set of touchpoint ids, the team
 * filters (team, department) one set of team ids. `null` means "not filtered".
 */
import type { Filters, Scope } from '@parcours/domain';
import type { Kysely } from 'kysely';
import { ForbiddenError, InvalidInputError } from '../errors.ts';
import type { DB } from '../schema.ts';
import type { CustomerRecords } from './customer-records.ts';
import type { Org } from './reference.ts';

export type ResolvedFilters = {
  touchpoints: Set<string> | null;
  teams: Set<string> | null;
  segments: string[] | null;
  regions: string[] | null;
  modes: string[] | null;
  /** one customer's records only (customer profile) */
  customer: CustomerRecords | null;
};

/** Ids in filters must exist: an unknown one is a mistake to report, not an empty answer. */
function checkIds(filters: Filters, org: Org): void {
  const details: { field: string; reason: string }[] = [];
  const check = (field: 'department' | 'team' | 'touchpoint', known: Map<string, unknown>) => {
    for (const id of filters[field] ?? []) {
      if (!known.has(id)) details.push({ field, reason: `unknown ${field} '${id.slice(0, 60)}'` });
    }
  };
  check('department', org.departments);
  check('team', org.teams);
  check('touchpoint', org.touchpoints);
  if (details.length) throw new InvalidInputError('the filters name unknown records', details);
}

/** The teams a scope covers; null for every team. */
export function scopeTeams(scope: Scope, org: Org): Set<string> | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'team') return new Set(org.teams.has(scope.teamId) ? [scope.teamId] : []);
  return new Set(
    [...org.teams.values()].filter((t) => t.department_id === scope.departmentId).map((t) => t.id),
  );
}

/** Asking by filter for a department or team outside one's scope is refused, not emptied. */
function checkScope(filters: Filters, org: Org, allowed: Set<string>): void {
  const details: { field: string; reason: string }[] = [];
  for (const id of filters.team ?? []) {
    if (!allowed.has(id)) details.push({ field: 'team', reason: `team '${id}' is outside your scope` });
  }
  for (const id of filters.department ?? []) {
    if (![...allowed].some((t) => org.teams.get(t)?.department_id === id))
      details.push({ field: 'department', reason: `department '${id}' is outside your scope` });
  }
  if (details.length) throw new ForbiddenError('you may not see that data', details);
}

export function resolveFilters(
  filters: Filters,
  org: Org,
  customer: CustomerRecords | null = null,
  scope: Scope = { kind: 'all' },
): ResolvedFilters {
  checkIds(filters, org);
  const allowed = scopeTeams(scope, org);
  if (allowed) checkScope(filters, org, allowed);
  let touchpoints: Set<string> | null = null;
  const tpFilters = [filters.touchpoint, filters.channel, filters.stage, filters.media, filters.presence];
  if (tpFilters.some((f) => f !== undefined)) {
    touchpoints = new Set(
      [...org.touchpoints.values()]
        .filter(
          (t) =>
            (!filters.touchpoint || filters.touchpoint.includes(t.id)) &&
            (!filters.channel || filters.channel.includes(t.channel)) &&
            (!filters.stage || (filters.stage as string[]).includes(t.stage)) &&
            (!filters.media || (filters.media as string[]).includes(t.media)) &&
            (!filters.presence || (filters.presence as string[]).includes(t.presence)),
        )
        .map((t) => t.id),
    );
  }
  let teams: Set<string> | null = null;
  if (filters.team || filters.department) {
    teams = new Set(
      [...org.teams.values()]
        .filter(
          (t) =>
            (!filters.team || filters.team.includes(t.id)) &&
            (!filters.department || filters.department.includes(t.department_id)),
        )
        .map((t) => t.id),
    );
  }
  // a scoped user's records are those handled by the teams of their scope
  if (allowed) teams = new Set([...(teams ?? allowed)].filter((t) => allowed.has(t)));
  return {
    touchpoints,
    teams,
    segments: filters.segment ?? null,
    regions: filters.region ?? null,
    modes: filters.mode ?? null,
    customer,
  };
}

/** Whether the interaction-side dimensions (touchpoint, team) are narrowed. */
export function hasInteractionFilter(f: ResolvedFilters): boolean {
  return f.touchpoints !== null || f.teams !== null;
}

/**
 * Segment and region are free text, so they are checked against the values customers have:
 * anything else (a typo, an injection attempt) is a 400, like an unknown id.
 */
export async function checkAttributeValues(db: Kysely<DB>, filters: Filters): Promise<void> {
  const details: { field: string; reason: string }[] = [];
  for (const field of ['segment', 'region'] as const) {
    const wanted = filters[field];
    if (!wanted?.length) continue;
    const rows = await db
      .selectFrom('customers')
      .select(field)
      .distinct()
      .where(field, 'in', wanted)
      .execute();
    const known = new Set(rows.map((r) => r[field]));
    for (const v of wanted) {
      if (!known.has(v)) details.push({ field, reason: `no customer has the ${field} '${v.slice(0, 60)}'` });
    }
  }
  if (details.length) throw new InvalidInputError('the filters name unknown values', details);
}
