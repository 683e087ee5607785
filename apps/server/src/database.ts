/**
 * Opens the configured database, proves it answers and brings its schema to the latest
 * migration. Start-up fails with one clear line when the database cannot be reached
 * ("cannot reach PostgreSQL at db:5432/parcours: ECONNREFUSED"), when its schema is newer
 * than this build, or older while PARCOURS_AUTO_MIGRATE=0.
 */
import {
  checkConnection,
  type Database,
  DatabaseUnavailableError,
  ensureSettings,
  migrateToLatest,
  openDatabase,
  SchemaMismatchError,
} from '@parcours/db';
import type { Config } from './config.ts';

export async function openAndMigrate(config: Config, options: { migrate?: boolean } = {}): Promise<Database> {
  const database = openDatabase({
    url: config.databaseUrl,
    readUrl: config.readDatabaseUrl,
    maxConnections: config.pgMaxConnections,
    statementTimeoutMs: config.pgStatementTimeoutMs,
  });
  try {
    await checkConnection(database, { url: config.databaseUrl, readUrl: config.readDatabaseUrl });
    await migrateToLatest(database.db, { apply: options.migrate ?? config.autoMigrate });
  } catch (err) {
    await database.close().catch(() => {});
    if (err instanceof DatabaseUnavailableError || err instanceof SchemaMismatchError) throw err;
    throw new Error(`cannot open ${database.description}: ${(err as Error).message}`);
  }
  await ensureSettings(database.db, { time_zone: config.initialTimeZone });
  return database;
}

export async function isEmpty(database: Database): Promise<boolean> {
  const row = await database.db.selectFrom('touchpoints').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
