/**
 * One customer's records are read through the week-led indexes (customer-records.ts), never
 * by scanning the record tables: checked on the plans SQLite chooses for every statement
 * the customer pages run. (Timings live in `pnpm bench`, not here.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../dialect.ts';
import { ingest } from '../ingest/writer.ts';
import { openTestDatabase, seedOrganisation, testDatabaseUrl } from '../testing.ts';
import { customerRecords, tableWeeks } from './customer-records.ts';
import { customerInScope, customerProfile, customerTimeline } from './customers.ts';

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function seeded(): Promise<Database> {
  const db = await openTestDatabase('Europe/Paris');
  await seedOrganisation(db);
  await ingest(db, 'interactions', [
    {
      id: 'i1',
      customer_id: 'c1',
      touchpoint_id: 'phone',
      occurred_at: '2025-12-30T10:00:00Z',
      kind: 'contact',
    },
    {
      id: 'i2',
      customer_id: 'c1',
      touchpoint_id: 'site',
      occurred_at: '2026-03-02T10:00:00Z',
      kind: 'visit',
    },
    {
      id: 'i3',
      customer_id: 'c2',
      touchpoint_id: 'site',
      occurred_at: '2026-03-09T10:00:00Z',
      kind: 'visit',
    },
  ]);
  await ingest(db, 'feedback', [
    {
      id: 'f1',
      customer_id: 'c1',
      touchpoint_id: 'phone',
      interaction_id: 'i1',
      submitted_at: '2025-12-30T11:00:00Z',
      survey: 'nps',
      score: 3,
    },
  ]);
  return db;
}

describe.skipIf(testDatabaseUrl() !== null)('customer reads on SQLite', () => {
  it.each([
    ['continuous data', []],
    [
      'one record far from the rest (only the weeks with records are probed)',
      [
        {
          id: 'far',
          customer_id: 'c3',
          touchpoint_id: 'site',
          occurred_at: '2200-12-31T10:00:00Z',
          kind: 'visit',
        },
      ],
    ],
  ])('seek the week-led indexes and never scan the record tables: %s', async (_, extra) => {
    database = await seeded();
    if (extra.length > 0) await ingest(database, 'interactions', extra);
    const sqlite = database.sqlite;
    if (!sqlite) throw new Error('SQLite expected');
    const seen: { source: string; params: unknown[] }[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      const statement = prepare(source);
      const all = statement.all.bind(statement);
      statement.all = ((...params: unknown[]) => {
        seen.push({ source, params: params.flat() });
        return all(...(params as []));
      }) as typeof statement.all;
      return statement;
    }) as typeof sqlite.prepare;

    const timeline = await customerTimeline(database.db, 'Europe/Paris', 'c1', null, 50);
    expect(timeline.items.map((i) => i.id)).toEqual(['i2', 'f1', 'i1']);
    const profile = await customerProfile(database.db, 'Europe/Paris', 'c1');
    expect(profile?.counts).toMatchObject({ interactions: 2, feedback: 1 });
    // a team lead of Lyon may see c1 (i1 went through the phone line Lyon owns), not c2
    expect(await customerInScope(database.db, 'c1', { kind: 'team', teamId: 'lyon' })).toBe(true);
    expect(await customerInScope(database.db, 'c2', { kind: 'team', teamId: 'lyon' })).toBe(false);

    const recordReads = seen.filter((s) => /from "(interactions|feedback)"/.test(s.source));
    expect(recordReads.length).toBeGreaterThan(4);
    for (const { source, params } of recordReads) {
      const plan = prepare(`explain query plan ${source}`)
        .all(...params)
        .map((r) => (r as { detail: string }).detail);
      // a SCAN of a record table reads every row (or every index entry) it holds
      expect(
        plan.filter((d) => /^SCAN (interactions|feedback)\b/.test(d)),
        source,
      ).toEqual([]);
    }
  });
});

describe('customer records', () => {
  it('name every week from the first record to the last, as the engine divides', async () => {
    database = await seeded();
    const weeks = await tableWeeks(database.db, 'interactions');
    const week = (iso: string) => Math.trunc(Date.parse(iso) / 604_800_000);
    expect(weeks?.[0]).toBe(week('2025-12-30T10:00:00Z'));
    expect(weeks?.at(-1)).toBe(week('2026-03-09T10:00:00Z'));
    expect(weeks).toHaveLength(week('2026-03-09T10:00:00Z') - week('2025-12-30T10:00:00Z') + 1);
  });

  it('one record far from the rest: only the weeks with records are probed, and every record is found', async () => {
    database = await seeded();
    await ingest(database, 'interactions', [
      {
        id: 'far',
        customer_id: 'c1',
        touchpoint_id: 'site',
        occurred_at: '2200-12-31T10:00:00Z',
        kind: 'visit',
      },
      {
        id: 'early',
        customer_id: 'c2',
        touchpoint_id: 'site',
        occurred_at: '1900-01-01T10:00:00Z',
        kind: 'visit',
      },
    ]);
    const week = (iso: string) => Math.trunc(Date.parse(iso) / 604_800_000);
    // before: every week from 1900 to 2200 (15,700), past the probe limit, so a scan by customer
    expect(await tableWeeks(database.db, 'interactions')).toEqual(
      [
        '1900-01-01T10:00:00Z',
        '2025-12-30T10:00:00Z',
        '2026-03-02T10:00:00Z',
        '2026-03-09T10:00:00Z',
        '2200-12-31T10:00:00Z',
      ].map(week),
    );
    const profile = await customerProfile(database.db, 'Europe/Paris', 'c1');
    expect(profile?.counts.interactions).toBe(3);
    expect(profile?.lastSeenAt).toContain('2200-12-31');
    const timeline = await customerTimeline(database.db, 'Europe/Paris', 'c2', null, 50);
    expect(timeline.items.map((i) => i.id)).toEqual(['i3', 'early']);
  });

  it('an empty table has no weeks, and its customer no records', async () => {
    database = await openTestDatabase();
    await seedOrganisation(database);
    expect(await customerRecords(database.db, 'c1')).toEqual({
      id: 'c1',
      weeks: { interactions: [], feedback: [] },
    });
    expect((await customerTimeline(database.db, 'UTC', 'c1', null, 50)).items).toEqual([]);
  });
});
