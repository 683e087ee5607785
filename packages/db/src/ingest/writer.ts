/**
 * The writer: one batch, one transaction. Raw records are upserted by id and the rollups
 * adjusted in the same transaction: a new record adds its contribution, a changed record
 * moves it (old one subtracted, new one added), an identical re-send changes nothing.
 */
import {
  type DayBucketer,
  dayBucketerFor,
  type ErrorDetail,
  type IngestResult,
  type RecordKind,
} from '@parcours/domain';
import type { Transaction } from 'kysely';
import { applyAlertRules } from '../closed-loop/matching.ts';
import {
  type Database,
  engineOf,
  IN_LIST_SIZE,
  inList,
  lockWriters,
  upsertRows,
  type WriteHandle,
  writeHandle,
} from '../dialect.ts';
import { ofCustomers, tableWeeks } from '../queries/customer-records.ts';
import { loadSettings } from '../queries/settings.ts';
import { addFeedbackToDelta, addInteractionToDelta, type CustomerAttributes } from '../rollups/contribute.ts';
import { newDelta, type RollupDelta } from '../rollups/delta.ts';
import { applyDelta } from '../rollups/store.ts';
import type { CustomerRow, DB, FeedbackRow, InteractionRow } from '../schema.ts';
import { bumpCustomerGeneration, type CustomerCache, customerCacheOf } from './customer-cache.ts';
import {
  IngestError,
  MAX_ERROR_DETAILS,
  type Normalized,
  searchText,
  type Validated,
  validateBatch,
} from './validate.ts';

