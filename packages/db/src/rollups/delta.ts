/**
 * Rollup deltas: what a batch adds to (or removes from) each rollup row, accumulated in
 * memory and applied once at the end of the write transaction.
 */
import {
  emptyFeedbackMeasures,
  emptyInteractionMeasures,
  type FeedbackMeasures,
  type InteractionMeasures,
} from '@parcours/domain';
import { GRAINS, type Grain, type RollupContext } from './grains.ts';

export type RollupKey = { day: string } & Partial<Record<string, string>>;

export type RollupEntry =
  | { fact: 'interactions'; key: RollupKey; m: InteractionMeasures }
  | { fact: 'feedback'; key: RollupKey; m: FeedbackMeasures };

export type RollupDelta = Map<Grain, Map<string, RollupEntry>>;

export function newDelta(): RollupDelta {
  return new Map(GRAINS.map((g) => [g, new Map()]));
}

export function keyString(grain: Grain, key: RollupKey): string {
  let s = key.day;
  for (const k of grain.keys) s += `\u0000${key[k] ?? ''}`;
  return s;
}

function entryFor(grain: Grain, day: string, ctx: RollupContext): RollupKey {
  const key: RollupKey = { day };
  for (const k of grain.keys) key[k] = ctx[k];
  return key;
}

/**
 * The grain's entry for a record of `day` with these dimensions, created empty when new.
 * The writer's hot path: called once per grain per record, it builds one key string and
 * copies `ctx` only into a new entry (so a caller may reuse one `ctx` object).
 */
export function deltaEntry(
  entries: Map<string, RollupEntry>,
  grain: Grain,
  day: string,
  ctx: RollupContext,
): RollupEntry {
  let ks = day;
  for (const k of grain.keys) ks += `\u0000${ctx[k]}`;
  let entry = entries.get(ks);
  if (!entry) {
    const key = entryFor(grain, day, ctx);
    entry =
      grain.fact === 'interactions'
        ? { fact: 'interactions', key, m: emptyInteractionMeasures() }
        : { fact: 'feedback', key, m: emptyFeedbackMeasures() };
    entries.set(ks, entry);
  }
  return entry;
}
