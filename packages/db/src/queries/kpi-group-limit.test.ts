/**
 * A KPI request's group-by is refused before any record is read when it would make more
 * groups than `maxGroups`. The count is an upper bound known in advance, and never below
 * the groups the answer really has.
 */
import { GROUP_BYS, type GroupBy, KPI_IDS, type Scope } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../dialect.ts';
import { TooCostlyError } from '../errors.ts';
import { ingest } from '../ingest/writer.ts';
import { openTestDatabase, seedOrganisation } from '../testing.ts';
import { computeKpis } from './kpis.ts';

let database: Database;
beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  // a record for every customer (one without a segment or region) on every touchpoint
  const customers = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
  const touchpoints = ['phone', 'livechat', 'site', 'reviews'];
  await ingest(
    database,
    'interactions',
    customers.flatMap((c, i) =>
      touchpoints.map((t, j) => ({
        id: `x-${c}-${t}`,
        customer_id: c,
        touchpoint_id: t,
        occurred_at: `2026-03-${String(1 + i + j).padStart(2, '0')}T10:00:00Z`,
        kind: 'contact',
      })),
    ),
  );
});
afterEach(async () => {
  await database.close();
});

const MARCH = { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) };
const ask = (groupBy: GroupBy, maxGroups?: number, scope?: Scope, filters = {}) =>
  computeKpis(database.db, 'UTC', {
    window: MARCH,
    filters,
    groupBy,
    kpis: KPI_IDS,
    compare: true,
    ...(scope ? { scope } : {}),
    ...(maxGroups === undefined ? {} : { maxGroups }),
  });

describe('maxGroups', () => {
  // the seeded organisation: 2 departments, 3 teams, 4 touchpoints on 4 channels, 3 stages,
  // 2 media, 1 presence; customers in 3 segments and 3 regions, one with neither
  const BOUNDS: Record<GroupBy, number> = {
    department: 2,
    team: 3,
    touchpoint: 4,
    stage: 3,
    channel: 4,
    media: 2,
    presence: 1,
    segment: 4,
    region: 4,
    day: 31,
    week: 6,
    month: 1,
  };

  it.each(GROUP_BYS)(
    'groupBy=%s: refused above its bound, answered at it, never more groups than the bound',
    async (groupBy) => {
      const bound = BOUNDS[groupBy];
      const error = await ask(groupBy, bound - 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooCostlyError);
      expect((error as TooCostlyError).details).toEqual([
        { field: 'groupBy', reason: expect.stringContaining(`groupBy=${groupBy}`) },
      ]);
      expect((error as TooCostlyError).message).toContain(`makes ${bound} `);
      const answer = await ask(groupBy, bound);
      expect(answer.groups.length).toBeLessThanOrEqual(bound);
      expect(answer.groups.length).toBeGreaterThan(0);
    },
  );

  it('counts what the scope and the filters leave', async () => {
    const lyon: Scope = { kind: 'team', teamId: 'lyon' };
    expect((await ask('team', 1, lyon)).groups.map((g) => g.key)).toEqual(['lyon']);
    // a department narrows the teams, not the touchpoints their records were on
    await expect(ask('team', 2, undefined, { department: ['svc'] })).resolves.toBeDefined();
    await expect(ask('touchpoint', 3, undefined, { department: ['svc'] })).rejects.toThrow(TooCostlyError);
    await expect(ask('touchpoint', 1, undefined, { touchpoint: ['phone', 'site'] })).rejects.toThrow(
      TooCostlyError,
    );
    await expect(ask('stage', 1, undefined, { channel: ['phone', 'chat'] })).resolves.toBeDefined();
    await expect(ask('segment', 1, undefined, { segment: ['Premium'] })).resolves.toBeDefined();
  });

  it('is not checked without maxGroups (goal status, a customer profile)', async () => {
    expect((await ask('touchpoint')).groups).toHaveLength(4);
  });
});