type Trx = Transaction<DB>;
type Counts = Omit<IngestResult, 'kind' | 'received'>;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function existingIds(trx: Trx, table: 'departments' | 'teams' | 'customers', ids: Iterable<string>) {
  const found = new Set<string>();
  const engine = engineOf(trx);
  for (const part of chunks([...new Set(ids)], IN_LIST_SIZE)) {
    const rows = await trx
      .selectFrom(table)
      .select('id')
      .where((eb) => inList(eb, 'id', part, engine))
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** The known customers among `ids`, with their segment and region: from the cache, else read. */
async function customersById(
  { h, customers: cache }: WriteContext,
  ids: Iterable<string>,
): Promise<Map<string, CustomerAttributes>> {
  const out = new Map<string, CustomerAttributes>();
  const missing = new Set<string>();
  for (const id of ids) {
    const cached = cache.get(id);
    if (cached) out.set(id, cached);
    else missing.add(id);
  }
  const { trx } = h;
  const engine = engineOf(trx);
  for (const part of chunks([...missing], IN_LIST_SIZE)) {
    const rows = await trx
      .selectFrom('customers')
      .select(['id', 'segment', 'region'])
      .where((eb) => inList(eb, 'id', part, engine))
      .execute();
    for (const r of rows) out.set(r.id, cache.set(r.id, r.segment, r.region));
  }
  return out;
}

function sameFields(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  fields: readonly string[],
): boolean {
  return fields.every((f) => (a[f] ?? null) === (b[f] ?? null));
}

/** Splits a batch into inserted / updated / unchanged against the stored rows. */
async function classify<R extends { id: string }>(
  trx: Trx,
  table: 'departments' | 'teams' | 'touchpoints' | 'customers' | 'interactions' | 'feedback',
  rows: R[],
  fields: readonly string[],
) {
  const stored = new Map<string, Record<string, unknown>>();
  const engine = engineOf(trx);
  for (const part of chunks(
    rows.map((r) => r.id),
    IN_LIST_SIZE,
  )) {
    const found = await trx
      .selectFrom(table)
      .selectAll()
      .where((eb) => inList(eb, 'id', part, engine))
      .execute();
    for (const row of found) stored.set(row.id, row as Record<string, unknown>);
  }
  const changed: { row: R; old: Record<string, unknown> | undefined }[] = [];
  let unchanged = 0;
  for (const row of rows) {
    const old = stored.get(row.id);
    if (old && sameFields(old, row, fields)) unchanged++;
    else changed.push({ row, old });
  }
  const inserted = changed.filter((c) => !c.old).length;
  return { changed, counts: { inserted, updated: changed.length - inserted, unchanged } };
}

const bool = (b: boolean | null) => (b === null ? null : b ? 1 : 0);

export type WriteContext = {
  h: WriteHandle;
  zone: string;
  now: number;
  /** synced under the writer lock (CustomerCache.sync) before the first batch */
  customers: CustomerCache;
};

/**
 * Writes validated records inside an open transaction. Reference problems are pushed to
 * `errors` (and nothing is written for that batch); the caller rolls back when any exist.
 */
export async function writeBatch<K extends RecordKind>(
  ctx: WriteContext,
  kind: K,
  items: Validated<K>[],
  errors: ErrorDetail[],
): Promise<Counts> {
  switch (kind) {
    case 'departments':
      return writeDepartments(ctx, items as Validated<'departments'>[]);
    case 'teams':
      return writeTeams(ctx, items as Validated<'teams'>[], errors);
    case 'touchpoints':
      return writeTouchpoints(ctx, items as Validated<'touchpoints'>[], errors);
    case 'customers':
      return writeCustomers(ctx, items as Validated<'customers'>[]);
    case 'interactions':
      return writeInteractions(ctx, items as Validated<'interactions'>[], errors);
    case 'feedback':
      return writeFeedback(ctx, items as Validated<'feedback'>[], errors);
  }
  throw new Error(`unknown kind ${kind}`);
}

const NO_CHANGE: Counts = { inserted: 0, updated: 0, unchanged: 0 };

async function writeDepartments({ h, now }: WriteContext, items: Validated<'departments'>[]) {
  const { trx } = h;
  const rows = items.map(({ record: r }) => ({ id: r.id, name: r.name, updated_at: now }));
  const { changed, counts } = await classify(trx, 'departments', rows, ['name']);
  await upsertRows(
    h,
    'departments',
    ['id'],
    changed.map((c) => c.row),
  );
  return counts;
}

async function writeTeams({ h, now }: WriteContext, items: Validated<'teams'>[], errors: ErrorDetail[]) {
  const { trx } = h;
  const known = await existingIds(
    trx,
    'departments',
    items.map((i) => i.record.department_id),
  );
  for (const { index, record } of items) {
    if (!known.has(record.department_id))
      errors.push({
        index,
        id: record.id,
        field: 'department_id',
        reason: `unknown department '${record.department_id}'`,
      });
  }
  if (errors.length) return NO_CHANGE;
  const rows = items.map(({ record: r }) => ({
    id: r.id,
    name: r.name,
    department_id: r.department_id,
    updated_at: now,
  }));
  const { changed, counts } = await classify(trx, 'teams', rows, ['name', 'department_id']);
  await upsertRows(
    h,
    'teams',
    ['id'],
    changed.map((c) => c.row),
  );
  return counts;
}

async function writeTouchpoints(
  { h, now }: WriteContext,
  items: Validated<'touchpoints'>[],
  errors: ErrorDetail[],
) {
  const { trx } = h;
  const known = await existingIds(
    trx,
    'teams',
    items.map((i) => i.record.team_id),
  );
  for (const { index, record } of items) {
    if (!known.has(record.team_id))
      errors.push({ index, id: record.id, field: 'team_id', reason: `unknown team '${record.team_id}'` });
  }
  if (errors.length) return NO_CHANGE;
  const rows = items.map(({ record: r }) => ({ ...r, updated_at: now }));
  const fields = ['name', 'channel', 'stage', 'media', 'presence', 'team_id', 'status'] as const;
  const { changed, counts } = await classify(trx, 'touchpoints', rows, fields);
  await upsertRows(
    h,
    'touchpoints',
    ['id'],
    changed.map((c) => c.row),
  );
  return counts;
}

const CUSTOMER_FIELDS = ['name', 'email', 'segment', 'region', 'acquired_at', 'churned_at'] as const;

async function writeCustomers({ h, zone, now }: WriteContext, items: Validated<'customers'>[]) {
  const { trx } = h;
  const rows: CustomerRow[] = items.map(({ record: r }) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    segment: r.segment,
    region: r.region,
    acquired_at: r.acquired_at,
    churned_at: r.churned_at,
    search: searchText(r.id, r.name, r.email),
    updated_at: now,
  }));
  const { changed, counts } = await classify(trx, 'customers', rows, CUSTOMER_FIELDS);
  // A customer who moves segment or region takes their records' contributions along, so
  // the segment × region rollups always cut by the customer's current attributes.
  const moved = changed.filter(
    (c) => c.old && (c.old.segment !== c.row.segment || c.old.region !== c.row.region),
  );
  if (moved.length > 0) {
    await bumpCustomerGeneration(trx);
    const delta = newDelta();
    const days = dayBucketerFor(zone);
    const weeks = {
      interactions: await tableWeeks(trx, 'interactions'),
      feedback: await tableWeeks(trx, 'feedback'),
    };
    // fewer customers per read than other lookups: each is sought in every week of the data
    for (const part of chunks(moved, 100)) {
      const ids = part.map((m) => m.row.id);
      const byId = new Map(part.map((m) => [m.row.id, m]));
      const interactions = await trx
        .selectFrom('interactions')
        .selectAll()
        .where((eb) => ofCustomers(eb, 'interactions', '', ids, weeks.interactions))
        .execute();
      for (const row of interactions) {
        const m = byId.get(row.customer_id);
        if (!m?.old) continue;
        addInteractionToDelta(delta, row, m.old as CustomerAttributes, -1, days);
        addInteractionToDelta(delta, row, m.row, 1, days);
      }
      const feedback = await trx
        .selectFrom('feedback')
        .selectAll()
        .where((eb) => ofCustomers(eb, 'feedback', '', ids, weeks.feedback))
        .execute();
      for (const row of feedback) {
        const m = byId.get(row.customer_id);
        if (!m?.old) continue;
        addFeedbackToDelta(delta, row, m.old as CustomerAttributes, -1, days);
        addFeedbackToDelta(delta, row, m.row, 1, days);
      }
    }
    await applyDelta(h, delta);
  }
  await upsertRows(
    h,
    'customers',
    ['id'],
    changed.map((c) => c.row),
  );
  return counts;
}

