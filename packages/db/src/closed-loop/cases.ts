/**
 * Follow-up cases: the queue, the case page, changes (assignment, status, root cause,
 * resolution), notes, the root-cause Pareto and the overdue sweep.
 *
 * Who sees what: a case belongs to the team it is assigned to; a user sees the cases of the
 * teams of their scope (an agent their team's, a team lead their department's, admins and
 * executives all). Who does what: admins and team leads assign and change any case they
 * see; agents take a case of their team (or give it back) and work on the cases they own.
 * Executives read only.
 */
import {
  type CaseDetail,
  type CaseEvent,
  type CaseEventType,
  type CaseItem,
  type CaseList,
  type CaseListQuery,
  type CasePatch,
  type CaseStatus,
  canTransition,
  caseSummary,
  closedInTime,
  type DrillQuery,
  type ErrorDetail,
  type Filters,
  isOverdue,
  type MatchableRecord,
  ROOT_CAUSE_LABELS,
  ROOT_CAUSES,
  type Role,
  type RootCause,
  type RootCausePareto,
  type RuleTarget,
  type Scope,
  toIso,
  type Window,
} from '@parcours/domain';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { type Database, tryLockJob, type WriteHandle, writeHandle } from '../dialect.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import { customerItem, feedbackItem, interactionItem } from '../queries/items.ts';
import { loadOrg, type Org } from '../queries/reference.ts';
import { checkAttributeValues, resolveFilters, scopeTeams } from '../queries/scope.ts';
import type { DB, FeedbackRow, InteractionRow } from '../schema.ts';
import { closedCasesIn } from './case-kpis.ts';
import { type NewCaseEvent, type Primitive, recordCaseEvents } from './events.ts';
import type { CaseRow } from './tables.ts';

/** Who is asking: their id, role, team and scope. */
export type CaseActor = { id: string; role: Role; teamId: string | null; scope: Scope };

// biome-ignore lint/suspicious/noExplicitAny: the case query's joined shape
type AnyQuery = SelectQueryBuilder<any, any, any>;

/** Cases with what a row of the queue shows: rule, customer, owner and the record's gist. */
function caseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('cases as k')
    .innerJoin('alert_rules as r', 'r.id', 'k.rule_id')
    .innerJoin('customers as cu', 'cu.id', 'k.customer_id')
    .leftJoin('users as u', 'u.id', 'k.owner_id')
    .leftJoin('feedback as f', (j) =>
      j.onRef('f.id', '=', 'k.record_id').on('k.record_type', '=', 'feedback'),
    )
    .leftJoin('interactions as i', (j) =>
      j.onRef('i.id', '=', 'k.record_id').on('k.record_type', '=', 'interaction'),
    );
}

const ITEM_COLUMNS = [
  'k.id',
  'k.rule_id',
  'k.record_type',
  'k.record_id',
  'k.customer_id',
  'k.touchpoint_id',
  'k.record_team_id',
  'k.record_at',
  'k.team_id',
  'k.owner_id',
  'k.status',
  'k.opened_at',
  'k.due_at',
  'k.closed_at',
  'k.root_cause',
  'k.resolution',
  'k.overdue_notified_at',
  'k.version',
  'k.updated_at',
  'r.name as rule_name',
  'cu.name as customer_name',
  'u.name as owner_name',
  'f.survey',
  'f.score',
  'f.comment',
  'i.kind',
  'i.wait_seconds',
  'i.abandoned',
] as const;

type ItemRow = CaseRow & {
  rule_name: string;
  customer_name: string;
  owner_name: string | null;
  survey: string | null;
  score: number | null;
  comment: string | null;
  kind: string | null;
  wait_seconds: number | null;
  abandoned: number | null;
};

function recordGist(r: ItemRow): MatchableRecord | null {
  if (r.record_type === 'feedback' && r.survey !== null && r.score !== null)
    return {
      type: 'feedback',
      touchpoint_id: r.touchpoint_id,
      team_id: r.record_team_id,
      survey: r.survey,
      score: Number(r.score),
      comment: r.comment,
    };
  if (r.record_type === 'interaction' && r.kind !== null)
    return {
      type: 'interaction',
      touchpoint_id: r.touchpoint_id,
      team_id: r.record_team_id,
      kind: r.kind,
      wait_seconds: r.wait_seconds,
      abandoned: r.abandoned === null ? null : Number(r.abandoned) === 1,
    };
  return null;
}

