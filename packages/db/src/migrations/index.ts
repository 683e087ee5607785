import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './2026-11-23-initial.ts';

/** Migrations in order; names are date-prefixed and never change once released. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-23-initial': initial,
};

class InCodeMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1) as string;

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new InCodeMigrationProvider() });
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
