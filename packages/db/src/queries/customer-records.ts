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
 * Beyond this many weeks (records spread over a century) a read filters by customer alone:
 * slower, never wrong.
 */
const MAX_WEEK_PROBES = 5_000;

/** Where one customer's records are: the customer, and the weeks to probe per table (null: all). */
export type CustomerRecords = {
  id: string;
  weeks: Record<RecordTable, number[] | null>;
};

/** `time / 604800000`, as the index spells it. */
function weekOf(column: string) {
  return sql<number>`(${sql.ref(column)} / 604800000)`;
}

/** The weeks of a table's records: from its first to its last, both read from the time index. */
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
  if (hi - lo + 1 > MAX_WEEK_PROBES) return null;
  const weeks: number[] = [];
  for (let w = lo; w <= hi; w++) weeks.push(w);
  return weeks;
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
