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
import type { Kysely } from 'kysely';
import { upsertRows, type WriteHandle } from '../dialect.ts';
import type { RollupRow } from '../schema.ts';
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

// biome-ignore lint/suspicious/noExplicitAny: rollup tables are addressed by name at run time
type AnyDb = Kysely<any>;

/** Upserts whole rollup rows (every measure column replaced). */
export async function writeRollupRows(h: WriteHandle, grain: Grain, rows: RollupRow[]) {
  await upsertRows(h, grain.table, ['day', ...grain.keys], rows);
}

/**
 * Applies a batch's delta: reads the rows it touches, merges, and writes them back
 * (deleting rows whose counts fall to zero, so the tables equal a fresh recomputation).
 * Runs inside the write transaction, after lockWriters.
 */
export async function applyDelta(h: WriteHandle, delta: RollupDelta): Promise<void> {
  const adb = h.trx as unknown as AnyDb;
  for (const [grain, entries] of delta) {
    if (entries.size === 0) continue;
    const days = [...new Set([...entries.values()].map((e) => e.key.day))];
    const existing = new Map<string, RollupEntry>();
    for (let d = 0; d < days.length; d += 900) {
      const part = days.slice(d, d + 900);
      const rows: RollupRow[] = await adb
        .selectFrom(grain.table)
        .selectAll()
        .where('day', 'in', part)
        .execute();
      for (const row of rows) {
        // the day's rows the batch does not touch are skipped before their sketches are parsed
        const ks = keyString(grain, row as RollupKey);
        if (entries.has(ks)) existing.set(ks, entryFromRow(grain, row));
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
    await writeRollupRows(h, grain, upserts);
    for (const key of deletes) {
      let q = adb.deleteFrom(grain.table).where('day', '=', key.day);
      for (const k of grain.keys) q = q.where(k, '=', key[k] ?? '');
      await q.execute();
    }
  }
}

export { rowFromEntry };
