/**
 * The one module that knows which SQL engine is underneath. Everything else goes through
 * kysely and the few helpers exported here, so PostgreSQL is a dialect swap:
 *
 * - opening a database (SQLite file, or a PostgreSQL pool with limits and timeouts, plus an
 *   optional read-replica pool for dashboard reads) and explaining why it cannot be reached;
 * - `engineOf`, for code that holds only a kysely instance;
 * - writer serialisation (`lockWriters`), single-runner jobs (`tryLockJob`) and row claims
 *   (`claimRows`): the mechanisms several server processes share one database with;
 * - text columns that compare and sort by code point on both engines (`binaryText`,
 *   `useBinaryCollation`), bound-parameter limits and bulk upserts (`upsertRows`).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Expression,
  type ExpressionBuilder,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  type SelectQueryBuilder,
  type SqlBool,
  SqliteDialect,
  sql,
  type TableMetadata,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { DatabaseUnavailableError } from './errors.ts';
import type { DB } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export type Database = {
  /** the primary: every write, every transaction, and reads that must see the last write */
  db: Kysely<DB>;
  /**
   * dashboard reads (KPIs, drill-down, customers, reference): a read replica when one is
   * configured (`readUrl`), else the same instance as `db`. Replicas lag a little.
   */
  readDb: Kysely<DB>;
  engine: Engine;
  /** the SQLite handle under kysely, for the bulk writes of `upsertRows`; null on PostgreSQL */
  sqlite: SqliteDatabase.Database | null;
  /** a description safe to print (no password) */
  description: string;
  /** the replica's description when reads go to one, else null */
  readDescription: string | null;
  close: () => Promise<void>;
};

export type DatabaseConfig = {
  /** a postgres:// URL switches to PostgreSQL; anything else is a SQLite file path */
  url: string;
  /** PostgreSQL only: a read replica for dashboard reads (same credentials rules as `url`) */
  readUrl?: string | null;
  /** PostgreSQL pool size, per pool (primary and replica each) */
  maxConnections?: number;
  /** PostgreSQL statement timeout, ms */
  statementTimeoutMs?: number;
  /** shown in pg_stat_activity */
  applicationName?: string;
};

export const DEFAULT_SQLITE_PATH = './data/parcours.db';
export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
/** how long a new connection may take before the pool gives up */
export const CONNECT_TIMEOUT_MS = 5_000;
/**
 * How long a writer waits for the writer lock (PostgreSQL) before its batch fails. Longer
 * than the statement timeout: under concurrent ingestion a batch queues behind others.
 */
export const WRITER_LOCK_WAIT_MS = 120_000;
/** A session left idle inside a transaction this long is ended (it would hold locks). */
export const IDLE_IN_TRANSACTION_MS = 300_000;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The engine under a kysely instance or transaction. */
// biome-ignore lint/suspicious/noExplicitAny: any schema
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function openDatabase(config: DatabaseConfig): Database {
  if (isPostgresUrl(config.url)) return openPostgres(config);
  if (config.readUrl) {
    throw new DatabaseUnavailableError(
      'a read replica (PARCOURS_READ_DATABASE_URL) needs a PostgreSQL primary (PARCOURS_DATABASE_URL=postgres://…)',
    );
  }
  return openSqlite(config.url);
}

