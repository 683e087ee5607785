/**
 * The one module that knows which SQL engine is underneath. Everything else goes through
 * kysely and the few helpers exported here, so PostgreSQL is a dialect swap.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export type Database = {
  db: Kysely<DB>;
  engine: Engine;
  /** the SQLite handle under kysely, for the bulk writes of `upsertRows`; null on PostgreSQL */
  sqlite: SqliteDatabase.Database | null;
  /** a description safe to print (no password) */
  description: string;
  close: () => Promise<void>;
};

export type DatabaseConfig = {
  /** a postgres:// URL switches to PostgreSQL; anything else is a SQLite file path */
  url: string;
  /** PostgreSQL pool size */
  maxConnections?: number;
  /** PostgreSQL statement timeout, ms */
  statementTimeoutMs?: number;
};

export const DEFAULT_SQLITE_PATH = './data/parcours.db';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function openDatabase(config: DatabaseConfig): Database {
  if (isPostgresUrl(config.url)) return openPostgres(config);
  return openSqlite(config.url);
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets the dashboard read while a batch is written; NORMAL is durable across crashes
  // of the process (not of the OS), the usual trade-off for an embedded analytics store.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    description: `SQLite ${path}`,
    close: () => db.destroy(),
  };
}

// int8 (COUNT, SUM of integers, bigint epoch milliseconds) and numeric arrive as strings
// from pg; every such value here fits a double exactly (< 2^53), so parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

function openPostgres(config: DatabaseConfig): Database {
  const url = new URL(config.url);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.statementTimeoutMs ?? 30_000,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    sqlite: null,
    description: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
    close: () => db.destroy(),
  };
}

/**
 * Serialises writers. SQLite has one writer at a time already; on PostgreSQL, several
 * server processes may ingest at once, and rollup rows are read, merged and written back,
 * so writers take one transaction-scoped advisory lock (released at commit or rollback).
 */
export async function lockWriters(trx: Transaction<DB>, engine: Engine): Promise<void> {
  if (engine === 'postgres') await sql`select pg_advisory_xact_lock(7262001)`.execute(trx);
  // SQLite: take the write lock now (a write statement, even one that changes no row), so a
  // second process never fails upgrading a read transaction half-way through a batch.
  else await sql`update settings set id = id where 0 = 1`.execute(trx);
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

/**
 * Inserts rows, replacing every other column of a row whose conflict columns already exist.
 * The hot path of ingestion: on SQLite one cached prepared statement run per row (inside
 * kysely's open transaction, on the same connection), on PostgreSQL multi-row statements.
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
    let cache = statements.get(h.sqlite);
    if (!cache) {
      cache = new Map();
      statements.set(h.sqlite, cache);
    }
    const key = `${table}|${columns.join(',')}|${conflict.join(',')}`;
    let stmt = cache.get(key);
    if (!stmt) {
      const q = (c: string) => `"${c}"`;
      stmt = h.sqlite.prepare(
        `insert into ${q(table)} (${columns.map(q).join(', ')}) values (${columns.map(() => '?').join(', ')}) ` +
          `on conflict (${conflict.map(q).join(', ')}) do ` +
          (update.length
            ? `update set ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`
            : 'nothing'),
      );
      cache.set(key, stmt);
    }
    const values: unknown[] = new Array(columns.length);
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) values[i] = row[columns[i] as string] ?? null;
      stmt.run(values);
    }
    return;
  }
  const size = Math.floor(maxParameters(h.engine) / columns.length);
  const untyped = h.trx as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (let i = 0; i < rows.length; i += size) {
    await untyped
      .insertInto(table)
      .values(rows.slice(i, i + size) as Record<string, unknown>[])
      .onConflict((oc) => {
        const target = oc.columns(conflict as string[]);
        return update.length
          ? target.doUpdateSet(Object.fromEntries(update.map((c) => [c, sql.ref(`excluded.${c}`)])))
          : target.doNothing();
      })
      .execute();
  }
}
