/**
 * Test support: a fresh, migrated database per test and a small organisation to ingest
 * against. PARCOURS_TEST_DATABASE_URL (a postgres:// URL) runs the same suites on
 * PostgreSQL; each database then gets a schema of its own (so suites run in parallel, and
 * beside other people's runs on the same PostgreSQL database). Creating and migrating a
 * schema costs ~0.5 s of DDL, so a closed test database's schema is emptied (DELETE)
 * and handed to the next test of the same process instead of being dropped.
 */
import { sql } from 'kysely';
import { type Database, openDatabase } from './dialect.ts';
import { ingest } from './ingest/writer.ts';
import { MIGRATION_NAMES, migrateToLatest } from './migrations/index.ts';
import { ensureSettings } from './queries/settings.ts';

/** The PostgreSQL URL the suites run on, or null for SQLite. */
export function testDatabaseUrl(): string | null {
  return process.env.PARCOURS_TEST_DATABASE_URL || null;
}

/** The same URL with `search_path` set to `schema`: what a process is given to use it. */
export function scopedPostgresUrl(url: string, schema: string): string {
  const scoped = new URL(url);
  const options = [scoped.searchParams.get('options'), `-c search_path=${schema}`].filter(Boolean);
  scoped.searchParams.set('options', options.join(' '));
  return scoped.toString();
}

/** Test schemas are named <prefix>_<pid>_<random>: the pid tells whether their owner still runs. */
const TEST_SCHEMA = /^(t|scale|bench)_(\d+)_[a-z0-9]+$/;

/** Creates an empty schema of its own on the PostgreSQL database `url`; `drop` removes it. */
export async function createTestSchema(
  url: string,
  prefix: 't' | 'scale' | 'bench' = 't',
): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = openDatabase({ url, maxConnections: 1 });
  try {
    await sql.raw(`create schema ${schema}`).execute(admin.db);
  } finally {
    await admin.close();
  }
  return {
    schema,
    url: scopedPostgresUrl(url, schema),
    drop: async () => {
      const again = openDatabase({ url, maxConnections: 1 });
      try {
        await sql.raw(`drop schema if exists ${schema} cascade`).execute(again.db);
      } finally {
        await again.close();
      }
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops the test schemas whose process has ended (an interrupted run, or the schemas kept
 * for reuse by a finished one). Schemas of running processes (another person's test run
 * on the same database) are left alone. Returns how many were dropped.
 */
export async function dropStaleTestSchemas(url: string): Promise<number> {
  const admin = openDatabase({ url, maxConnections: 1 });
  let dropped = 0;
  try {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(
      admin.db,
    );
    for (const { name } of rows) {
      const m = TEST_SCHEMA.exec(name);
      if (!m || alive(Number(m[2]))) continue;
      await sql.raw(`drop schema if exists ${name} cascade`).execute(admin.db);
      dropped++;
    }
  } finally {
    await admin.close();
  }
  return dropped;
}

/** Migrated, emptied schemas of this process, ready for the next test database. */
const spare: { schema: string; url: string; drop: () => Promise<void> }[] = [];

/** The schema's tables, referencing tables before the tables they reference. */
async function tablesOf(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_migration%' order by tablename`.execute(
    database.db,
  );
  const { rows: refs } = await sql<{
    child: string;
    parent: string;
  }>`select c.relname as child, p.relname as parent
    from pg_catalog.pg_constraint k
    join pg_catalog.pg_class c on c.oid = k.conrelid
    join pg_catalog.pg_class p on p.oid = k.confrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema() and c.oid <> p.oid`.execute(database.db);
  const ordered: string[] = [];
  const left = new Set(rows.map((r) => r.name));
  while (left.size > 0) {
    // a table no remaining table references can be emptied now
    const free = [...left].filter((t) => !refs.some((r) => r.parent === t && left.has(r.child)));
    if (free.length === 0) throw new Error('circular foreign keys');
    for (const t of free) {
      ordered.push(t);
      left.delete(t);
    }
  }
  return ordered;
}

async function openPostgresTestDatabase(url: string): Promise<Database> {
  const reused = spare.pop();
  const scoped = reused ?? (await createTestSchema(url));
  const database = openDatabase({ url: scoped.url, maxConnections: 4 });
  if (!reused) await migrateToLatest(database.db);
  // a migration that seeds rows would lose them when emptied: such a schema is not reused
  // (sequences are not reset either: Parcours has none; give ids from the application)
  let reusable = true;
  if (!reused) {
    for (const table of await tablesOf(database)) {
      const row = await database.db
        .selectFrom(table as 'settings')
        .select(sql`1`.as('one'))
        .limit(1)
        .executeTakeFirst();
      if (row) reusable = false;
    }
  }
  const close = database.close;
  let closed = false;
  database.close = async () => {
    if (closed) return close();
    closed = true;
    let emptied = false;
    if (reusable) {
      try {
        // a test that played with the migration table leaves a schema nobody should reuse
        const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
          database.db,
        );
        if (rows.map((r) => r.name).join() !== MIGRATION_NAMES.join()) throw new Error('migrations changed');
        // DELETE, in foreign-key order and in one round trip: far cheaper than TRUNCATE
        // (new files for every table and index) on the few rows a test writes
        const tables = await tablesOf(database);
        if (tables.length)
          await sql.raw(tables.map((t) => `delete from "${t}";`).join(' ')).execute(database.db);
        emptied = true;
      } catch {
        // a pool already destroyed, an aborted session: drop the schema instead
      }
    }
    await close().catch(() => {});
    if (emptied) spare.push(scoped);
    else await scoped.drop();
  };
  return database;
}

