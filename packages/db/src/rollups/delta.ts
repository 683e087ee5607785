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
import { type Fact, GRAINS, type Grain, type RollupContext } from './grains.ts';

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

/** Finds (or creates) each grain's entry for the record and lets `apply` add to it. */
export function addToDelta(
  delta: RollupDelta,
  fact: Fact,
  day: string,
  ctx: RollupContext,
  apply: (m: InteractionMeasures & FeedbackMeasures) => void,
): void {
  for (const [grain, entries] of delta) {
    if (grain.fact !== fact) continue;
    let ks = day;
    for (const k of grain.keys) ks += `\u0000${ctx[k]}`;
    let entry = entries.get(ks);
    if (!entry) {
      const key = entryFor(grain, day, ctx);
      entry =
        fact === 'interactions'
          ? { fact, key, m: emptyInteractionMeasures() }
          : { fact: 'feedback', key, m: emptyFeedbackMeasures() };
      entries.set(ks, entry);
    }
    apply(entry.m as InteractionMeasures & FeedbackMeasures);
  }
}