const INTERACTION_FIELDS = [
  'customer_id',
  'touchpoint_id',
  'team_id',
  'occurred_at',
  'kind',
  'wait_seconds',
  'resolved_at',
  'abandoned',
  'converted',
  'revenue',
] as const;

async function touchpointOwners(trx: Trx): Promise<Map<string, string>> {
  const rows = await trx.selectFrom('touchpoints').select(['id', 'team_id']).execute();
  return new Map(rows.map((r) => [r.id, r.team_id]));
}

async function writeInteractions(
  ctx: WriteContext,
  items: Validated<'interactions'>[],
  errors: ErrorDetail[],
) {
  const { h, now } = ctx;
  const { trx } = h;
  const owners = await touchpointOwners(trx);
  const teams = await existingIds(
    trx,
    'teams',
    items.flatMap((i) => (i.record.team_id ? [i.record.team_id] : [])),
  );
  const customers = await customersById(
    ctx,
    items.map((i) => i.record.customer_id),
  );
  const rows: InteractionRow[] = [];
  for (const { index, record: r } of items) {
    const owner = owners.get(r.touchpoint_id);
    const before = errors.length;
    if (!customers.has(r.customer_id))
      errors.push({ index, id: r.id, field: 'customer_id', reason: `unknown customer '${r.customer_id}'` });
    if (owner === undefined)
      errors.push({
        index,
        id: r.id,
        field: 'touchpoint_id',
        reason: `unknown touchpoint '${r.touchpoint_id}'`,
      });
    if (r.team_id !== null && !teams.has(r.team_id))
      errors.push({ index, id: r.id, field: 'team_id', reason: `unknown team '${r.team_id}'` });
    if (errors.length > before || owner === undefined) continue;
    rows.push(interactionRow(r, owner, now));
  }
  if (errors.length) return NO_CHANGE;

  return writeRecords(ctx, 'interactions', rows, INTERACTION_FIELDS, customers, addInteractionToDelta);
}

/**
 * The shared back half of interactions and feedback: keep what changed, move each changed
 * record's rollup contribution (the stored version out, the new one in, each with its
 * customer's segment and region), write the rows and the rollups, then open the cases of
 * the alert rules it matches, all in the caller's transaction.
 */
async function writeRecords<R extends InteractionRow | FeedbackRow>(
  ctx: WriteContext,
  table: 'interactions' | 'feedback',
  rows: R[],
  fields: readonly string[],
  customers: Map<string, CustomerAttributes>,
  contribute: (
    delta: RollupDelta,
    row: R,
    customer: CustomerAttributes,
    sign: 1 | -1,
    days: DayBucketer,
  ) => void,
): Promise<Counts> {
  const { h, zone, now } = ctx;
  const { changed, counts } = await classify(h.trx, table, rows, fields);
  // a changed record's stored version may belong to another customer (a record moved)
  const missing: string[] = [];
  for (const { old } of changed) {
    if (old && !customers.has(String(old.customer_id))) missing.push(String(old.customer_id));
  }
  for (const [id, attrs] of await customersById(ctx, missing)) customers.set(id, attrs);
  const delta = newDelta();
  const days = dayBucketerFor(zone);
  const none: CustomerAttributes = { segment: null, region: null };
  for (const { row, old } of changed) {
    if (old) {
      const o = old as R;
      contribute(delta, o, customers.get(o.customer_id) ?? none, -1, days);
    }
    contribute(delta, row, customers.get(row.customer_id) ?? none, 1, days);
  }
  await upsertRows(
    h,
    table,
    ['id'],
    changed.map((c) => c.row),
  );
  await applyDelta(h, delta);
  // alert rules: a case per matching (rule, record), in this same transaction
  await applyAlertRules(h, now, table === 'interactions' ? 'interaction' : 'feedback', changed);
  return counts;
}

function interactionRow(r: Normalized<'interactions'>, owner: string, now: number): InteractionRow {
  return {
    id: r.id,
    customer_id: r.customer_id,
    touchpoint_id: r.touchpoint_id,
    team_id: r.team_id ?? owner,
    occurred_at: r.occurred_at,
    kind: r.kind,
    wait_seconds: r.wait_seconds,
    resolved_at: r.resolved_at,
    abandoned: bool(r.abandoned),
    converted: bool(r.converted),
    revenue: r.revenue,
    updated_at: now,
  };
}

