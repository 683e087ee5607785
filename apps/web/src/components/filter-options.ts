import {
  type FilterDimension,
  JOURNEY_STAGES,
  MEDIA_TYPES,
  PRESENCES,
  type Reference,
  SURVEY_MODES,
} from '@parcours/domain';
import type { Messages } from '../i18n/messages.ts';
import type { FilterSearch } from '../lib/search.ts';

export type FilterOption = { value: string; label: string };

export function channelLabel(t: Messages, channel: string): string {
  return t.channel[channel] ?? channel.charAt(0).toUpperCase() + channel.slice(1).replaceAll('_', ' ');
}

/** The choices of each filter, narrowed by the filters above it (teams of the chosen departments…). */
export function filterOptions(
  dim: FilterDimension,
  reference: Reference | undefined,
  search: Partial<FilterSearch>,
  t: Messages,
): FilterOption[] {
  const departments = search.department ?? [];
  const teams = search.team ?? [];
  switch (dim) {
    case 'department':
      return (reference?.departments ?? []).map((d) => ({ value: d.id, label: d.name }));
    case 'team':
      return (reference?.teams ?? [])
        .filter((team) => departments.length === 0 || departments.includes(team.department_id))
        .map((team) => ({ value: team.id, label: team.name }));
    case 'touchpoint': {
      const teamDept = new Map((reference?.teams ?? []).map((team) => [team.id, team.department_id]));
      return (reference?.touchpoints ?? [])
        .filter((tp) => teams.length === 0 || teams.includes(tp.team_id))
        .filter((tp) => departments.length === 0 || departments.includes(teamDept.get(tp.team_id) ?? ''))
        .map((tp) => ({ value: tp.id, label: tp.name }));
    }
    case 'channel':
      return (reference?.channels ?? []).map((c) => ({ value: c, label: channelLabel(t, c) }));
    case 'stage':
      return JOURNEY_STAGES.map((s) => ({ value: s, label: t.stage[s] }));
    case 'media':
      return MEDIA_TYPES.map((m) => ({ value: m, label: t.media[m] }));
    case 'presence':
      return PRESENCES.map((p) => ({ value: p, label: t.presence[p] }));
    case 'segment':
      return (reference?.segments ?? []).map((s) => ({ value: s, label: s }));
    case 'region':
      return (reference?.regions ?? []).map((r) => ({ value: r, label: r }));
    case 'mode':
      return SURVEY_MODES.map((m) => ({ value: m, label: t.mode[m] }));
  }
}

/** The label of a chosen value, even when it is not among the current options. */
export function valueLabel(
  dim: FilterDimension,
  value: string,
  reference: Reference | undefined,
  t: Messages,
): string {
  const all = filterOptions(dim, reference, {}, t);
  return all.find((o) => o.value === value)?.label ?? value;
}
