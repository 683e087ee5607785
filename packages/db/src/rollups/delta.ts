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
import { GRAINS, type Grain, type GrainKey, type RollupContext } from './grains.ts';

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

/** A tree of lookups: day, then each key dimension in the grain's order, to the entry. */
type Lookup = Map<string, Lookup | RollupEntry>;
const lookups = new WeakMap<Map<string, RollupEntry>, Lookup>();

/**
 * The grain's entry for a record of `day` with these dimensions, created empty when new.
 * The writer's hot path, once per grain per record: a record finds its entry through a
 * tree of maps keyed by the values themselves, so no key string is built (nor hashed)
 * unless the entry is new. `ctx` is only read (a caller may reuse one object).
 */
export function deltaEntry(
  entries: Map<string, RollupEntry>,
  grain: Grain,
  day: string,
  ctx: RollupContext,
): RollupEntry {
  let node = lookups.get(entries);
  if (!node) {
    node = new Map();
    lookups.set(entries, node);
  }
  const path = grain.keys;
  let value = day;
  for (let i = 0; i < path.length; i++) {
    let next = node.get(value) as Lookup | undefined;
    if (!next) {
      next = new Map();
      node.set(value, next);
    }
    node = next;
    value = ctx[path[i] as GrainKey];
  }
  const found = node.get(value) as RollupEntry | undefined;
  if (found) return found;
  const key = entryFor(grain, day, ctx);
  const entry: RollupEntry =
    grain.fact === 'interactions'
      ? { fact: 'interactions', key, m: emptyInteractionMeasures() }
      : { fact: 'feedback', key, m: emptyFeedbackMeasures() };
  node.set(value, entry);
  entries.set(keyString(grain, key), entry);
  return entry;
}
