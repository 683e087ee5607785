/** Goals: a target per KPI, scope and period, and their status for the period so far. */
import {
  attainment,
  defaultWarningBand,
  type Filters,
  GOAL_STATUSES,
  type Goal,
  type GoalInput,
  type GoalPatch,
  type GoalStatus,
  type GoalStatusResponse,
  goalStatus,
  KPIS,
  type KpiId,
  nextLocalMidnight,
  periodWindow,
  type Scope,
  toIso,
  ZGoalInput,
} from '@parcours/domain';
import type { Kysely } from 'kysely';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { DB, GoalRow } from '../schema.ts';
import { computeKpis } from './kpis.ts';
import { loadOrg, type Org } from './reference.ts';
import { scopeTeams } from './scope.ts';
import { loadSettings } from './settings.ts';

function scopeName(row: Pick<GoalRow, 'scope_type' | 'scope_id'>, org: Org, orgName: string): string {
  const id = row.scope_id ?? '';
  switch (row.scope_type) {
    case 'department':
      return org.departments.get(id)?.name ?? id;
    case 'team':
      return org.teams.get(id)?.name ?? id;
    case 'touchpoint':
      return org.touchpoints.get(id)?.name ?? id;
    default:
      return orgName;
  }
}

function toGoal(row: GoalRow, org: Org, orgName: string, zone: string): Goal {
  const kpi = row.kpi as KpiId;
  return {
    id: row.id,
    kpi,
    scope_type: row.scope_type as Goal['scope_type'],
    scope_id: row.scope_id,
    scope_name: scopeName(row, org, orgName),
    period: row.period,
    target: row.target,
    warning_band: row.warning_band,
    effective_band: row.warning_band ?? defaultWarningBand(kpi, row.target),
    note: row.note,
    created_at: toIso(row.created_at, zone),
    updated_at: toIso(row.updated_at, zone),
  };
}

/** Rules the schema cannot check alone: the scope exists, the target is in the KPI's range. */
function checkGoal(g: GoalInput, org: Org): void {
  const details: { field: string; reason: string }[] = [];
  const id = g.scope_id ?? '';
  const exists =
    g.scope_type === 'company' ||
    (g.scope_type === 'department' && org.departments.has(id)) ||
    (g.scope_type === 'team' && org.teams.has(id)) ||
    (g.scope_type === 'touchpoint' && org.touchpoints.has(id));
  if (!exists) details.push({ field: 'scope_id', reason: `unknown ${g.scope_type} '${id}'` });
  const unit = KPIS[g.kpi].unit;
  if (unit === 'percent' && (g.target < 0 || g.target > 100))
    details.push({ field: 'target', reason: 'must be between 0 and 100 (a percentage)' });
  if (unit === 'points' && (g.target < -100 || g.target > 100))
    details.push({ field: 'target', reason: 'must be between -100 and 100 (NPS points)' });
  if ((unit === 'seconds' || unit === 'count') && g.target < 0)
    details.push({ field: 'target', reason: 'must be ≥ 0' });
  if (details.length) throw new InvalidInputError('the goal is invalid', details);
}

export type GoalListFilter = { period?: string; kpi?: KpiId; scope_type?: string };

/**
 * The goals a user may see: every goal for the whole-company scopes; a team lead the goals
 * of their department, its teams and its touchpoints; an agent those of their team and of
 * the touchpoints it owns.
 */
function goalVisible(g: Pick<GoalRow, 'scope_type' | 'scope_id'>, org: Org, scope: Scope): boolean {
  if (scope.kind === 'all') return true;
  const teams = scopeTeams(scope, org) ?? new Set<string>();
  const id = g.scope_id ?? '';
  switch (g.scope_type) {
    case 'department':
      return scope.kind === 'department' && scope.departmentId === id;
    case 'team':
      return teams.has(id);
    case 'touchpoint':
      return teams.has(org.touchpoints.get(id)?.team_id ?? '');
    default:
      return false;
  }
}

export async function listGoals(
  db: Kysely<DB>,
  filter: GoalListFilter = {},
  scope: Scope = { kind: 'all' },
): Promise<Goal[]> {
  const [org, settings] = await Promise.all([loadOrg(db), loadSettings(db)]);
  let q = db.selectFrom('goals').selectAll();
  if (filter.period) q = q.where('period', '=', filter.period);
  if (filter.kpi) q = q.where('kpi', '=', filter.kpi);
  if (filter.scope_type) q = q.where('scope_type', '=', filter.scope_type);
  const rows = await q.orderBy('period', 'desc').orderBy('scope_type').orderBy('kpi').orderBy('id').execute();
  return rows
    .filter((r) => goalVisible(r, org, scope))
    .map((r) => toGoal(r, org, settings.name, settings.time_zone));
}

export async function getGoal(db: Kysely<DB>, id: string, scope: Scope = { kind: 'all' }): Promise<Goal> {
  const [org, settings] = await Promise.all([loadOrg(db), loadSettings(db)]);
  const row = await db.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
  // a goal outside one's scope is answered exactly like an unknown one: ids are not probed
  if (!row || !goalVisible(row, org, scope)) throw new NotFoundError(`no goal '${id}'`);
  return toGoal(row, org, settings.name, settings.time_zone);
}

