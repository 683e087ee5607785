/**
 * Migrations, and the schema check every process runs at start-up: a database with a
 * migration this build does not know is newer than the code (refuse to start); one with
 * pending migrations is older (migrate it, or refuse when automatic migration is off).
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { migrationSchema } from '../dialect.ts';
import { SchemaMismatchError } from '../errors.ts';
import * as initial from './2026-11-23-initial.ts';
import * as binaryCollation from './2026-11-24-binary-collation.ts';
import * as access from './2026-11-25-access.ts';
import * as closedLoop from './2026-11-26-closed-loop.ts';
import * as ingestionSpeed from './2026-11-27-ingestion-speed.ts';
import * as retentionIndex from './2026-11-28-retention-index.ts';
import * as signInThrottling from './2026-12-04-sign-in-throttling.ts';
import * as callerIdentification from './2026-12-05-caller-identification.ts';

/** Migrations in order; names are date-prefixed and never change once released. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-23-initial': initial,
  '2026-11-24-binary-collation': binaryCollation,
  '2026-11-25-access': access,
  '2026-11-26-closed-loop': closedLoop,
  '2026-11-27-ingestion-speed': ingestionSpeed,
  '2026-11-28-retention-index': retentionIndex,
  '2026-12-04-sign-in-throttling': signInThrottling,
  '2026-12-05-caller-identification': callerIdentification,
};

class InCodeMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);
export const LATEST_MIGRATION = MIGRATION_NAMES.at(-1) as string;
const MIGRATION_TABLE = 'kysely_migration';

/**
 * The migrator. On PostgreSQL its tables live in the connection's current schema (kysely
 * would otherwise find them in any schema of the database, and skip creating them).
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export function migratorFor(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: new InCodeMigrationProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export type SchemaStatus = {
  /** migrations recorded in the database, oldest first */
  applied: string[];
  /** migrations of this build not yet applied */
  pending: string[];
  /** migrations recorded in the database that this build does not know (a newer build ran) */
  unknown: string[];
};

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function schemaStatus(db: Kysely<any>): Promise<SchemaStatus> {
  const schema = await migrationSchema(db);
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const exists = tables.some((t) => t.name === MIGRATION_TABLE && (!schema || t.schema === schema));
  const applied: string[] = [];
  if (exists) {
    const from = schema ? db.withSchema(schema) : db;
    const rows = await from.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
    for (const r of rows as { name: string }[]) applied.push(r.name);
  }
  const known = new Set(MIGRATION_NAMES);
  const done = new Set(applied);
  return {
    applied,
    pending: MIGRATION_NAMES.filter((m) => !done.has(m)),
    unknown: applied.filter((m) => !known.has(m)),
  };
}

export function newerSchemaMessage(unknown: readonly string[]): string {
  return (
    `the database schema is newer than this build of Parcours: it has migration${unknown.length === 1 ? '' : 's'} ` +
    `${unknown.map((m) => `'${m}'`).join(', ')} that this build does not know (its latest is '${LATEST_MIGRATION}'). ` +
    'Run the newer Parcours version (every server of a deployment must run the same one), ' +
    'or restore the backup taken before the upgrade.'
  );
}

export type MigrateOptions = {
  /** apply pending migrations (default); false: refuse to run on an older schema */
  apply?: boolean;
};

/**
 * Brings the schema to this build's latest migration. Throws a SchemaMismatchError when
 * the database is newer than the code, or older while `apply` is false. Several processes
 * may call it at once: kysely's migration lock (an advisory lock on PostgreSQL) lets one
 * migrate, the others then find nothing to do.
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions = {}): Promise<SchemaStatus> {
  const before = await schemaStatus(db);
  if (before.unknown.length) {
    throw new SchemaMismatchError(newerSchemaMessage(before.unknown), before.unknown, before.pending);
  }
  if (before.pending.length === 0) return before;
  if (options.apply === false) {
    throw new SchemaMismatchError(
      `the database schema is older than this build of Parcours: ${before.pending.length} migration` +
        `${before.pending.length === 1 ? '' : 's'} pending (${before.pending.map((m) => `'${m}'`).join(', ')}). ` +
        'Run `pnpm parcours migrate` once (from one machine), then start the servers.',
      [],
      before.pending,
    );
  }
  const { error, results } = await migratorFor(db, await migrationSchema(db)).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const text = String(error);
    // a newer build migrated between our check and the migrator's: say so plainly
    if (/previously executed migration .* is missing/.test(text)) {
      const after = await schemaStatus(db);
      throw new SchemaMismatchError(newerSchemaMessage(after.unknown), after.unknown, after.pending);
    }
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${text}`);
  }
  return schemaStatus(db);
}
