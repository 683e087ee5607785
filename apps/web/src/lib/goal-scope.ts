import type { Goal } from '@parcours/domain';

/** The dashboard filter that narrows the records to a goal's scope. */
export function scopeFilter(goal: Pick<Goal, 'scope_type' | 'scope_id'>): Record<string, string[]> {
  if (goal.scope_type === 'company' || goal.scope_id === null) return {};
  return { [goal.scope_type]: [goal.scope_id] };
}
