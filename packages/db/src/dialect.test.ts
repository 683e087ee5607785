/**
 * The engine underneath must not show: these run on SQLite and on PostgreSQL (the
 * `postgres` test project) and expect the same answers, down to orderings and types. The
 * PostgreSQL-only mechanisms (pool limits, statement timeout, read-only replica sessions,
 * start-up errors) are checked where they apply.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  binaryText,
  checkConnection,
  claimRows,
  connectionFailureReason,
  type Database,
  engineOf,
  inList,
  openDatabase,
  postgresTarget,
  tryLockJob,
  upsertRows,
  writeHandle,
} from './dialect.ts';
import { DatabaseUnavailableError, SchemaMismatchError } from './errors.ts';
import { ingest } from './ingest/writer.ts';
import { LATEST_MIGRATION, MIGRATION_NAMES, migrateToLatest, schemaStatus } from './migrations/index.ts';
import { searchCustomers } from './queries/customers.ts';
import { drillRecords } from './queries/drill.ts';
import { loadReference } from './queries/reference.ts';
import { createTestSchema, openTestDatabase, seedOrganisation, testDatabaseUrl } from './testing.ts';

const PG = testDatabaseUrl();

let database: Database;
beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
});
afterEach(async () => {
  await database.close();
});

describe('the same answers on both engines', () => {
  it('knows its engine from the kysely instance alone', () => {
    expect(engineOf(database.db)).toBe(database.engine);
    expect(database.engine).toBe(PG ? 'postgres' : 'sqlite');
  });

  it('text sorts by code point: upper case before lower case, accents after z', async () => {
    const names = ['bernard', 'Bernard', 'Élodie', 'emma', 'Zoé', 'zoe', 'Émile', 'Anne'];
    await ingest(
      database,
      'customers',
      names.map((name, i) => ({ id: `s${i}`, name })),
    );
    const page = await searchCustomers(database.db, 'UTC', '', 1, 100);
    const sorted = page.items.map((c) => c.name).filter((n) => names.includes(n));
    // JavaScript's default sort compares UTF-16 code units: the same order for these names
    expect(sorted).toEqual([...names].sort());
    expect(sorted).toEqual(['Anne', 'Bernard', 'Zoé', 'bernard', 'emma', 'zoe', 'Élodie', 'Émile']);
  });

  it('ids compare by code point too (cursors and `id > last` paging rely on it)', async () => {
    await ingest(database, 'departments', [
      { id: 'a-1', name: 'x' },
      { id: 'A-1', name: 'x' },
      { id: 'é', name: 'x' },
      { id: 'z', name: 'x' },
    ]);
    const rows = await database.db
      .selectFrom('departments')
      .select('id')
      .where('id', '>', 'Z')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.id)).toEqual(['a-1', 'mkt', 'svc', 'z', 'é']);
    const ref = await loadReference(database.db);
    // equal names: the id decides, the same way on both engines
    expect(ref.departments.filter((d) => d.name === 'x').map((d) => d.id)).toEqual(['A-1', 'a-1', 'z', 'é']);
  });

  it('counts, sums and epoch milliseconds come back as numbers', async () => {
    await ingest(database, 'interactions', [
      {
        id: 'n1',
        customer_id: 'c1',
        touchpoint_id: 'site',
        occurred_at: '2026-03-02T10:00:00Z',
        kind: 'purchase',
        revenue: 12.5,
        converted: true,
      },
      {
        id: 'n2',
        customer_id: 'c2',
        touchpoint_id: 'site',
        occurred_at: '2026-03-02T11:00:00Z',
        kind: 'purchase',
        revenue: 7.25,
        converted: false,
      },
    ]);
    const row = await database.db
      .selectFrom('interactions')
      .select([
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(occurred_at)`.as('sum_ms'),
        sql<number>`sum(converted)`.as('converted'),
        sql<number>`max(occurred_at)`.as('last'),
      ])
      .executeTakeFirstOrThrow();
    const t1 = Date.parse('2026-03-02T10:00:00Z');
    const t2 = Date.parse('2026-03-02T11:00:00Z');
    expect(row).toEqual({ n: 2, sum_ms: t1 + t2, converted: 1, last: t2 });
    const rollup = await database.db
      .selectFrom('rollup_i_day')
      .select(['revenue_milli', 'converted', 'n'])
      .executeTakeFirstOrThrow();
    expect(rollup).toEqual({ revenue_milli: 19_750, converted: 1, n: 2 });
    const raw = await database.db
      .selectFrom('interactions')
      .select(['occurred_at', 'revenue', 'converted', 'wait_seconds'])
      .where('id', '=', 'n1')
      .executeTakeFirstOrThrow();
    expect(raw).toEqual({ occurred_at: t1, revenue: 12.5, converted: 1, wait_seconds: null });
  });

  it('records without a value sort last when sorting by value, on both engines', async () => {
    await ingest(database, 'interactions', [
      {
        id: 'p1',
        customer_id: 'c1',
        touchpoint_id: 'site',
        occurred_at: '2026-03-02T10:00:00Z',
        kind: 'purchase',
      },
      {
        id: 'p2',
        customer_id: 'c1',
        touchpoint_id: 'site',
        occurred_at: '2026-03-03T10:00:00Z',
        kind: 'purchase',
        revenue: 5,
      },
      {
        id: 'p3',
        customer_id: 'c1',
        touchpoint_id: 'site',
        occurred_at: '2026-03-04T10:00:00Z',
        kind: 'purchase',
        revenue: 50,
      },
    ]);
    const { items } = await drillRecords(database.db, 'UTC', {
      kpi: 'return_rate',
      subset: 'purchases',
      window: { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-04-01T00:00:00Z') },
      filters: {},
      sort: 'value',
      page: 1,
      pageSize: 10,
    });
    expect(items.map((i) => i.id)).toEqual(['p3', 'p2', 'p1']);
    // retention by value: the latest churn first, customers who never churned last
    const churn = await drillRecords(database.db, 'UTC', {
      kpi: 'retention',
      subset: 'base',
      window: { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-04-01T00:00:00Z') },
      filters: {},
      sort: 'value',
      page: 1,
      pageSize: 10,
    });
    // base: c1, c3, c5 never churned, c4 churned on 20 March (c2 churned before, c6 has no
    // acquisition date); the latest churn first, then the others by id
    expect(churn.items.map((c) => c.id)).toEqual(['c4', 'c1', 'c3', 'c5']);
  });

  it('a search matches LIKE wildcards literally', async () => {
    await ingest(database, 'customers', [
      { id: 'w1', name: '100% Bio' },
      { id: 'w2', name: '1000 Bio' },
      { id: 'w3', name: 'a_b' },
      { id: 'w4', name: 'axb' },
    ]);
    const hits = async (q: string) =>
      (await searchCustomers(database.db, 'UTC', q, 1, 50)).items.map((c) => c.id);
    expect(await hits('100%')).toEqual(['w1']);
    expect(await hits('a_b')).toEqual(['w3']);
    expect(await hits('%')).toEqual(['w1']);
  });

  it('an id lookup finds every storable id exactly as it was inserted (one encoding both ways)', async () => {
    // what the inputs accept (text.ts): any well-formed Unicode but NUL, with what JSON
    // escapes (the SQLite lookup goes through json_each) and what it does not
    const unit = fc.oneof(
      fc.constantFrom(
        '"',
        '\\',
        '/',
        '\u0001',
        '\u001f',
        '\u007f',
        '\u2028',
        '\ufeff',
        '\u{1f600}',
        'e\u0301',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
    );
    const id = fc.array(unit, { minLength: 1, maxLength: 8 }).map((units) => units.join(''));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(id, { minLength: 1, maxLength: 20 }), async (ids) => {
        run++;
        const stored = ids.map((i) => `${run}:${i}`);
        await database.db.transaction().execute(async (trx) => {
          await upsertRows(
            writeHandle(database, trx),
            'departments',
            ['id'],
            stored.map((i) => ({ id: i, name: 'x', updated_at: 0 })),
          );
        });
        const lookedUp = [...stored, `${run}:absent`];
        const found = await database.db
          .selectFrom('departments')
          .select('id')
          .where((eb) => inList(eb, 'id', lookedUp, database.engine))
          .execute();
        expect(found.map((r) => r.id).sort()).toEqual([...stored].sort());
      }),
      { numRuns: 25 },
    );
  });

  it('a batch larger than one statement’s parameter limit is written whole', async () => {
    const records = Array.from({ length: 12_000 }, (_, i) => ({
      id: `big-${String(i).padStart(5, '0')}`,
      customer_id: 'c1',
      touchpoint_id: 'phone',
      occurred_at: new Date(Date.parse('2026-03-01T00:00:00Z') + i * 60_000).toISOString(),
      kind: 'contact',
      wait_seconds: i % 300,
      abandoned: i % 7 === 0,
    }));
    const r = await ingest(database, 'interactions', records);
    expect(r.inserted).toBe(12_000);
    const again = await ingest(database, 'interactions', records);
    expect(again.unchanged).toBe(12_000);
    const n = await database.db
      .selectFrom('rollup_i_day')
      .select(sql<number>`sum(n)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(12_000);
  });

  it('a single-runner job lock and row claims work inside a writing transaction', async () => {
    const got = await database.db.transaction().execute(async (trx) => {
      const first = await tryLockJob(trx, database.engine, 'evaluate');
      const rows = await claimRows(
        trx.selectFrom('teams').select('id').orderBy('id'),
        database.engine,
      ).execute();
      return { first, rows: rows.map((r) => r.id) };
    });
    expect(got).toEqual({ first: true, rows: ['chat', 'lyon', 'web'] });
  });

  it('the schema is at this build’s latest migration', async () => {
    const status = await schemaStatus(database.db);
    expect(status).toEqual({ applied: [...MIGRATION_NAMES], pending: [], unknown: [] });
    expect(status.applied.at(-1)).toBe(LATEST_MIGRATION);
  });

  it('a schema newer than the code is refused at start-up, naming the unknown migration', async () => {
    await database.db
      .insertInto('kysely_migration' as 'settings')
      .values({ name: '2099-01-01-from-the-future', timestamp: new Date().toISOString() } as never)
      .execute();
    const error = await migrateToLatest(database.db).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.message).toMatch(/schema is newer than this build/);
    expect(error.message).toMatch(/'2099-01-01-from-the-future'/);
    expect(error.unknown).toEqual(['2099-01-01-from-the-future']);
  });

  it('a schema older than the code is migrated, or refused when migrations are not applied', async () => {
    await database.db
      .deleteFrom('kysely_migration' as 'settings')
      .where('name' as 'id', '=', LATEST_MIGRATION as never)
      .execute();
    const error = await migrateToLatest(database.db, { apply: false }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.message).toMatch(/schema is older than this build/);
    expect(error.message).toMatch(/pnpm parcours migrate/);
    expect(error.pending).toEqual([LATEST_MIGRATION]);
    // (the last migration's tables exist already; re-running it would fail, so only the
    // refusal is checked here: applying is what every fresh test database does)
  });
});

describe('opening a database', () => {
  it('a read replica needs a PostgreSQL primary', () => {
    expect(() => openDatabase({ url: ':memory:', readUrl: 'postgres://u:p@replica:5432/db' })).toThrow(
      /read replica \(PARCOURS_READ_DATABASE_URL\) needs a PostgreSQL primary/,
    );
  });

  it('descriptions and error messages never carry the password', () => {
    expect(postgresTarget('postgres://parcours:s3cret@db.internal:6432/prod')).toBe('db.internal:6432/prod');
    expect(postgresTarget('postgresql://u:p@db/x')).toBe('db:5432/x');
    expect(connectionFailureReason({ code: 'ECONNREFUSED', message: '' })).toBe('ECONNREFUSED');
    // Node 20 reports a refused connection to several addresses as an AggregateError
    expect(connectionFailureReason({ message: '', errors: [{ code: 'ECONNREFUSED' }] })).toBe('ECONNREFUSED');
  });
});

describe.skipIf(!PG)('PostgreSQL mechanisms', () => {
  const url = PG as string;

  it('every text column compares by code point (COLLATE "C"), whatever the database default', async () => {
    const { rows } = await sql<{ table: string; column: string; collation: string | null }>`
      select table_name as table, column_name as column, collation_name as collation
      from information_schema.columns
      where table_schema = current_schema() and data_type = 'text'
        and table_name not like 'kysely_migration%'`.execute(database.db);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.collation !== 'C')).toEqual([]);
    expect(binaryText(database.db)).not.toBe('text');
  });

  it('statements that run too long are cancelled (PARCOURS_PG_STATEMENT_TIMEOUT_MS)', async () => {
    const short = openDatabase({ url, maxConnections: 1, statementTimeoutMs: 200 });
    try {
      const error = await sql`select pg_sleep(2)`.execute(short.db).catch((e) => e);
      expect(String(error.message)).toMatch(/statement timeout/);
      // the connection is still usable afterwards
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(short.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await short.close();
    }
  });

  it('the pool never opens more connections than its limit', async () => {
    const small = openDatabase({ url, maxConnections: 2, applicationName: 'parcours-pool-test' });
    try {
      const seen = await Promise.all(
        Array.from({ length: 8 }, () =>
          sql<{ n: number }>`select (select count(*) from pg_stat_activity
            where application_name = 'parcours-pool-test') as n, pg_sleep(0.05) as s`
            .execute(small.db)
            .then((r) => Number(r.rows[0]?.n)),
        ),
      );
      expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    } finally {
      await small.close();
    }
  });

  it('sessions use READ COMMITTED, and a replica pool is read-only', async () => {
    const scoped = await createTestSchema(url);
    const replica = openDatabase({ url, readUrl: scoped.url, maxConnections: 1 });
    try {
      const iso = await sql<{ v: string }>`select current_setting('transaction_isolation') as v`.execute(
        replica.db,
      );
      expect(iso.rows[0]?.v).toBe('read committed');
      const ro = await sql<{
        v: string;
      }>`select current_setting('default_transaction_read_only') as v`.execute(replica.readDb);
      expect(ro.rows[0]?.v).toBe('on');
      const write = await sql`create table nope (x int)`.execute(replica.readDb).catch((e) => e);
      expect(String(write.message)).toMatch(/read-only transaction/);
      expect(replica.readDescription).toMatch(
        /^PostgreSQL replica 127\.0\.0\.1:\d+\/\w+|^PostgreSQL replica /,
      );
    } finally {
      await replica.close();
      await scoped.drop();
    }
  });

  it('an unreachable server is a one-line start-up error naming where it looked', async () => {
    const target = new URL(url);
    target.port = '1'; // nothing listens on port 1
    const down = openDatabase({ url: target.toString(), maxConnections: 1 });
    try {
      const error = await checkConnection(down, { url: target.toString() }).catch((e) => e);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(error.message).toBe(
        `cannot reach PostgreSQL at ${postgresTarget(target.toString())}: ECONNREFUSED`,
      );
      expect(error.message).not.toMatch(/parcours:parcours@/);
    } finally {
      await down.close();
    }
  });

  it('a wrong password or a missing database is named too', async () => {
    const wrong = new URL(url);
    wrong.password = 'not-the-password';
    const bad = openDatabase({ url: wrong.toString(), maxConnections: 1 });
    try {
      const error = await checkConnection(bad, { url: wrong.toString() }).catch((e) => e);
      expect(error.message).toMatch(/^cannot reach PostgreSQL at [^ ]+: password authentication failed/);
      expect(error.message).not.toMatch(/not-the-password/);
    } finally {
      await bad.close();
    }
    expect(connectionFailureReason({ message: 'timeout expired' })).toMatch(/no answer within/);
  });
});
