/**
 * Alert rules: created and changed by admins, and by team leads for the teams of their
 * department (enforced here, in the data layer, so no route can forget it).
 */
import {
  type AlertCondition,
  type AlertRule,
  type AlertRuleInput,
  type AlertRulePatch,
  type AlertRuleSpec,
  type ErrorDetail,
  type Scope,
  toIso,
  ZAlertRuleInput,
} from '@parcours/domain';
import { type Kysely, sql } from 'kysely';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import { loadOrg, type Org } from '../queries/reference.ts';
import { scopeTeams } from '../queries/scope.ts';
import type { DB } from '../schema.ts';
import { parseJsonList } from './ids.ts';
import type { AlertRuleRow } from './tables.ts';

/** A rule as matching and case creation need it. */
export type LoadedRule = AlertRuleSpec & {
  id: string;
  name: string;
  assign_team_id: string;
  due_hours: number;
};

export function loadedRule(row: AlertRuleRow): LoadedRule {
  return {
    id: row.id,
    name: row.name,
    target: row.target as AlertRuleSpec['target'],
    conditions: JSON.parse(row.conditions) as AlertCondition[],
    touchpoint_ids: parseJsonList(row.touchpoint_ids),
    stages: parseJsonList(row.stages) as AlertRuleSpec['stages'],
    team_ids: parseJsonList(row.team_ids),
    segments: parseJsonList(row.segments),
    assign_team_id: row.assign_team_id,
    due_hours: row.due_hours,
  };
}

const list = (v: readonly string[] | null) => (v === null ? null : JSON.stringify(v));

async function caseCounts(db: Kysely<DB>, ids: string[]) {
  const out = new Map<string, { open: number; total: number }>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('cases')
    .select([
      'rule_id',
      sql<number>`sum(case when status <> 'closed' then 1 else 0 end)`.as('open'),
      sql<number>`count(*)`.as('total'),
    ])
    .where('rule_id', 'in', ids)
    .groupBy('rule_id')
    .execute();
  for (const r of rows) out.set(r.rule_id, { open: Number(r.open ?? 0), total: Number(r.total) });
  return out;
}

function toRule(
  row: AlertRuleRow,
  org: Org,
  counts: Map<string, { open: number; total: number }>,
): AlertRule {
  const spec = loadedRule(row);
  const c = counts.get(row.id) ?? { open: 0, total: 0 };
  return {
    id: row.id,
    name: row.name,
    target: spec.target,
    conditions: spec.conditions,
    touchpoint_ids: spec.touchpoint_ids,
    stages: spec.stages,
    team_ids: spec.team_ids,
    segments: spec.segments,
    assign_team_id: row.assign_team_id,
    assign_team_name: org.teams.get(row.assign_team_id)?.name ?? row.assign_team_id,
    due_hours: row.due_hours,
    active: row.active === 1,
    created_by: row.created_by,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
    open_cases: c.open,
    total_cases: c.total,
  };
}

/** A scoped user sees and changes the rules that assign cases to the teams of their scope. */
function ruleVisible(row: Pick<AlertRuleRow, 'assign_team_id'>, allowed: Set<string> | null): boolean {
  return allowed === null || allowed.has(row.assign_team_id);
}

/** References must exist (400); a scoped user's rule must stay inside their teams (403). */
function checkRule(input: AlertRuleInput, org: Org, allowed: Set<string> | null): AlertRuleInput {
  const details: ErrorDetail[] = [];
  if (!org.teams.has(input.assign_team_id))
    details.push({ field: 'assign_team_id', reason: `unknown team '${input.assign_team_id}'` });
  for (const id of input.team_ids ?? [])
    if (!org.teams.has(id)) details.push({ field: 'team_ids', reason: `unknown team '${id}'` });
  for (const id of input.touchpoint_ids ?? [])
    if (!org.touchpoints.has(id))
      details.push({ field: 'touchpoint_ids', reason: `unknown touchpoint '${id}'` });
  if (details.length) throw new InvalidInputError('the rule is invalid', details);
  if (allowed === null) return input;
  const refused: { field: string; reason: string }[] = [];
  if (!allowed.has(input.assign_team_id))
    refused.push({ field: 'assign_team_id', reason: `team '${input.assign_team_id}' is outside your scope` });
  for (const id of input.team_ids ?? [])
    if (!allowed.has(id)) refused.push({ field: 'team_ids', reason: `team '${id}' is outside your scope` });
  if (refused.length) throw new ForbiddenError('a rule may only concern the teams of your scope', refused);
  // a team lead's rule watches only the records of their teams: said explicitly in the rule
  return input.team_ids === null ? { ...input, team_ids: [...allowed].sort() } : input;
}

