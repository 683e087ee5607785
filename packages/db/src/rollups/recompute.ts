/**
 * `rollups verify` and `rollups rebuild`: recompute every rollup from the raw records with
 * the same contribution functions the writer uses, then compare with, or replace, the
 * stored rows. Raw tables are read in id-ordered pages, so memory holds rollup rows only.
 */
import { dayBucketerFor } from '@parcours/domain';
import type { Kysely, Transaction } from 'kysely';
import type { WriteHandle } from '../dialect.ts';
import type { DB, FeedbackRow, InteractionRow, RollupRow } from '../schema.ts';
import { addFeedbackToDelta, addInteractionToDelta, type CustomerAttributes } from './contribute.ts';
import { keyString, newDelta, type RollupDelta, type RollupEntry } from './delta.ts';
import { GRAINS, type Grain } from './grains.ts';
import { entryFromRow, rowFromEntry, writeRollupRows } from './store.ts';

const PAGE = 20_000;

type Db = Kysely<DB> | Transaction<DB>;

export async function recomputeRollups(db: Db, zone: string): Promise<RollupDelta> {
  const delta = newDelta();
  const days = dayBucketerFor(zone);
  const customers = new Map<string, CustomerAttributes>();
  let last = '';
  for (;;) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'segment', 'region'])
      .where('id', '>', last)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const r of rows) customers.set(r.id, { segment: r.segment, region: r.region });
    if (rows.length < PAGE) break;
    last = (rows.at(-1) as { id: string }).id;
  }
  const none: CustomerAttributes = { segment: null, region: null };
  for (const table of ['interactions', 'feedback'] as const) {
    last = '';
    for (;;) {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .where('id', '>', last)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      for (const row of rows) {
        const c = customers.get(row.customer_id) ?? none;
        if (table === 'interactions') addInteractionToDelta(delta, row as InteractionRow, c, 1, days);
        else addFeedbackToDelta(delta, row as FeedbackRow, c, 1, days);
      }
      if (rows.length < PAGE) break;
      last = (rows.at(-1) as { id: string }).id;
    }
  }
  return delta;
}

export type GrainReport = {
  grain: string;
  rows: number;
  missing: number;
  extra: number;
  different: number;
  /** a few keys that differ, to start an investigation */
  examples: string[];
};

/** Rollup rows hold integers and canonical sketch texts only: equal means equal to the letter. */
function sameEntry(a: RollupEntry, b: RollupEntry, grain: Grain): boolean {
  const ra = rowFromEntry(grain, a);
  const rb = rowFromEntry(grain, b);
  return Object.keys(ra).every((c) => ra[c] === rb[c]);
}

async function storedEntries(db: Db, grain: Grain): Promise<Map<string, RollupEntry>> {
  // biome-ignore lint/suspicious/noExplicitAny: rollup tables are addressed by name at run time
  const rows: RollupRow[] = await (db as unknown as Kysely<any>)
    .selectFrom(grain.table)
    .selectAll()
    .execute();
  const out = new Map<string, RollupEntry>();
  for (const row of rows) {
    const e = entryFromRow(grain, row);
    out.set(keyString(grain, e.key), e);
  }
  return out;
}

export async function verifyRollups(db: Db, zone: string): Promise<GrainReport[]> {
  const fresh = await recomputeRollups(db, zone);
  const reports: GrainReport[] = [];
  for (const grain of GRAINS) {
    const expected = fresh.get(grain) ?? new Map();
    const stored = await storedEntries(db, grain);
    const report: GrainReport = {
      grain: grain.name,
      rows: stored.size,
      missing: 0,
      extra: 0,
      different: 0,
      examples: [],
    };
    const note = (what: string, ks: string) => {
      if (report.examples.length < 5) report.examples.push(`${what} ${ks.replaceAll('\u0000', ' | ')}`);
    };
    for (const [ks, e] of expected) {
      const s = stored.get(ks);
      if (!s) {
        report.missing++;
        note('missing', ks);
      } else if (!sameEntry(e, s, grain)) {
        report.different++;
        note('different', ks);
      }
    }
    for (const ks of stored.keys()) {
      if (!expected.has(ks)) {
        report.extra++;
        note('extra', ks);
      }
    }
    reports.push(report);
  }
  return reports;
}

export function rollupsAreClean(reports: GrainReport[]): boolean {
  return reports.every((r) => r.missing === 0 && r.extra === 0 && r.different === 0);
}

/** Replaces every rollup row with a fresh recomputation. Run inside a transaction. */
export async function rebuildRollups(h: WriteHandle, zone: string): Promise<number> {
  const fresh = await recomputeRollups(h.trx, zone);
  let written = 0;
  for (const grain of GRAINS) {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    await (h.trx as unknown as Kysely<any>).deleteFrom(grain.table).execute();
    const rows = [...(fresh.get(grain) ?? new Map<string, RollupEntry>()).values()].map((e) =>
      rowFromEntry(grain, e),
    );
    await writeRollupRows(h, grain, rows);
    written += rows.length;
  }
  return written;
}
