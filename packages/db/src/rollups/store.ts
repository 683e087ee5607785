/** Reading and writing rollup rows: the conversion between table rows and measures. */
import {
  addFeedbackMeasures,
  addInteractionMeasures,
  emptyFeedbackMeasures,
  emptyInteractionMeasures,
  FEEDBACK_COUNTERS,
  type FeedbackMeasures,
  INTERACTION_COUNTERS,
  INTERACTION_SKETCHES,
  type InteractionMeasures,
  isZeroFeedbackMeasures,
  isZeroInteractionMeasures,
  parseSketch,
  serializeSketch,
} from '@parcours/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type Engine, maxParameters } from '../dialect.ts';
import type { DB, RollupRow } from '../schema.ts';
import { keyString, type RollupDelta, type RollupEntry, type RollupKey } from './delta.ts';
import type { Grain } from './grains.ts';

export function interactionMeasuresFromRow(row: RollupRow, withSketches = true): InteractionMeasures {
  const m = emptyInteractionMeasures();
  for (const k of INTERACTION_COUNTERS) m[k] = Number(row[k] ?? 0);
  if (withSketches) for (const k of INTERACTION_SKETCHES) m[k] = parseSketch(String(row[k] ?? '0'));
  return m;
}

export function feedbackMeasuresFromRow(row: RollupRow): FeedbackMeasures {
  const m = emptyFeedbackMeasures();
  for (const k of FEEDBACK_COUNTERS) m[k] = Number(row[k] ?? 0);
  return m;
}

function rowFromEntry(grain: Grain, entry: RollupEntry): RollupRow {
  const row: RollupRow = { day: entry.key.day };
  for (const k of grain.keys) row[k] = entry.key[k] ?? '';
  if (entry.fact === 'interactions') {
    for (const k of INTERACTION_COUNTERS) row[k] = entry.m[k];
    for (const k of INTERACTION_SKETCHES) row[k] = serializeSketch(entry.m[k]);
  } else {
    for (const k of FEEDBACK_COUNTERS) row[k] = entry.m[k];
  }
  return row;
}

export function measureColumns(grain: Grain): string[] {
  return grain.fact === 'interactions'
    ? [...INTERACTION_COUNTERS, ...INTERACTION_SKETCHES]
    : [...FEEDBACK_COUNTERS];
}

export function entryFromRow(grain: Grain, row: RollupRow): RollupEntry {
  const key: RollupKey = { day: String(row.day) };
  for (const k of grain.keys) key[k] = String(row[k]);
  return grain.fact === 'interactions'
    ? { fact: 'interactions', key, m: interactionMeasuresFromRow(row) }
    : { fact: 'feedback', key, m: feedbackMeasuresFromRow(row) };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: rollup tables are addressed by name at run time
type AnyDb = Kysely<any>;

/** Upserts whole rollup rows (every measure column replaced). */
export async function writeRollupRows(
  db: Kysely<DB> | Transaction<DB>,
  engine: Engine,
  grain: Grain,
  rows: RollupRow[],
) {
  if (rows.length === 0) return;
  const cols = measureColumns(grain);
  const perRow = 1 + grain.keys.length + cols.length;
  const adb = db as unknown as AnyDb;
  for (const part of chunks(rows, Math.floor(maxParameters(engine) / perRow))) {
    await adb
      .insertInto(grain.table)
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['day', ...grain.keys])
          .doUpdateSet(Object.fromEntries(cols.map((c) => [c, sql.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

/**
 * Applies a batch's delta: reads the rows it touches, merges, and writes them back
 * (deleting rows whose counts fall to zero, so the tables equal a fresh recomputation).
 * Runs inside the write transaction, after lockWriters.
 */
export async function applyDelta(trx: Transaction<DB>, engine: Engine, delta: RollupDelta): Promise<void> {
  const adb = trx as unknown as AnyDb;
  for (const [grain, entries] of delta) {
    if (entries.size === 0) continue;
    const days = [...new Set([...entries.values()].map((e) => e.key.day))];
    const existing = new Map<string, RollupEntry>();
    for (const part of chunks(days, 900)) {
      const rows: RollupRow[] = await adb
        .selectFrom(grain.table)
        .selectAll()
        .where('day', 'in', part)
        .execute();
      for (const row of rows) {
        const entry = entryFromRow(grain, row);
        const ks = keyString(grain, entry.key);
        if (entries.has(ks)) existing.set(ks, entry);
      }
    }
    const upserts: RollupRow[] = [];
    const deletes: RollupKey[] = [];
    for (const [ks, change] of entries) {
      const merged = existing.get(ks);
      let result: RollupEntry;
      if (!merged) result = change;
      else if (merged.fact === 'interactions' && change.fact === 'interactions') {
        addInteractionMeasures(merged.m, change.m);
        result = merged;
      } else if (merged.fact === 'feedback' && change.fact === 'feedback') {
        addFeedbackMeasures(merged.m, change.m);
        result = merged;
      } else throw new Error('rollup fact mismatch');
      const zero =
        result.fact === 'interactions'
          ? isZeroInteractionMeasures(result.m)
          : isZeroFeedbackMeasures(result.m);
      if (zero) {
        if (merged) deletes.push(result.key);
      } else upserts.push(rowFromEntry(grain, result));
    }
    await writeRollupRows(trx, engine, grain, upserts);
    for (const key of deletes) {
      let q = adb.deleteFrom(grain.table).where('day', '=', key.day);
      for (const k of grain.keys) q = q.where(k, '=', key[k] ?? '');
      await q.execute();
    }
  }
}

export { rowFromEntry };
