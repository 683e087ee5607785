/**
 * Test support: a fresh, migrated database per test and a small organisation to ingest
 * against. PARCOURS_TEST_DATABASE_URL (a postgres:// URL) runs the same suites on
 * PostgreSQL; each database then gets a schema of its own (so suites run in parallel, and
 * beside other people's runs on the same PostgreSQL database).
 */
import { sql } from 'kysely';
import { type Database, openDatabase } from './dialect.ts';
import { ingest } from './ingest/writer.ts';
import { migrateToLatest } from './migrations/index.ts';
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

/** Creates an empty schema of its own on the PostgreSQL database `url`; `drop` removes it. */
export async function createTestSchema(
  url: string,
  prefix = 't',
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

export async function openTestDatabase(timeZone = 'UTC'): Promise<Database> {
  const url = testDatabaseUrl();
  let database: Database;
  if (url) {
    const scoped = await createTestSchema(url);
    database = openDatabase({ url: scoped.url, maxConnections: 4 });
    const close = database.close;
    database.close = async () => {
      await close();
      await scoped.drop();
    };
  } else {
    database = openDatabase({ url: ':memory:' });
  }
  await migrateToLatest(database.db);
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