export async function listRules(db: Kysely<DB>, scope: Scope): Promise<AlertRule[]> {
  const org = await loadOrg(db);
  const allowed = scopeTeams(scope, org);
  const rows = (
    await db.selectFrom('alert_rules').selectAll().where('deleted_at', 'is', null).orderBy('name').execute()
  ).filter((r) => ruleVisible(r, allowed));
  const counts = await caseCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRule(r, org, counts));
}

async function visibleRow(db: Kysely<DB>, id: string, org: Org, scope: Scope): Promise<AlertRuleRow> {
  const row = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  // a rule outside one's scope is answered exactly like an unknown one: ids are not probed
  if (!row || !ruleVisible(row, scopeTeams(scope, org))) throw new NotFoundError(`no alert rule '${id}'`);
  return row;
}

export async function getRule(db: Kysely<DB>, id: string, scope: Scope): Promise<AlertRule> {
  const org = await loadOrg(db);
  const row = await visibleRow(db, id, org, scope);
  return toRule(row, org, await caseCounts(db, [id]));
}

export async function createRule(
  db: Kysely<DB>,
  input: AlertRuleInput,
  by: { email: string | null; scope: Scope },
  now = Date.now(),
): Promise<AlertRule> {
  const org = await loadOrg(db);
  const rule = checkRule(input, org, scopeTeams(by.scope, org));
  const row: AlertRuleRow = {
    id: crypto.randomUUID(),
    name: rule.name,
    target: rule.target,
    conditions: JSON.stringify(rule.conditions),
    touchpoint_ids: list(rule.touchpoint_ids),
    stages: list(rule.stages),
    team_ids: list(rule.team_ids),
    segments: list(rule.segments),
    assign_team_id: rule.assign_team_id,
    due_hours: rule.due_hours,
    active: rule.active ? 1 : 0,
    created_by: by.email,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await db.insertInto('alert_rules').values(row).execute();
  return toRule(row, org, new Map());
}

export async function updateRule(
  db: Kysely<DB>,
  id: string,
  patch: AlertRulePatch,
  scope: Scope,
  now = Date.now(),
): Promise<AlertRule> {
  const org = await loadOrg(db);
  const row = await visibleRow(db, id, org, scope);
  const current = loadedRule(row);
  const merged = ZAlertRuleInput.safeParse({
    name: row.name,
    target: current.target,
    conditions: current.conditions,
    touchpoint_ids: current.touchpoint_ids,
    stages: current.stages,
    team_ids: current.team_ids,
    segments: current.segments,
    assign_team_id: row.assign_team_id,
    due_hours: row.due_hours,
    active: row.active === 1,
    ...patch,
  });
  if (!merged.success) {
    throw new InvalidInputError(
      'the rule is invalid',
      merged.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })),
    );
  }
  const rule = checkRule(merged.data, org, scopeTeams(scope, org));
  await db
    .updateTable('alert_rules')
    .set({
      name: rule.name,
      target: rule.target,
      conditions: JSON.stringify(rule.conditions),
      touchpoint_ids: list(rule.touchpoint_ids),
      stages: list(rule.stages),
      team_ids: list(rule.team_ids),
      segments: list(rule.segments),
      assign_team_id: rule.assign_team_id,
      due_hours: rule.due_hours,
      active: rule.active ? 1 : 0,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  return getRule(db, id, { kind: 'all' });
}

/**
 * A deleted rule opens no more cases; its cases stay (with the rule's name), so the rule
 * row is kept and marked deleted.
 */
export async function deleteRule(
  db: Kysely<DB>,
  id: string,
  scope: Scope,
  now = Date.now(),
): Promise<AlertRule> {
  const org = await loadOrg(db);
  const row = await visibleRow(db, id, org, scope);
  await db
    .updateTable('alert_rules')
    .set({ active: 0, deleted_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
  return toRule({ ...row, active: 0, deleted_at: now, updated_at: now }, org, await caseCounts(db, [id]));
}

/** The rule, visible to the scope (404/403 otherwise), for backfill. */
export async function ruleForScope(db: Kysely<DB>, id: string, scope: Scope): Promise<AlertRuleRow> {
  return visibleRow(db, id, await loadOrg(db), scope);
}