/** numbers from PostgreSQL bigint columns arrive as numbers (see dialect.ts); be safe anyway */
const num = (v: number | null) => (v === null ? null : Number(v));

function caseRowOf(r: ItemRow): CaseRow {
  return {
    id: r.id,
    rule_id: r.rule_id,
    record_type: r.record_type,
    record_id: r.record_id,
    customer_id: r.customer_id,
    touchpoint_id: r.touchpoint_id,
    record_team_id: r.record_team_id,
    record_at: Number(r.record_at),
    team_id: r.team_id,
    owner_id: r.owner_id,
    status: r.status,
    opened_at: Number(r.opened_at),
    due_at: Number(r.due_at),
    closed_at: num(r.closed_at),
    root_cause: r.root_cause,
    resolution: r.resolution,
    overdue_notified_at: num(r.overdue_notified_at),
    version: Number(r.version),
    updated_at: Number(r.updated_at),
  };
}

function toCaseItem(r: ItemRow, org: Org, zone: string, now: number): CaseItem {
  const c = caseRowOf(r);
  return {
    type: 'case',
    id: c.id,
    status: c.status as CaseStatus,
    overdue: isOverdue(c, now),
    ruleId: c.rule_id,
    ruleName: r.rule_name,
    teamId: c.team_id,
    teamName: org.teams.get(c.team_id)?.name ?? c.team_id,
    ownerId: c.owner_id,
    ownerName: r.owner_name,
    recordType: c.record_type as RuleTarget,
    recordId: c.record_id,
    recordAt: toIso(c.record_at, zone),
    customerId: c.customer_id,
    customerName: r.customer_name,
    touchpointId: c.touchpoint_id,
    touchpointName: org.touchpoints.get(c.touchpoint_id)?.name ?? c.touchpoint_id,
    summary: caseSummary(recordGist(r)),
    openedAt: toIso(c.opened_at, zone),
    dueAt: toIso(c.due_at, zone),
    closedAt: c.closed_at === null ? null : toIso(c.closed_at, zone),
    closedInTime: c.status === 'closed' ? closedInTime(c) : null,
    closeSeconds: c.closed_at === null ? null : (c.closed_at - c.opened_at) / 1000,
    rootCause: c.root_cause as RootCause | null,
    resolution: c.resolution,
  };
}

// ── the queue ───────────────────────────────────────────────────────────────────────────
function checkListFilters(q: CaseListQuery, org: Org, allowed: Set<string> | null): void {
  const details: ErrorDetail[] = [];
  for (const id of q.team ?? [])
    if (!org.teams.has(id)) details.push({ field: 'team', reason: `unknown team '${id}'` });
  for (const id of q.touchpoint ?? [])
    if (!org.touchpoints.has(id)) details.push({ field: 'touchpoint', reason: `unknown touchpoint '${id}'` });
  if (details.length) throw new InvalidInputError('the filters name unknown records', details);
  if (allowed === null) return;
  const refused = (q.team ?? [])
    .filter((id) => !allowed.has(id))
    .map((id) => ({ field: 'team', reason: `team '${id}' is outside your scope` }));
  if (refused.length) throw new ForbiddenError('you may not see those cases', refused);
}

