/**
 * Turns API filters into sets of ids the records are narrowed by: the touchpoint filters
 * (touchpoint, channel, stage, media, presence) become one set of touchpoint ids, the team
 * filters (team, department) one set of team ids. `null` means "not filtered".
 */
import type { Filters } from '@parcours/domain';
import { InvalidInputError } from '../errors.ts';
import type { Org } from './reference.ts';

export type ResolvedFilters = {
  touchpoints: Set<string> | null;
  teams: Set<string> | null;
  segments: string[] | null;
  regions: string[] | null;
  modes: string[] | null;
  /** one customer's records only (customer profile) */
  customerId: string | null;
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

export function resolveFilters(
  filters: Filters,
  org: Org,
  customerId: string | null = null,
): ResolvedFilters {
  checkIds(filters, org);
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
  return {
    touchpoints,
    teams,
    segments: filters.segment ?? null,
    regions: filters.region ?? null,
    modes: filters.mode ?? null,
    customerId,
  };
}

/** Whether the interaction-side dimensions (touchpoint, team) are narrowed. */
export function hasInteractionFilter(f: ResolvedFilters): boolean {
  return f.touchpoints !== null || f.teams !== null;
}