export async function createGoal(
  db: Kysely<DB>,
  input: GoalInput,
  id: string = crypto.randomUUID(),
): Promise<Goal> {
  checkGoal(input, await loadOrg(db));
  const now = Date.now();
  await db
    .insertInto('goals')
    .values({ id, ...input, created_at: now, updated_at: now })
    .execute();
  return getGoal(db, id);
}

export async function updateGoal(db: Kysely<DB>, id: string, patch: GoalPatch): Promise<Goal> {
  const row = await db.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no goal '${id}'`);
  const merged = ZGoalInput.safeParse({
    kpi: patch.kpi ?? row.kpi,
    scope_type: patch.scope_type ?? row.scope_type,
    scope_id: patch.scope_id !== undefined ? patch.scope_id : row.scope_id,
    period: patch.period ?? row.period,
    target: patch.target ?? row.target,
    warning_band: patch.warning_band !== undefined ? patch.warning_band : row.warning_band,
    note: patch.note !== undefined ? patch.note : row.note,
  });
  if (!merged.success) {
    throw new InvalidInputError(
      'the goal is invalid',
      merged.error.issues.map((i) => ({ field: i.path.join('.') || '(goal)', reason: i.message })),
    );
  }
  checkGoal(merged.data, await loadOrg(db));
  await db
    .updateTable('goals')
    .set({ ...merged.data, updated_at: Date.now() })
    .where('id', '=', id)
    .execute();
  return getGoal(db, id);
}

export async function deleteGoal(db: Kysely<DB>, id: string): Promise<void> {
  const result = await db.deleteFrom('goals').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError(`no goal '${id}'`);
}

const SCOPE_GROUP_BY = {
  company: null,
  department: 'department',
  team: 'team',
  touchpoint: 'touchpoint',
} as const;

/**
 * Status of every goal of a period, "so far": the window runs from the period's start to
 * the end of the day of `asOf` (or the period's end, if sooner). One KPI query per scope
 * type, grouped by that scope, answers all goals of that type at once.
 */
export async function goalStatusReport(
  db: Kysely<DB>,
  period: string,
  asOf: number,
  scope: Scope = { kind: 'all' },
): Promise<GoalStatusResponse> {
  const [org, settings] = await Promise.all([loadOrg(db), loadSettings(db)]);
  const zone = settings.time_zone;
  const full = periodWindow(period, zone);
  const to = Math.min(full.to, nextLocalMidnight(asOf, zone));
  const window = { from: full.from, to: Math.max(full.from, to) };
  const rows = await db.selectFrom('goals').selectAll().where('period', '=', period).execute();
  const goals = rows
    .filter((r) => goalVisible(r, org, scope))
    .map((r) => toGoal(r, org, settings.name, zone));

  const actuals = new Map<
    string,
    { value: number | null; n: number; moe: number | null; lowSample: boolean }
  >();
  for (const scope of ['company', 'department', 'team', 'touchpoint'] as const) {
    const ofScope = goals.filter((g) => g.scope_type === scope);
    if (ofScope.length === 0) continue;
    const kpis = [...new Set(ofScope.map((g) => g.kpi))];
    const groupBy = SCOPE_GROUP_BY[scope];
    const filters: Filters = {};
    const answer =
      window.to > window.from
        ? await computeKpis(db, zone, { window, filters, groupBy, kpis, compare: false }, org)
        : null;
    for (const g of ofScope) {
      const values =
        groupBy === null ? answer?.total : answer?.groups.find((x) => x.key === g.scope_id)?.kpis;
      const v = values?.[g.kpi];
      actuals.set(g.id, v ? { value: v.value, n: v.n, moe: v.moe, lowSample: v.lowSample } : emptyActual);
    }
  }

  const departmentOf = (g: Goal): string | null => {
    if (g.scope_type === 'company' || g.scope_id === null) return null;
    if (g.scope_type === 'department') return g.scope_id;
    if (g.scope_type === 'team') return org.teams.get(g.scope_id)?.department_id ?? null;
    const owner = org.touchpoints.get(g.scope_id)?.team_id;
    return owner ? (org.teams.get(owner)?.department_id ?? null) : null;
  };
  const blocks = new Map<string | null, GoalStatusResponse['departments'][number]>();
  const blockFor = (dep: string | null) => {
    let b = blocks.get(dep);
    if (!b) {
      const d = dep === null ? null : org.departments.get(dep);
      b = {
        department: d ? { id: d.id, name: d.name } : null,
        goals: [],
        summary: Object.fromEntries(GOAL_STATUSES.map((s) => [s, 0])) as Record<GoalStatus, number>,
      };
      blocks.set(dep, b);
    }
    return b;
  };
  for (const g of goals) {
    const a = actuals.get(g.id) ?? emptyActual;
    const status = goalStatus(g.kpi, a.value, g.target, g.effective_band);
    const block = blockFor(departmentOf(g));
    block.goals.push({
      goal: g,
      actual: a.value,
      n: a.n,
      moe: a.moe,
      lowSample: a.lowSample,
      status,
      attainment: attainment(g.kpi, a.value, g.target),
    });
    block.summary[status]++;
  }
  const ordered = [...blocks.values()].sort((a, b) => {
    if (a.department === null) return -1;
    if (b.department === null) return 1;
    return a.department.name.localeCompare(b.department.name);
  });
  return {
    period,
    window: { from: toIso(window.from, zone), to: toIso(window.to, zone) },
    departments: ordered,
  };
}

const emptyActual = { value: null, n: 0, moe: null, lowSample: true };
