/** Opens the configured database and brings its schema to the latest migration. */
import { type Database, ensureSettings, migrateToLatest, openDatabase } from '@parcours/db';
import type { Config } from './config.ts';

export async function openAndMigrate(config: Config): Promise<Database> {
  const database = openDatabase({
    url: config.databaseUrl,
    maxConnections: config.pgMaxConnections,
    statementTimeoutMs: config.pgStatementTimeoutMs,
  });
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close().catch(() => {});
    throw new Error(`cannot open ${database.description}: ${(err as Error).message}`);
  }
  await ensureSettings(database.db, { time_zone: config.initialTimeZone });
  return database;
}

export async function isEmpty(database: Database): Promise<boolean> {
  const row = await database.db.selectFrom('touchpoints').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