const FEEDBACK_FIELDS = [
  'customer_id',
  'touchpoint_id',
  'team_id',
  'interaction_id',
  'submitted_at',
  'survey',
  'score',
  'comment',
  'mode',
] as const;

async function writeFeedback(ctx: WriteContext, items: Validated<'feedback'>[], errors: ErrorDetail[]) {
  const { h, now } = ctx;
  const { trx } = h;
  const owners = await touchpointOwners(trx);
  const teams = await existingIds(
    trx,
    'teams',
    items.flatMap((i) => (i.record.team_id ? [i.record.team_id] : [])),
  );
  const customers = await customersById(
    ctx,
    items.map((i) => i.record.customer_id),
  );
  const interactions = new Map<string, { customer_id: string; team_id: string }>();
  const interactionIds = [
    ...new Set(items.flatMap((i) => (i.record.interaction_id ? [i.record.interaction_id] : []))),
  ];
  for (const part of chunks(interactionIds, IN_LIST_SIZE)) {
    const found = await trx
      .selectFrom('interactions')
      .select(['id', 'customer_id', 'team_id'])
      .where((eb) => inList(eb, 'id', part, engineOf(trx)))
      .execute();
    for (const x of found) interactions.set(x.id, x);
  }
  const rows: FeedbackRow[] = [];
  for (const { index, record: r } of items) {
    const before = errors.length;
    const owner = owners.get(r.touchpoint_id);
    const interaction = r.interaction_id ? interactions.get(r.interaction_id) : undefined;
    if (!customers.has(r.customer_id))
      errors.push({ index, id: r.id, field: 'customer_id', reason: `unknown customer '${r.customer_id}'` });
    if (owner === undefined)
      errors.push({
        index,
        id: r.id,
        field: 'touchpoint_id',
        reason: `unknown touchpoint '${r.touchpoint_id}'`,
      });
    if (r.team_id !== null && !teams.has(r.team_id))
      errors.push({ index, id: r.id, field: 'team_id', reason: `unknown team '${r.team_id}'` });
    if (r.interaction_id !== null && !interaction)
      errors.push({
        index,
        id: r.id,
        field: 'interaction_id',
        reason: `unknown interaction '${r.interaction_id}'`,
      });
    if (interaction && interaction.customer_id !== r.customer_id)
      errors.push({
        index,
        id: r.id,
        field: 'interaction_id',
        reason: `interaction '${r.interaction_id}' belongs to another customer`,
      });
    if (errors.length > before || owner === undefined) continue;
    rows.push({
      id: r.id,
      customer_id: r.customer_id,
      touchpoint_id: r.touchpoint_id,
      // kpis.md: defaults to the interaction's team, else the touchpoint's owner
      team_id: r.team_id ?? interaction?.team_id ?? owner,
      interaction_id: r.interaction_id,
      submitted_at: r.submitted_at,
      survey: r.survey,
      score: r.score,
      comment: r.comment,
      mode: r.mode,
      updated_at: now,
    });
  }
  if (errors.length) return NO_CHANGE;

  return writeRecords(ctx, 'feedback', rows, FEEDBACK_FIELDS, customers, addFeedbackToDelta);
}

/**
 * Ingests one batch: validated first (nothing is written when any record is bad), then
 * written in one transaction, all of it or none.
 */
export async function ingest<K extends RecordKind>(
  database: Database,
  kind: K,
  raws: readonly unknown[],
): Promise<IngestResult> {
  const { db, engine } = database;
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx, engine);
    const settings = await loadSettings(trx);
    const customers = customerCacheOf(db);
    await customers.sync(trx);
    const { valid, errors, invalid } = validateBatch(kind, raws, settings.time_zone);
    // reference checks run on the well-formed records too, so one answer lists every problem
    const refErrors: ErrorDetail[] = [];
    const counts = await writeBatch(
      { h: writeHandle(database, trx), zone: settings.time_zone, now: Date.now(), customers },
      kind,
      valid,
      refErrors,
    );
    const all = [...errors, ...refErrors].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    // throwing rolls the transaction back: a rejected batch changes nothing
    if (all.length) {
      const bad = invalid + new Set(refErrors.map((e) => e.index)).size;
      throw new IngestError(invalidMessage(bad, raws.length), all.slice(0, MAX_ERROR_DETAILS));
    }
    return { kind, received: raws.length, ...counts };
  });
}

export function invalidMessage(bad: number, total: number, noun = 'records'): string {
  return `${bad} of ${total} ${noun} ${bad === 1 ? 'is' : 'are'} invalid; nothing was written`;
}
