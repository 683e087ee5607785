import { isValidTimeZone, type Settings } from '@parcours/domain';
import type { Kysely, Transaction } from 'kysely';
import { type Database, lockWriters, writeHandle } from '../dialect.ts';
import { InvalidInputError } from '../errors.ts';
import { rebuildRollups } from '../rollups/recompute.ts';
import type { DB } from '../schema.ts';

export const DEFAULT_SETTINGS: Settings = { name: 'Parcours', time_zone: 'UTC', currency: 'EUR' };

export async function loadSettings(db: Kysely<DB> | Transaction<DB>): Promise<Settings> {
  const row = await db
    .selectFrom('settings')
    .select(['name', 'time_zone', 'currency'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ?? DEFAULT_SETTINGS;
}

/** Creates the settings row on a new database (the zone may come from the environment). */
export async function ensureSettings(db: Kysely<DB>, initial: Partial<Settings> = {}): Promise<void> {
  await db
    .insertInto('settings')
    .values({ id: 1, ...DEFAULT_SETTINGS, ...initial, updated_at: Date.now() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Changes the settings. A new time zone moves every day boundary, so the rollups are
 * rebuilt in the same transaction: readers never see rollups bucketed in the old zone.
 */
export async function updateSettings(database: Database, patch: Partial<Settings>): Promise<Settings> {
  const { db, engine } = database;
  if (patch.time_zone !== undefined && !isValidTimeZone(patch.time_zone)) {
    throw new InvalidInputError('the settings are invalid', [
      { field: 'time_zone', reason: `'${patch.time_zone}' is not an IANA time zone (e.g. Europe/Paris)` },
    ]);
  }
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx, engine);
    const before = await loadSettings(trx);
    const next = { ...before, ...patch };
    await trx
      .updateTable('settings')
      .set({ ...next, updated_at: Date.now() })
      .where('id', '=', 1)
      .execute();
    if (next.time_zone !== before.time_zone) await rebuildRollups(writeHandle(database, trx), next.time_zone);
    return next;
  });
}