function openSqlite(path: string): Database {
  let sqlite: SqliteDatabase.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    sqlite = new SqliteDatabase(path);
    // WAL lets the dashboard read while a batch is written; NORMAL is durable across crashes
    // of the process (not of the OS), the usual trade-off for an embedded analytics store.
    sqlite.pragma('journal_mode = WAL');
  } catch (err) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${path}: ${(err as Error).message}`);
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  // References are checked by the writer, inside the batch's transaction and under the
  // writer lock, where a bad one becomes an error naming the record and field. The engine's
  // own check (on by default in better-sqlite3) repeated those lookups for every row: a
  // third of the insert time. Nothing deletes a referenced row, and the property tests run
  // `foreign_key_check` after every sequence. See docs/decisions/008-ingestion-speed.md.
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -65536');
  // a checkpoint per ~40 MB of WAL rather than per 4 MB: pages that consecutive batches
  // rewrite (rollup rows, index interiors) are copied back once (commits 25 % cheaper at 1M)
  sqlite.pragma('wal_autocheckpoint = 10000');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    readDb: db,
    engine: 'sqlite',
    sqlite,
    description: `SQLite ${path}`,
    readDescription: null,
    close: () => db.destroy(),
  };
}

// int8 (COUNT, SUM of integers, bigint epoch milliseconds) and numeric (SUM of bigint)
// arrive as strings from pg; every such value here fits a double exactly (< 2^53), so
// parse them as numbers, as SQLite returns them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** host:port/database of a PostgreSQL URL: safe to print (no user, no password). */
export function postgresTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname || '/'}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** Adds `-c name=value` settings to the URL's `options` (the URL wins over pg's config). */
function withOptions(url: string, settings: string[]): string {
  if (settings.length === 0) return url;
  const u = new URL(url);
  const options = [u.searchParams.get('options'), ...settings.map((s) => `-c ${s}`)].filter(Boolean);
  u.searchParams.set('options', options.join(' '));
  return u.toString();
}

function postgresPool(url: string, config: DatabaseConfig, role: 'primary' | 'replica'): pg.Pool {
  const pool = new pg.Pool({
    // READ COMMITTED whatever the server's default: a writer reads the rollup rows *after*
    // taking the writer lock, and must see what the previous writer committed (under
    // REPEATABLE READ its snapshot could predate that commit and lose an update)
    connectionString: withOptions(url, [
      'default_transaction_isolation=read\\ committed',
      ...(role === 'replica' ? ['default_transaction_read_only=on'] : []),
    ]),
    max: config.maxConnections ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    application_name: config.applicationName ?? 'parcours',
  });
  // an idle connection dropped by the server (restart, fail-over) must not crash the process;
  // the pool replaces it on the next checkout
  pool.on('error', (err) => {
    console.error(
      `[parcours] PostgreSQL ${role} ${postgresTarget(url)}: idle connection lost: ${err.message}`,
    );
  });
  return pool;
}

/**
 * Introspection of the connection's current schema only. kysely's own lists every table of
 * every schema and fails ("schema … does not exist") when another process drops a schema
 * meanwhile; the migrator introspects at each run, so several Parcours databases (or test
 * suites) in one PostgreSQL database would trip over each other.
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: any schema
    private readonly db: Kysely<any>,
    private readonly inner: DatabaseIntrospector,
  ) {}

  getSchemas() {
    return this.inner.getSchemas();
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      table: string;
      kind: string;
      schema: string;
      column: string;
      not_null: boolean;
      has_default: boolean;
      identity: string;
      type: string;
      type_schema: string;
    }>`select c.relname as table, c.relkind as kind, ns.nspname as schema, a.attname as column,
         a.attnotnull as not_null, a.atthasdef as has_default, a.attidentity as identity,
         typ.typname as type, tns.nspname as type_schema
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_class c on a.attrelid = c.oid
       join pg_catalog.pg_namespace ns on c.relnamespace = ns.oid
       join pg_catalog.pg_type typ on a.atttypid = typ.oid
       join pg_catalog.pg_namespace tns on typ.typnamespace = tns.oid
       where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
         and a.attnum >= 0 and not a.attisdropped
       order by c.relname, a.attnum`.execute(this.db);
    const tables = new Map<string, TableMetadata>();
    for (const r of rows) {
      if (!options.withInternalKyselyTables && r.table.startsWith('kysely_migration')) continue;
      let t = tables.get(r.table);
      if (!t) {
        t = { name: r.table, isView: r.kind === 'v', schema: r.schema, columns: [] };
        tables.set(r.table, t);
      }
      t.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: !r.not_null,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.identity !== '',
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions) {
    return { tables: await this.getTables(options) };
  }
}

class ParcoursPostgresDialect extends PostgresDialect {
  // biome-ignore lint/suspicious/noExplicitAny: any schema
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db, super.createIntrospector(db));
  }
}

function openPostgres(config: DatabaseConfig): Database {
  const db = new Kysely<DB>({
    dialect: new ParcoursPostgresDialect({ pool: postgresPool(config.url, config, 'primary') }),
  });
  let readDb = db;
  let readDescription: string | null = null;
  if (config.readUrl) {
    if (!isPostgresUrl(config.readUrl)) {
      throw new DatabaseUnavailableError('the read replica URL must be a postgres:// URL');
    }
    readDb = new Kysely<DB>({
      dialect: new ParcoursPostgresDialect({ pool: postgresPool(config.readUrl, config, 'replica') }),
    });
    readDescription = `PostgreSQL replica ${postgresTarget(config.readUrl)}`;
  }
  return {
    db,
    readDb,
    engine: 'postgres',
    sqlite: null,
    description: `PostgreSQL ${postgresTarget(config.url)}`,
    readDescription,
    close: async () => {
      await db.destroy();
      if (readDb !== db) await readDb.destroy();
    },
  };
}

/** Why a connection failed, in words: an errno code, PostgreSQL's message, or a timeout. */
export function connectionFailureReason(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { code?: string; message?: string }[] };
  const code = e?.code ?? e?.errors?.find((x) => x.code)?.code;
  if (code && /^E[A-Z]+$/.test(code)) return code;
  if (e?.message && /timeout expired|timeout exceeded when trying to connect/i.test(e.message)) {
    return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  }
  return e?.message || String(err);
}

/**
 * Proves the database answers (the primary, and the replica when there is one). Throws a
 * DatabaseUnavailableError such as
 * "cannot reach PostgreSQL at db.internal:5432/parcours: ECONNREFUSED".
 */
export async function checkConnection(database: Database, config: Pick<DatabaseConfig, 'url' | 'readUrl'>) {
  const targets: [Kysely<DB>, string, string][] = [[database.db, 'PostgreSQL', config.url]];
  if (database.readDb !== database.db && config.readUrl)
    targets.push([database.readDb, 'the PostgreSQL read replica', config.readUrl]);
  for (const [db, what, url] of targets) {
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      if (database.engine === 'sqlite') {
        throw new DatabaseUnavailableError(`cannot open ${database.description}: ${(err as Error).message}`);
      }
      throw new DatabaseUnavailableError(
        `cannot reach ${what} at ${postgresTarget(url)}: ${connectionFailureReason(err)}`,
      );
    }
  }
}

/** The schema kysely's migration tables live in: the connection's current schema on PostgreSQL. */
// biome-ignore lint/suspicious/noExplicitAny: any schema
export async function migrationSchema(db: Kysely<any>): Promise<string | undefined> {
  if (engineOf(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('the PostgreSQL search_path names no existing schema');
  return schema;
}

// Advisory-lock classes (the first key of the two-key form); the second key is derived
// from the current schema, so two Parcours databases in one PostgreSQL database (or the
// test suites' schemas) never wait for each other.
const WRITER_LOCK = 7262001;
const JOB_LOCK = 7262002;

/**
 * Serialises writers. SQLite has one writer at a time already; on PostgreSQL, several
 * server processes may ingest at once, and rollup rows are read, merged and written back,
 * so writers take one transaction-scoped advisory lock (released at commit or rollback).
 * The wait has its own budget (WRITER_LOCK_WAIT_MS), not the statement timeout.
 */
export async function lockWriters(trx: Transaction<DB>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql.raw(`set local statement_timeout = ${WRITER_LOCK_WAIT_MS}`).execute(trx);
    await sql`select pg_advisory_xact_lock(${sql.lit(WRITER_LOCK)}, hashtext(current_schema()))`.execute(trx);
    await sql.raw('set local statement_timeout to default').execute(trx);
  }
  // SQLite: take the write lock now (a write statement, even one that changes no row), so a
  // second process never fails upgrading a read transaction half-way through a batch.
  else await sql`update settings set id = id where 0 = 1`.execute(trx);
}

/**
 * For work that one server of several must do at a time (a periodic evaluation, a
 * maintenance task): tries a transaction-scoped lock named `name` and answers whether this
 * transaction got it, without waiting. On SQLite the transaction takes the write lock,
 * which already excludes every other writer, and gets true.
 */
export async function tryLockJob(trx: Transaction<DB>, engine: Engine, name: string): Promise<boolean> {
  if (engine === 'sqlite') {
    await sql`update settings set id = id where 0 = 1`.execute(trx);
    return true;
  }
  const { rows } = await sql<{
    ok: boolean;
  }>`select pg_try_advisory_xact_lock(${sql.lit(JOB_LOCK)}, hashtext(current_schema() || ':' || ${name})) as ok`.execute(
    trx,
  );
  return rows[0]?.ok === true;
}

/**
 * Rows a worker claims inside its transaction (a queue, an outbox): on PostgreSQL
 * `for update skip locked`, so concurrent workers of several servers claim disjoint rows;
 * on SQLite the statement is left as is (the writing transaction excludes other writers).
 */
// biome-ignore lint/suspicious/noExplicitAny: any query
export function claimRows<Q extends SelectQueryBuilder<any, any, any>>(q: Q, engine: Engine): Q {
  return engine === 'postgres' ? (q.forUpdate().skipLocked() as Q) : q;
}

/**
 * The data type of a text column that compares and sorts by code point on both engines
 * (SQLite's default BINARY collation; `COLLATE "C"` on PostgreSQL, whose database default
 * may be a linguistic collation such as en_US.UTF-8). Every text column of Parcours is one.
 */
// biome-ignore lint/suspicious/noExplicitAny: any schema
export function binaryText(db: Kysely<any>): 'text' | Expression<unknown> {
  return engineOf(db) === 'postgres' ? sql`text collate "C"` : 'text';
}

/** Gives existing text columns the binary collation of `binaryText` (no-op on SQLite). */
// biome-ignore lint/suspicious/noExplicitAny: any schema
export async function useBinaryCollation(db: Kysely<any>, table: string, columns: readonly string[]) {
  if (engineOf(db) !== 'postgres' || columns.length === 0) return;
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  await sql
    .raw(
      `alter table ${q(table)} ${columns.map((c) => `alter column ${q(c)} type text collate "C"`).join(', ')}`,
    )
    .execute(db);
}

/** How many values one id lookup (`inList`) carries: a batch's ids are one query. */
export const IN_LIST_SIZE = 20_000;

/**
 * `column in (values)`, with the whole list as one parameter: on PostgreSQL
 * `column = any($1::text[])`, on SQLite `column in (select value from json_each($1))`.
 * One short statement instead of one parameter per value: nothing long to prepare, and
 * SQLite seeks the values in the order given (3 times faster than `in (?, ?, …)` on a
 * batch of existing ids).
 */
export function inList(
  // biome-ignore lint/suspicious/noExplicitAny: any table
  eb: ExpressionBuilder<any, any>,
  column: string,
  values: readonly string[],
  engine: Engine,
): Expression<SqlBool> {
  return engine === 'postgres'
    ? eb(column, '=', sql<string>`any(${values}::text[])`)
    : eb(column, 'in', sql<string>`(select value from json_each(${JSON.stringify(values)}))`);
}

/** The largest number of bound parameters one statement may carry, with margin. */
export function maxParameters(engine: Engine): number {
  return engine === 'sqlite' ? 30_000 : 60_000;
}

/** What a write needs: the open transaction and the engine under it. */
export type WriteHandle = { trx: Transaction<DB>; engine: Engine; sqlite: SqliteDatabase.Database | null };

export function writeHandle(database: Database, trx: Transaction<DB>): WriteHandle {
  return { trx, engine: database.engine, sqlite: database.sqlite };
}

const statements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

/** Rows per SQLite upsert statement: fewer calls into the engine (a fifth of the insert time). */
const SQLITE_UPSERT_ROWS = 50;

/**
 * Inserts rows, replacing every other column of a row whose conflict columns already exist.
 * The hot path of ingestion: on SQLite cached prepared statements of 50 rows each, then
 * one row at a time for the rest (inside kysely's open transaction, on the same
 * connection); on PostgreSQL multi-row statements. Conflict keys must be unique among `rows`.
 */
export async function upsertRows(
  h: WriteHandle,
  table: string,
  conflict: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const update = columns.filter((c) => !conflict.includes(c));
  if (h.sqlite) {
    const many = sqliteUpsert(h.sqlite, table, columns, conflict, update, SQLITE_UPSERT_ROWS);
    const one = sqliteUpsert(h.sqlite, table, columns, conflict, update, 1);
    const bind = binderOf(columns);
    const width = columns.length;
    const block: unknown[] = new Array(width * SQLITE_UPSERT_ROWS);
    let r = 0;
    for (; r + SQLITE_UPSERT_ROWS <= rows.length; r += SQLITE_UPSERT_ROWS) {
      for (let k = 0; k < SQLITE_UPSERT_ROWS; k++)
        bind(rows[r + k] as Record<string, unknown>, block, k * width);
      many.run(block);
    }
    const values: unknown[] = new Array(width);
    for (; r < rows.length; r++) {
      bind(rows[r] as Record<string, unknown>, values, 0);
      one.run(values);
    }
    return;
  }
  // PostgreSQL: the rows travel as one JSON parameter and become table rows in the server
  // (json_populate_recordset converts each field to its column's type), instead of a
  // VALUES list of up to 65,535 parameters that kysely compiles and PostgreSQL plans
  const ids = (names: readonly string[]) => sql.join(names.map((c) => sql.id(c)));
  const action = update.length
    ? sql`update set ${sql.join(update.map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))}`
    : sql`nothing`;
  for (let i = 0; i < rows.length; i += PG_UPSERT_ROWS) {
    const json = JSON.stringify(rows.slice(i, i + PG_UPSERT_ROWS));
    await sql`insert into ${sql.table(table)} (${ids(columns)})
      select ${ids(columns)} from json_populate_recordset(null::${sql.table(table)}, ${json}::json)
      on conflict (${ids(conflict)}) do ${action}`.execute(h.trx);
  }
}

/** Rows per bulk upsert statement on PostgreSQL (one JSON parameter each). */
const PG_UPSERT_ROWS = 10_000;

type Binder = (row: Record<string, unknown>, out: unknown[], at: number) => void;
const binders = new Map<string, Binder>();

/**
 * Copies a row's values, in column order, into a statement's parameters: a function
 * compiled once per column list, whose fixed property names read fast, where a loop over
 * the names looks each one up by a computed key.
 */
function binderOf(columns: readonly string[]): Binder {
  const key = columns.join(',');
  let bind = binders.get(key);
  if (!bind) {
    const body = columns.map((c, i) => `out[at + ${i}] = row[${JSON.stringify(c)}] ?? null;`).join('\n');
    bind = new Function('row', 'out', 'at', body) as Binder;
    binders.set(key, bind);
  }
  return bind;
}

/** The cached upsert statement of `count` rows for this table and column list. */
function sqliteUpsert(
  sqlite: SqliteDatabase.Database,
  table: string,
  columns: readonly string[],
  conflict: readonly string[],
  update: readonly string[],
  count: number,
): SqliteDatabase.Statement {
  let cache = statements.get(sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(sqlite, cache);
  }
  const key = `${table}|${columns.join(',')}|${conflict.join(',')}|${count}`;
  let stmt = cache.get(key);
  if (!stmt) {
    const q = (c: string) => `"${c}"`;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    stmt = sqlite.prepare(
      `insert into ${q(table)} (${columns.map(q).join(', ')}) values ${Array(count).fill(tuple).join(', ')} ` +
        `on conflict (${conflict.map(q).join(', ')}) do ` +
        (update.length
          ? `update set ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`
          : 'nothing'),
    );
    cache.set(key, stmt);
  }
  return stmt;
}
