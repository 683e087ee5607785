/**
 * Turns API filters into sets of ids the records are narrowed by: the touchpoint filters
 * (touchpoint, channel, stage, media, presence) become one set of touchpoint ids, the team
 * filters (team, department) one set of team ids. `null` means "not filtered".
 */
import type { Filters } from '@parcours/domain';
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

export function resolveFilters(
  filters: Filters,
  org: Org,
  customerId: string | null = null,
): ResolvedFilters {
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
