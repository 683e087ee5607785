/**
 * Reads of one customer's records. The indexes that find them are led by the record's
 * week, then the customer (migration 2026-11-27-ingestion-speed): new records then land
 * on a few pages instead of one random page each, which is what keeps ingestion fast as the
 * tables grow (docs/decisions/008-ingestion-speed.md). A read names every week in which the
 * table has records, so the engine seeks (week, customer) once per week: about a hundred
 * seeks for two years of data, well under a millisecond.
 */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * The week of the indexes, in ms. The index expression is `time / 604800000` (integer
 * division, truncating on both engines); queries must spell it the same way, literally, for
 * the engine to match it to the index.
 */
export const CUSTOMER_WEEK_MS = 604_800_000;
const TIME_COLUMN = { interactions: 'occurred_at', feedback: 'submitted_at' } as const;
type RecordTable = keyof typeof TIME_COLUMN;

/**
 * Beyond this many weeks with records (a century of continuous data) a read filters by
 * customer alone: slower, never wrong.
 */
const MAX_WEEK_PROBES = 5_000;

/**
 * Up to this many weeks from the first record to the last, every week between is probed
 * (continuous data: found by two index seeks). Beyond, the data has gaps, such as one
 * record far from the rest (a date in 2200, decision 010): only weeks that have records
 * are probed, found by one index seek each.
 */
const CONTIGUOUS_WEEKS = 1_000;

/** Where one customer's records are: the customer, and the weeks to probe per table (null: all). */
export type CustomerRecords = {
  id: string;
  weeks: Record<RecordTable, number[] | null>;
};

/** `time / 604800000`, as the index spells it. */
function weekOf(column: string) {
  return sql<number>`(${sql.ref(column)} / 604800000)`;
}

/**
 * The weeks to probe for a table's records: every week from its first record to its last
 * (both read from the time index), or, when they are far apart, the weeks that have records.
 */
export async function tableWeeks(db: Kysely<DB>, table: RecordTable): Promise<number[] | null> {
  const column = sql.ref(TIME_COLUMN[table]);
  // two scalar subqueries: each reads one end of the time index (SQLite optimises min and
  // max only when each is alone in its query; together they scan the table)
  const { rows } = await sql<{ lo: number | null; hi: number | null }>`select
    (select min(${column}) from ${sql.table(table)}) as lo,
    (select max(${column}) from ${sql.table(table)}) as hi`.execute(db);
  const row = rows[0];
  if (row?.lo == null || row.hi == null) return [];
  // truncation, as the engines' integer division
  const lo = Math.trunc(Number(row.lo) / CUSTOMER_WEEK_MS);
  const hi = Math.trunc(Number(row.hi) / CUSTOMER_WEEK_MS);
  if (hi - lo + 1 > CONTIGUOUS_WEEKS) return weeksWithRecords(db, table);
  const weeks: number[] = [];
  for (let w = lo; w <= hi; w++) weeks.push(w);
  return weeks;
}

/**
 * The weeks in which `table` has records, skipping the empty ones: from the first, each
 * step seeks the next week in the week-led index (a loose index scan), so the cost is one
 * seek per week with records, whatever the gaps between them. Null beyond MAX_WEEK_PROBES.
 */
async function weeksWithRecords(db: Kysely<DB>, table: RecordTable): Promise<number[] | null> {
  const week = weekOf(TIME_COLUMN[table]);
  const from = sql.table(table);
  const { rows } = await sql<{ week: number | string }>`with recursive w (week) as (
      select min(${week}) from ${from}
      union all
      select (select ${week} from ${from} where ${week} > w.week order by ${week} limit 1)
      from w where w.week is not null
    )
    select week from w where week is not null limit ${MAX_WEEK_PROBES + 1}`.execute(db);
  if (rows.length > MAX_WEEK_PROBES) return null;
  return rows.map((r) => Number(r.week));
}

export async function customerRecords(db: Kysely<DB>, id: string): Promise<CustomerRecords> {
  const [interactions, feedback] = await Promise.all([
    tableWeeks(db, 'interactions'),
    tableWeeks(db, 'feedback'),
  ]);
  return { id, weeks: { interactions, feedback } };
}

/** `alias` is one of this customer's records of `table`; `alias` '' for the bare table. */
export function ofCustomer(
  // biome-ignore lint/suspicious/noExplicitAny: applies to any query over the record tables
  eb: ExpressionBuilder<any, any>,
  table: RecordTable,
  alias: string,
  customer: CustomerRecords,
): Expression<SqlBool> {
  return ofCustomers(eb, table, alias, [customer.id], customer.weeks[table]);
}

/** `alias` is a record of `table` of one of these customers, found in these weeks (tableWeeks). */
export function ofCustomers(
  // biome-ignore lint/suspicious/noExplicitAny: applies to any query over the record tables
  eb: ExpressionBuilder<any, any>,
  table: RecordTable,
  alias: string,
  ids: readonly string[],
  weeks: number[] | null,
): Expression<SqlBool> {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  const same =
    ids.length === 1 ? eb(col('customer_id'), '=', ids[0] as string) : eb(col('customer_id'), 'in', ids);
  if (weeks === null) return same;
  if (weeks.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.and([eb(weekOf(col(TIME_COLUMN[table])), 'in', weeks), same]);
}
