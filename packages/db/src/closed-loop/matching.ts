/**
 * Alert rules at ingestion: every record the writer inserts or changes is matched against
 * the active rules, and a case is opened, in the writer's transaction, for each (rule,
 * record) pair that has none yet. The unique key (rule, record type, record id) makes a
 * re-sent record never open a second case; a record that later stops matching keeps its
 * case. Also the explicit backfill ("apply this rule to the last N days").
 */
import {
  type MatchableRecord,
  type MatchContext,
  type RuleTarget,
  ruleMatches,
  type Scope,
} from '@parcours/domain';
import { type Database, lockWriters, type WriteHandle, writeHandle } from '../dialect.ts';
import { InvalidInputError } from '../errors.ts';
import type { FeedbackRow, InteractionRow } from '../schema.ts';
import { type NewCaseEvent, recordCaseEvents } from './events.ts';
import { chunks, ID_CHUNK } from './ids.ts';
import { type LoadedRule, loadedRule, ruleForScope } from './rules.ts';
import type { CaseRow } from './tables.ts';

type AnyRecordRow = FeedbackRow | InteractionRow;

/** The record fields a case keeps (and keeps in step with the record). */
type RecordRef = {
  type: RuleTarget;
  id: string;
  customer_id: string;
  touchpoint_id: string;
  team_id: string;
  at: number;
};

function refOf(type: RuleTarget, row: AnyRecordRow): RecordRef {
  return {
    type,
    id: row.id,
    customer_id: row.customer_id,
    touchpoint_id: row.touchpoint_id,
    team_id: row.team_id,
    at: type === 'feedback' ? (row as FeedbackRow).submitted_at : (row as InteractionRow).occurred_at,
  };
}

export function matchable(type: RuleTarget, row: AnyRecordRow): MatchableRecord {
  if (type === 'feedback') {
    const f = row as FeedbackRow;
    return {
      type,
      touchpoint_id: f.touchpoint_id,
      team_id: f.team_id,
      survey: f.survey,
      score: f.score,
      comment: f.comment,
    };
  }
  const i = row as InteractionRow;
  return {
    type,
    touchpoint_id: i.touchpoint_id,
    team_id: i.team_id,
    kind: i.kind,
    wait_seconds: i.wait_seconds,
    abandoned: i.abandoned === null ? null : i.abandoned === 1,
  };
}

export async function loadActiveRules(h: WriteHandle, target: RuleTarget): Promise<LoadedRule[]> {
  const rows = await h.trx
    .selectFrom('alert_rules')
    .selectAll()
    .where('target', '=', target)
    .where('active', '=', 1)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(loadedRule);
}

/** Stages and segments, read only when some rule narrows by them. */
async function contextsFor(h: WriteHandle, rules: LoadedRule[], rows: AnyRecordRow[]) {
  const stages = new Map<string, string>();
  const segments = new Map<string, string | null>();
  if (rules.some((r) => r.stages)) {
    const ids = [...new Set(rows.map((r) => r.touchpoint_id))];
    for (const part of chunks(ids, ID_CHUNK)) {
      for (const t of await h.trx
        .selectFrom('touchpoints')
        .select(['id', 'stage'])
        .where('id', 'in', part)
        .execute())
        stages.set(t.id, t.stage);
    }
  }
  if (rules.some((r) => r.segments)) {
    const ids = [...new Set(rows.map((r) => r.customer_id))];
    for (const part of chunks(ids, ID_CHUNK)) {
      for (const c of await h.trx
        .selectFrom('customers')
        .select(['id', 'segment'])
        .where('id', 'in', part)
        .execute())
        segments.set(c.id, c.segment);
    }
  }
  return (row: AnyRecordRow): MatchContext => ({
    stage: stages.get(row.touchpoint_id) ?? null,
    segment: segments.get(row.customer_id) ?? null,
  });
}

/**
 * Opens a case for each (rule, record) pair that has none, and records the creation events
 * (history, webhooks, notifications). Returns the cases opened.
 */
export async function createCases(
  h: WriteHandle,
  now: number,
  pairs: { rule: LoadedRule; record: RecordRef }[],
): Promise<CaseRow[]> {
  if (pairs.length === 0) return [];
  const type = pairs[0]?.record.type ?? 'feedback';
  const existing = new Set<string>();
  const key = (ruleId: string, recordId: string) => `${ruleId}\u0000${recordId}`;
  for (const part of chunks([...new Set(pairs.map((p) => p.record.id))], ID_CHUNK)) {
    const rows = await h.trx
      .selectFrom('cases')
      .select(['rule_id', 'record_id'])
      .where('record_type', '=', type)
      .where('record_id', 'in', part)
      .execute();
    for (const r of rows) existing.add(key(r.rule_id, r.record_id));
  }
  const created: CaseRow[] = [];
  for (const { rule, record } of pairs) {
    const k = key(rule.id, record.id);
    if (existing.has(k)) continue;
    existing.add(k);
    created.push({
      id: crypto.randomUUID(),
      rule_id: rule.id,
      record_type: record.type,
      record_id: record.id,
      customer_id: record.customer_id,
      touchpoint_id: record.touchpoint_id,
      record_team_id: record.team_id,
      record_at: record.at,
      team_id: rule.assign_team_id,
      owner_id: null,
      status: 'open',
      // the case opens when the record arrives; its due time runs from then
      opened_at: now,
      due_at: now + rule.due_hours * 3_600_000,
      closed_at: null,
      root_cause: null,
      resolution: null,
      overdue_notified_at: null,
      version: 1,
      updated_at: now,
    });
  }
  // `on conflict do nothing` on (rule, record type, record id): a second writer that got
  // here first (it cannot, under the writer lock) would keep its case, never duplicate it
  const size = Math.floor(ID_CHUNK / 2);
  for (const part of chunks(created, size)) {
    await h.trx
      .insertInto('cases')
      .values(part)
      .onConflict((oc) => oc.columns(['rule_id', 'record_type', 'record_id']).doNothing())
      .execute();
  }
  const events: NewCaseEvent[] = created.map((c) => ({
    case: c,
    type: 'case.created',
    actorId: null,
    details: { rule_id: c.rule_id },
  }));
  await recordCaseEvents(h, now, events);
  return created;
}

