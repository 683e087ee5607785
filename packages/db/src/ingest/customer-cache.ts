/**
 * Customers' segment and region, kept by the writer between batches. Every interaction
 * and answer needs its customer's (an unknown customer is an error, and the segment ×
 * region rollups are cut by them); reading them for every batch was, after the insert
 * itself, the largest cost of ingestion (about 4 µs a record at 1M interactions).
 *
 * The cache is valid while the database's customer generation is the one it was filled
 * at. The writer bumps the generation, in its transaction, whenever a stored customer's
 * segment or region changes, and reads it under the writer lock at the start of every
 * batch, so a change made by any process (several servers on one PostgreSQL) is seen
 * before the next batch; a rolled-back change rolls its bump back too. New customers need
 * no bump (a customer is cached only once read), and nothing deletes customers.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CustomerAttributes } from '../rollups/contribute.ts';
import type { DB } from '../schema.ts';

const GENERATION = 'customers';
/** Beyond this many customers the cache starts again (about 100 MB). */
const MAX_ENTRIES = 1_000_000;

export class CustomerCache {
  private generation: number | null = null;
  private readonly byId = new Map<string, CustomerAttributes>();
  /** one object per (segment, region): a few hundred shared by every customer */
  private readonly interned = new Map<string, CustomerAttributes>();

  /** Drops everything when another write changed customers. Call under the writer lock. */
  async sync(trx: Transaction<DB>): Promise<void> {
    const generation = await readGeneration(trx);
    if (generation !== this.generation) {
      this.byId.clear();
      this.generation = generation;
    }
  }

  get(id: string): CustomerAttributes | undefined {
    return this.byId.get(id);
  }

  set(id: string, segment: string | null, region: string | null): CustomerAttributes {
    const key = `${segment ?? '\u0001'}\u0000${region ?? '\u0001'}`;
    let attrs = this.interned.get(key);
    if (!attrs) {
      attrs = { segment, region };
      this.interned.set(key, attrs);
    }
    if (this.byId.size >= MAX_ENTRIES) this.byId.clear();
    this.byId.set(id, attrs);
    return attrs;
  }
}

const caches = new WeakMap<Kysely<DB>, CustomerCache>();

/** The cache of one database (one per opened database, shared by its writes). */
export function customerCacheOf(db: Kysely<DB>): CustomerCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new CustomerCache();
    caches.set(db, cache);
  }
  return cache;
}

async function readGeneration(trx: Transaction<DB>): Promise<number> {
  const row = await trx
    .selectFrom('generations')
    .select('value')
    .where('name', '=', GENERATION)
    .executeTakeFirst();
  return Number(row?.value ?? 0);
}

/** Stored customers changed segment or region: every process's cache must start again. */
export async function bumpCustomerGeneration(trx: Transaction<DB>): Promise<void> {
  await trx
    .insertInto('generations')
    .values({ name: GENERATION, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('generations.value', '+', 1) })))
    .execute();
}