export async function listCases(
  db: Kysely<DB>,
  zone: string,
  q: CaseListQuery,
  actor: CaseActor,
  now = Date.now(),
): Promise<CaseList> {
  const org = await loadOrg(db);
  const allowed = scopeTeams(actor.scope, org);
  checkListFilters(q, org, allowed);
  const empty: CaseList = {
    total: 0,
    page: q.page,
    pageSize: q.pageSize,
    counts: { open: 0, in_progress: 0, closed: 0, overdue: 0 },
    items: [],
  };
  let teams: string[] | null = q.team ?? null;
  if (allowed) teams = (teams ?? [...allowed]).filter((t) => allowed.has(t));
  if (teams && teams.length === 0) return empty;

  // every filter but status and overdue: the tabs' counts
  let base = caseQuery(db) as AnyQuery;
  if (teams) base = base.where('k.team_id', 'in', teams);
  if (q.touchpoint) base = base.where('k.touchpoint_id', 'in', q.touchpoint);
  if (q.owner === 'me') base = base.where('k.owner_id', '=', actor.id);
  else if (q.owner === 'none') base = base.where('k.owner_id', 'is', null);
  else if (q.owner) base = base.where('k.owner_id', '=', q.owner);
  if (q.rule) base = base.where('k.rule_id', '=', q.rule);
  if (q.customer) base = base.where('k.customer_id', '=', q.customer);
  const overdueSql = sql<boolean>`(k.status <> 'closed' and k.due_at < ${now})`;
  const tally = (await base
    .select([
      'k.status',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when k.status <> 'closed' and k.due_at < ${now} then 1 else 0 end)`.as('overdue'),
    ])
    .groupBy('k.status')
    .execute()) as { status: CaseStatus; n: number; overdue: number | null }[];
  const counts = { ...empty.counts };
  for (const t of tally) {
    if (t.status in counts) counts[t.status] = Number(t.n);
    counts.overdue += Number(t.overdue ?? 0);
  }

  let query = base;
  if (q.status) query = query.where('k.status', 'in', q.status);
  if (q.overdue === 'true') query = query.where(overdueSql);
  if (q.overdue === 'false') query = query.where(sql<boolean>`not ${overdueSql}`);
  const total = Number(
    ((await query.select(sql<number>`count(*)`.as('n')).executeTakeFirst()) as { n: number } | undefined)
      ?.n ?? 0,
  );
  let page = query.select([...ITEM_COLUMNS]);
  page =
    q.sort === 'recent'
      ? page.orderBy('k.opened_at', 'desc').orderBy('k.id', 'desc')
      : page
          .orderBy(sql`case when k.status = 'closed' then 1 else 0 end`)
          .orderBy('k.due_at', 'asc')
          .orderBy('k.record_at', 'asc')
          .orderBy('k.id', 'asc');
  const rows = (await page
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute()) as ItemRow[];
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    counts,
    items: rows.map((r) => toCaseItem(r, org, zone, now)),
  };
}

// ── one case ────────────────────────────────────────────────────────────────────────────
async function loadCase(db: Kysely<DB>, id: string): Promise<ItemRow> {
  const row = (await caseQuery(db)
    .select([...ITEM_COLUMNS])
    .where('k.id', '=', id)
    .executeTakeFirst()) as ItemRow | undefined;
  if (!row) throw noCase(id);
  return row;
}

/** A case outside one's scope is answered exactly like an unknown one: ids are not probed. */
const noCase = (id: string) => new NotFoundError(`no case '${id}'`);

function checkVisible(c: Pick<CaseRow, 'id' | 'team_id'>, org: Org, actor: CaseActor): void {
  const allowed = scopeTeams(actor.scope, org);
  if (allowed && !allowed.has(c.team_id)) throw noCase(c.id);
}

const WORKERS = new Set<Role>(['admin', 'team_lead', 'agent']);

function allowedActions(c: CaseRow, actor: CaseActor) {
  const open = c.status !== 'closed';
  const lead = actor.role === 'admin' || actor.role === 'team_lead';
  const agent = actor.role === 'agent';
  const mine = c.owner_id === actor.id;
  return {
    assign: open && lead,
    take: open && actor.teamId === c.team_id && (lead || agent) && c.owner_id === null,
    changeStatus: open && (lead || (agent && (mine || c.owner_id === null))),
    note: WORKERS.has(actor.role),
  };
}

async function eventsOf(db: Kysely<DB>, caseId: string, zone: string): Promise<CaseEvent[]> {
  const rows = await db
    .selectFrom('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.type', 'e.actor_id', 'e.note', 'e.details', 'u.name as actor_name'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => eventItem(r, zone));
}

function eventItem(
  r: {
    id: string;
    at: number;
    type: string;
    actor_id: string | null;
    note: string | null;
    details: string | null;
    actor_name: string | null;
  },
  zone: string,
): CaseEvent {
  return {
    id: r.id,
    at: toIso(Number(r.at), zone),
    type: r.type as CaseEventType,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? r.actor_id } : null,
    note: r.note,
    details: r.details ? (JSON.parse(r.details) as Record<string, Primitive>) : {},
  };
}

export async function getCase(
  db: Kysely<DB>,
  zone: string,
  id: string,
  actor: CaseActor,
  now = Date.now(),
): Promise<CaseDetail> {
  const org = await loadOrg(db);
  const row = await loadCase(db, id);
  checkVisible(row, org, actor);
  const c = caseRowOf(row);
  const [rule, customer, record, events, assignees] = await Promise.all([
    db
      .selectFrom('alert_rules')
      .select(['id', 'name', 'conditions', 'due_hours'])
      .where('id', '=', c.rule_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('customers')
      .select(['id', 'name', 'email', 'segment', 'region', 'acquired_at', 'churned_at'])
      .where('id', '=', c.customer_id)
      .executeTakeFirstOrThrow(),
    c.record_type === 'feedback'
      ? db.selectFrom('feedback').selectAll().where('id', '=', c.record_id).executeTakeFirst()
      : db.selectFrom('interactions').selectAll().where('id', '=', c.record_id).executeTakeFirst(),
    eventsOf(db, c.id, zone),
    teamUsers(db, c.team_id),
  ]);
  const withName = record ? { ...record, customer_name: row.customer_name } : null;
  return {
    case: toCaseItem(row, org, zone, now),
    rule: {
      id: rule.id,
      name: rule.name,
      conditions: JSON.parse(rule.conditions),
      due_hours: rule.due_hours,
    },
    record:
      withName === null
        ? null
        : c.record_type === 'feedback'
          ? feedbackItem(withName as FeedbackRow & { customer_name: string }, org, zone)
          : interactionItem(withName as InteractionRow & { customer_name: string }, org, zone),
    customer: customerItem(customer, zone),
    events,
    assignees,
    allowed: allowedActions(c, actor),
  };
}

async function teamUsers(db: Kysely<DB>, teamId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('team_id', '=', teamId)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

// ── changes ─────────────────────────────────────────────────────────────────────────────
/**
 * Runs `work` in a transaction that first writes the case row (a no-op update): on SQLite
 * that takes the write lock at once, on PostgreSQL the row lock, so two changes of one case
 * never interleave their read and write.
 */
async function withCaseLocked<T>(
  database: Database,
  id: string,
  work: (h: WriteHandle, row: ItemRow) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    const touched = await trx
      .updateTable('cases')
      .set({ version: sql`version` })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(touched.numUpdatedRows) === 0) throw noCase(id);
    return work(writeHandle(database, trx), await loadCase(trx, id));
  });
}

const refuse = (field: string, reason: string) =>
  new ForbiddenError('you may not change this case', [{ field, reason }]);

export async function updateCase(
  database: Database,
  zone: string,
  id: string,
  patch: CasePatch,
  actor: CaseActor,
  now = Date.now(),
): Promise<CaseDetail> {
  const org = await loadOrg(database.db);
  if (!WORKERS.has(actor.role)) throw refuse('(case)', `your role (${actor.role}) reads cases only`);
  await withCaseLocked(database, id, async (h, row) => {
    checkVisible(row, org, actor);
    const before = caseRowOf(row);
    const after: CaseRow = { ...before };
    const may = allowedActions(before, actor);
    const lead = actor.role === 'admin' || actor.role === 'team_lead';
    if (before.status === 'closed')
      throw new InvalidInputError('the case is closed', [
        { field: 'status', reason: 'a closed case cannot be changed' },
      ]);

    // owner
    if (patch.owner_id !== undefined && patch.owner_id !== before.owner_id) {
      const owner = patch.owner_id;
      if (!lead) {
        // an agent takes an unowned case of their team, or gives back their own
        if (owner === actor.id && !may.take)
          throw refuse('owner_id', 'you may only take an unassigned case of your team');
        if (owner === null && before.owner_id !== actor.id)
          throw refuse('owner_id', 'you may only give back your own case');
        if (owner !== null && owner !== actor.id)
          throw refuse('owner_id', 'only team leads assign cases to others');
      }
      if (owner !== null) {
        const user = await h.trx
          .selectFrom('users')
          .select(['id', 'team_id', 'disabled_at'])
          .where('id', '=', owner)
          .executeTakeFirst();
        if (!user || user.disabled_at !== null || user.team_id !== before.team_id)
          throw new InvalidInputError('the change is invalid', [
            { field: 'owner_id', reason: `must be an active user of the case's team '${before.team_id}'` },
          ]);
      }
      after.owner_id = owner;
    }

    // status
    const status = (patch.status ?? before.status) as CaseStatus;
    if (status !== before.status) {
      if (!canTransition(before.status as CaseStatus, status))
        throw new InvalidInputError('the change is invalid', [
          { field: 'status', reason: `a case cannot go from ${before.status} to ${status}` },
        ]);
      if (!lead) {
        if (before.owner_id !== null && before.owner_id !== actor.id)
          throw refuse('status', 'this case belongs to someone else');
        // an agent who starts or closes an unowned case takes it
        if (after.owner_id === null && actor.teamId === before.team_id) after.owner_id = actor.id;
        else if (after.owner_id === null) throw refuse('status', 'take the case first');
      }
      after.status = status;
    }
    if (patch.root_cause !== undefined) after.root_cause = patch.root_cause;
    if (patch.resolution !== undefined) after.resolution = patch.resolution;
    if (!lead && (after.root_cause !== before.root_cause || after.resolution !== before.resolution)) {
      if ((after.owner_id ?? before.owner_id) !== actor.id)
        throw refuse('root_cause', 'only the owner or a team lead fills in the outcome');
    }
    if (after.status === 'closed') {
      const missing: ErrorDetail[] = [];
      if (!after.root_cause) missing.push({ field: 'root_cause', reason: 'is required to close a case' });
      if (!after.resolution) missing.push({ field: 'resolution', reason: 'is required to close a case' });
      if (missing.length)
        throw new InvalidInputError('a case is closed with its root cause and resolution', missing);
      after.closed_at = now;
    }

    const events: NewCaseEvent[] = [];
    if (after.owner_id !== before.owner_id)
      events.push({
        case: after,
        type: 'case.assigned',
        actorId: actor.id,
        details: { from: before.owner_id, to: after.owner_id },
      });
    if (after.status !== before.status)
      events.push(
        after.status === 'closed'
          ? {
              case: after,
              type: 'case.closed',
              actorId: actor.id,
              details: {
                from: before.status,
                root_cause: after.root_cause,
                resolution: after.resolution,
                in_time: closedInTime(after),
              },
            }
          : {
              case: after,
              type: 'case.status_changed',
              actorId: actor.id,
              details: { from: before.status, to: after.status },
            },
      );
    else if (after.root_cause !== before.root_cause || after.resolution !== before.resolution)
      events.push({
        case: after,
        type: 'case.updated',
        actorId: actor.id,
        details: { root_cause: after.root_cause, resolution: after.resolution },
      });
    if (events.length === 0) return;
    after.version = before.version + 1;
    after.updated_at = now;
    await h.trx
      .updateTable('cases')
      .set({
        owner_id: after.owner_id,
        status: after.status,
        closed_at: after.closed_at,
        root_cause: after.root_cause,
        resolution: after.resolution,
        version: after.version,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await recordCaseEvents(h, now, events);
  });
  return getCase(database.db, zone, id, actor, now);
}