const CASE_FIELDS = ['customer_id', 'touchpoint_id', 'team_id'] as const;

/** A changed record's cases follow its customer, touchpoint, team and time (for the filters). */
async function refreshCases(
  h: WriteHandle,
  type: RuleTarget,
  changed: { row: AnyRecordRow; old?: unknown }[],
) {
  const moved = changed.flatMap(({ row, old }) => {
    if (!old) return [];
    const o = old as AnyRecordRow;
    const at = (r: AnyRecordRow) => refOf(type, r).at;
    return CASE_FIELDS.some((f) => o[f] !== row[f]) || at(o) !== at(row) ? [refOf(type, row)] : [];
  });
  if (moved.length === 0) return;
  const withCases = new Set<string>();
  for (const part of chunks(
    moved.map((m) => m.id),
    ID_CHUNK,
  )) {
    const rows = await h.trx
      .selectFrom('cases')
      .select('record_id')
      .where('record_type', '=', type)
      .where('record_id', 'in', part)
      .execute();
    for (const r of rows) withCases.add(r.record_id);
  }
  for (const m of moved) {
    if (!withCases.has(m.id)) continue;
    await h.trx
      .updateTable('cases')
      .set({
        customer_id: m.customer_id,
        touchpoint_id: m.touchpoint_id,
        record_team_id: m.team_id,
        record_at: m.at,
      })
      .where('record_type', '=', type)
      .where('record_id', '=', m.id)
      .execute();
  }
}

/**
 * The writer's hook: called with the records of a batch that are new or changed (an
 * identical re-send is not "arriving" again and is not matched). Rules are read once per
 * batch; with no active rule this costs one small query.
 */
export async function applyAlertRules(
  h: WriteHandle,
  now: number,
  type: RuleTarget,
  changed: { row: AnyRecordRow; old?: unknown }[],
): Promise<number> {
  if (changed.length === 0) return 0;
  await refreshCases(h, type, changed);
  const rules = await loadActiveRules(h, type);
  if (rules.length === 0) return 0;
  const rows = changed.map((c) => c.row);
  const contextOf = await contextsFor(h, rules, rows);
  const pairs: { rule: LoadedRule; record: RecordRef }[] = [];
  for (const row of rows) {
    const record = matchable(type, row);
    const context = contextOf(row);
    for (const rule of rules)
      if (ruleMatches(rule, record, context)) pairs.push({ rule, record: refOf(type, row) });
  }
  return (await createCases(h, now, pairs)).length;
}

/**
 * Applies one rule to the records of the last `days` days (by their own time) that arrived
 * before it existed: the only way a rule opens cases retroactively, and only when asked.
 */
export async function backfillRule(
  database: Database,
  id: string,
  days: number,
  scope: Scope,
  now = Date.now(),
): Promise<{ examined: number; created: number }> {
  const row = await ruleForScope(database.db, id, scope);
  if (row.active !== 1)
    throw new InvalidInputError('the rule is inactive', [
      { field: 'active', reason: 'activate the rule before applying it to past records' },
    ]);
  const rule = loadedRule(row);
  const from = now - days * 86_400_000;
  return database.db.transaction().execute(async (trx) => {
    await lockWriters(trx, database.engine);
    const h = writeHandle(database, trx);
    let rows: AnyRecordRow[];
    if (rule.target === 'feedback') {
      let q = trx
        .selectFrom('feedback')
        .selectAll()
        .where('submitted_at', '>=', from)
        .where('submitted_at', '<', now);
      if (rule.touchpoint_ids) q = q.where('touchpoint_id', 'in', rule.touchpoint_ids);
      if (rule.team_ids) q = q.where('team_id', 'in', rule.team_ids);
      rows = await q.execute();
    } else {
      let q = trx
        .selectFrom('interactions')
        .selectAll()
        .where('occurred_at', '>=', from)
        .where('occurred_at', '<', now);
      if (rule.touchpoint_ids) q = q.where('touchpoint_id', 'in', rule.touchpoint_ids);
      if (rule.team_ids) q = q.where('team_id', 'in', rule.team_ids);
      rows = await q.execute();
    }
    const contextOf = await contextsFor(h, [rule], rows);
    const pairs = rows
      .filter((r) => ruleMatches(rule, matchable(rule.target, r), contextOf(r)))
      .map((r) => ({ rule, record: refOf(rule.target, r) }));
    const created = await createCases(h, now, pairs);
    return { examined: rows.length, created: created.length };
  });
}
