/**
 * The writer's customer cache: what a process cached must never outlive a change made by
 * another process on the same database (two servers on one PostgreSQL, or the CLI importing
 * beside a running server on one SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../dialect.ts';
import { migrateToLatest } from '../migrations/index.ts';
import { computeKpis } from '../queries/kpis.ts';
import { ensureSettings } from '../queries/settings.ts';
import { rollupsAreClean, verifyRollups } from '../rollups/recompute.ts';
import { createTestSchema, seedOrganisation, testDatabaseUrl } from '../testing.ts';
import { importCsv } from './csv.ts';
import { ingest } from './writer.ts';

/** Two handles (two pools, two caches) on one database, as two processes would have. */
async function twoProcesses(): Promise<{ a: Database; b: Database; close: () => Promise<void> }> {
  const pg = testDatabaseUrl();
  if (pg) {
    const schema = await createTestSchema(pg);
    const a = openDatabase({ url: schema.url, maxConnections: 2 });
    await migrateToLatest(a.db);
    const b = openDatabase({ url: schema.url, maxConnections: 2 });
    return {
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
        await schema.drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'parcours-cache-'));
  const file = join(dir, 'parcours.db');
  const a = openDatabase({ url: file });
  await migrateToLatest(a.db);
  const b = openDatabase({ url: file });
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const visit = (id: string, customer: string, at: string) => ({
  id,
  customer_id: customer,
  touchpoint_id: 'site',
  occurred_at: at,
  kind: 'visit',
  converted: true,
});

describe('customer cache', () => {
  it("sees another process's customer move before its next batch", async () => {
    const handles = await twoProcesses();
    close = handles.close;
    const { a, b } = handles;
    await ensureSettings(a.db, { time_zone: 'Europe/Paris' });
    await seedOrganisation(a);

    // A reads c1 (Premium, Bretagne) and keeps it
    await ingest(a, 'interactions', [visit('i1', 'c1', '2026-03-02T10:00:00Z')]);
    // B moves c1, taking i1's contribution along
    await ingest(b, 'customers', [
      { id: 'c1', name: 'Hélène Dupont', segment: 'Jeune', region: 'Corse', acquired_at: '2024-01-10' },
    ]);
    // A writes another record of c1: it must count under c1's new segment and region
    await ingest(a, 'interactions', [visit('i2', 'c1', '2026-03-03T10:00:00Z')]);

    expect(rollupsAreClean(await verifyRollups(a.db, 'Europe/Paris'))).toBe(true);
    const bySegment = await computeKpis(a.db, 'Europe/Paris', {
      window: { from: Date.parse('2026-03-01T00:00:00+01:00'), to: Date.parse('2026-03-08T00:00:00+01:00') },
      filters: { segment: ['Jeune'] },
      groupBy: null,
      kpis: ['conversion'],
      compare: false,
    });
    expect(bySegment.total.conversion?.n).toBe(2);
  });

  it('a change that is rolled back leaves the cache in use, and right', async () => {
    const handles = await twoProcesses();
    close = handles.close;
    const { a, b } = handles;
    await ensureSettings(a.db, { time_zone: 'Europe/Paris' });
    await seedOrganisation(a);
    await ingest(a, 'interactions', [visit('i1', 'c3', '2026-03-02T10:00:00Z')]);
    // B's import moves c3 in its first chunk, then meets a bad row: all of it rolls back
    const csv = 'id,name,segment,region\nc3,Zoé Martin,Premium,Corse\nc9,,Premium,Corse\n';
    await expect(importCsv(b, 'customers', Readable.from([csv]), { chunkSize: 1 })).rejects.toThrow(
      /nothing was written/,
    );
    await ingest(a, 'interactions', [visit('i2', 'c3', '2026-03-03T10:00:00Z')]);
    expect(rollupsAreClean(await verifyRollups(a.db, 'Europe/Paris'))).toBe(true);
  });
});