export async function addCaseNote(
  database: Database,
  zone: string,
  id: string,
  text: string,
  actor: CaseActor,
  now = Date.now(),
): Promise<CaseEvent> {
  const org = await loadOrg(database.db);
  if (!WORKERS.has(actor.role)) throw refuse('(case)', `your role (${actor.role}) reads cases only`);
  const eventId = await withCaseLocked(database, id, async (h, row) => {
    checkVisible(row, org, actor);
    await recordCaseEvents(h, now, [
      { case: caseRowOf(row), type: 'case.note_added', actorId: actor.id, note: text },
    ]);
    const last = await h.trx
      .selectFrom('case_events')
      .select('id')
      .where('case_id', '=', id)
      .where('type', '=', 'case.note_added')
      .where('actor_id', '=', actor.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return last.id;
  });
  const events = await eventsOf(database.db, id, zone);
  const event = events.find((e) => e.id === eventId);
  if (!event) throw new Error('a new note could not be read back');
  return event;
}

// ── root-cause Pareto ───────────────────────────────────────────────────────────────────
/**
 * Root causes of the cases closed in the window (by closed_at), cut like the KPIs (by the
 * record's touchpoint, team, customer and survey mode, within the user's scope), most
 * frequent first with the cumulative share: the few causes behind most cases.
 */
export async function rootCausePareto(
  db: Kysely<DB>,
  zone: string,
  window: Window,
  filters: Filters,
  scope: Scope,
): Promise<RootCausePareto> {
  const org = await loadOrg(db);
  await checkAttributeValues(db, filters);
  const f = resolveFilters(filters, org, null, scope);
  const q = closedCasesIn(db, window, f);
  const rows = q
    ? ((await q
        .select(['k.root_cause', sql<number>`count(*)`.as('n')])
        .where('k.root_cause', 'is not', null)
        .groupBy('k.root_cause')
        .execute()) as { root_cause: RootCause; n: number }[])
    : [];
  const counted = rows
    .map((r) => ({ code: r.root_cause, count: Number(r.n) }))
    .filter((r) => (ROOT_CAUSES as readonly string[]).includes(r.code))
    .sort((a, b) => b.count - a.count || ROOT_CAUSES.indexOf(a.code) - ROOT_CAUSES.indexOf(b.code));
  const total = counted.reduce((s, r) => s + r.count, 0);
  let running = 0;
  return {
    window: { from: toIso(window.from, zone), to: toIso(window.to, zone) },
    total,
    items: counted.map((r) => {
      running += r.count;
      return {
        code: r.code,
        label: ROOT_CAUSE_LABELS[r.code],
        count: r.count,
        share: (100 * r.count) / total,
        cumulative: (100 * running) / total,
      };
    }),
  };
}

// ── drill-down: the cases behind time_to_close ─────────────────────────────────────────
export async function drillClosedCases(
  db: Kysely<DB>,
  zone: string,
  req: Pick<DrillQuery, 'sort' | 'page' | 'pageSize'> & { window: Window; filters: Filters; scope?: Scope },
  now = Date.now(),
): Promise<{ total: number; items: CaseItem[] }> {
  const org = await loadOrg(db);
  await checkAttributeValues(db, req.filters);
  const f = resolveFilters(req.filters, org, null, req.scope);
  const ids = closedCasesIn(db, req.window, f);
  if (!ids) return { total: 0, items: [] };
  const base = caseQuery(db).where('k.id', 'in', ids.select('k.id')) as AnyQuery;
  const count = (await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst()) as
    | { n: number }
    | undefined;
  let page = base.select([...ITEM_COLUMNS]);
  page =
    req.sort === 'value'
      ? page.orderBy(sql`k.closed_at - k.opened_at`, 'desc')
      : page.orderBy('k.closed_at', 'desc');
  const rows = (await page
    .orderBy('k.id', 'desc')
    .limit(req.pageSize)
    .offset((req.page - 1) * req.pageSize)
    .execute()) as ItemRow[];
  return { total: Number(count?.n ?? 0), items: rows.map((r) => toCaseItem(r, org, zone, now)) };
}

// ── overdue ─────────────────────────────────────────────────────────────────────────────
/**
 * Open cases past their due time get one `case.overdue` event each (history, webhooks,
 * notifications to their owner, else their team). Safe to run from several processes: one
 * at a time does the work; a case is marked in the same transaction.
 */
export async function sweepOverdueCases(database: Database, now = Date.now(), limit = 500): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    if (!(await tryLockJob(trx, database.engine, 'overdue-cases'))) return 0;
    const rows = await trx
      .selectFrom('cases')
      .selectAll()
      .where('status', '<>', 'closed')
      .where('due_at', '<', now)
      .where('overdue_notified_at', 'is', null)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    if (rows.length === 0) return 0;
    await trx
      .updateTable('cases')
      .set({ overdue_notified_at: now })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    await recordCaseEvents(
      writeHandle(database, trx),
      now,
      rows.map((r) => ({
        case: { ...r, overdue_notified_at: now },
        type: 'case.overdue',
        actorId: null,
        details: { due_at: toIso(Number(r.due_at)) },
      })),
    );
    return rows.length;
  });
}
