/**
 * `overloadOf` turns the drivers' "not now" errors into an OverloadedError (the server's
 * 503): each case is produced for real on its engine, so a driver that changes its codes or
 * messages fails here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './dialect.ts';
import { InvalidInputError, OverloadedError, overloadOf } from './errors.ts';
import { testDatabaseUrl } from './testing.ts';

const PG = testDatabaseUrl();

describe('overloadOf', () => {
  it('keeps an OverloadedError (what a read worker throws) and ignores every other error', () => {
    const thrown = new OverloadedError('statement_timeout');
    expect(overloadOf(thrown)).toBe(thrown);
    expect(thrown.message).toMatch(/took too long/);
    expect(thrown.retryAfterSeconds).toBe(5);
    expect(overloadOf(new InvalidInputError('bad', []))).toBeNull();
    expect(overloadOf(new Error('syntax error at or near "selec"'))).toBeNull();
    expect(overloadOf('a string')).toBeNull();
  });

  it.skipIf(PG)('SQLite: a database locked by another connection is busy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parcours-busy-'));
    const holder = new SqliteDatabase(join(dir, 'busy.db'));
    const other = new SqliteDatabase(join(dir, 'busy.db'));
    try {
      holder.exec('create table t (x integer)');
      other.pragma('busy_timeout = 0');
      holder.exec('begin immediate');
      let error: unknown = null;
      try {
        other.exec('begin immediate');
      } catch (e) {
        error = e;
      }
      expect(overloadOf(error)?.reason).toBe('busy');
      holder.exec('rollback');
    } finally {
      holder.close();
      other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!PG)('PostgreSQL: a statement past its statement_timeout is a timeout', async () => {
    const short = openDatabase({ url: PG as string, maxConnections: 1, statementTimeoutMs: 100 });
    try {
      const error = await sql`select pg_sleep(5)`.execute(short.db).catch((e: unknown) => e);
      expect(overloadOf(error)?.reason).toBe('statement_timeout');
    } finally {
      await short.close();
    }
  });

  it.skipIf(!PG)('PostgreSQL: no pooled connection free in time is an exhausted pool', async () => {
    const one = openDatabase({ url: PG as string, maxConnections: 1 });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    try {
      // the pool's only connection stays checked out until the second query has failed
      const holder = one.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        entered();
        await held;
      });
      await inside;
      const error = await sql`select 1`.execute(one.db).catch((e: unknown) => e);
      release();
      await holder;
      expect(overloadOf(error)?.reason).toBe('pool_exhausted');
    } finally {
      release();
      await one.close();
    }
  });
});