export async function openTestDatabase(timeZone = 'UTC'): Promise<Database> {
  const url = testDatabaseUrl();
  const database = url ? await openPostgresTestDatabase(url) : openDatabase({ url: ':memory:' });
  if (!url) await migrateToLatest(database.db);
  await ensureSettings(database.db, { time_zone: timeZone });
  return database;
}

/**
 * Two departments, three teams, four touchpoints, six customers: enough to cut every
 * dimension both ways.
 */
export async function seedOrganisation(database: Database): Promise<void> {
  await ingest(database, 'departments', [
    { id: 'svc', name: 'Service client' },
    { id: 'mkt', name: 'Marketing' },
  ]);
  await ingest(database, 'teams', [
    { id: 'lyon', name: 'Centre Lyon', department_id: 'svc' },
    { id: 'chat', name: 'Support chat', department_id: 'svc' },
    { id: 'web', name: 'Acquisition web', department_id: 'mkt' },
  ]);
  await ingest(database, 'touchpoints', [
    {
      id: 'phone',
      name: 'Téléphone',
      channel: 'phone',
      stage: 'service',
      media: 'owned',
      presence: 'digital',
      team_id: 'lyon',
    },
    {
      id: 'livechat',
      name: 'Chat',
      channel: 'chat',
      stage: 'service',
      media: 'owned',
      presence: 'digital',
      team_id: 'chat',
    },
    {
      id: 'site',
      name: 'Site web',
      channel: 'web',
      stage: 'purchase',
      media: 'owned',
      presence: 'digital',
      team_id: 'web',
    },
    {
      id: 'reviews',
      name: 'Avis Google',
      channel: 'review',
      stage: 'loyalty',
      media: 'earned',
      presence: 'digital',
      team_id: 'web',
    },
  ]);
  await ingest(database, 'customers', [
    {
      id: 'c1',
      name: 'Hélène Dupont',
      email: 'helene@example.fr',
      segment: 'Premium',
      region: 'Bretagne',
      acquired_at: '2024-01-10',
    },
    {
      id: 'c2',
      name: 'Marc Leroy',
      email: 'marc@example.fr',
      segment: 'Particulier',
      region: 'Bretagne',
      acquired_at: '2024-05-01',
      churned_at: '2026-02-10T10:00:00Z',
    },
    { id: 'c3', name: 'Zoé Martin', segment: 'Particulier', region: 'Occitanie', acquired_at: '2025-06-01' },
    {
      id: 'c4',
      name: 'Paul Durand',
      email: 'paul@example.com',
      segment: 'Professionnel',
      region: 'Occitanie',
      acquired_at: '2025-11-20',
      churned_at: '2026-03-20T00:00:00Z',
    },
    { id: 'c5', name: 'Inès Moreau', acquired_at: '2026-02-01' },
    { id: 'c6', name: 'Luc Bernard', segment: 'Premium', region: 'Grand Est' },
  ]);
}

export const ORG_CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'] as const;
export const ORG_TOUCHPOINTS = ['phone', 'livechat', 'site', 'reviews'] as const;
export const ORG_TEAMS = ['lyon', 'chat', 'web'] as const;
