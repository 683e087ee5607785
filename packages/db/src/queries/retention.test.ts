/**
 * Retention (kpis.md): S = customers acquired before `from` and not churned before it;
 * retained = those of S not churned before `to`. Over all customers it is counted over
 * index ranges, narrowed by segment it is counted customer by customer: both must agree
 * with the definition, computed here by brute force, for any customers and any window.
 */

import type { GroupBy } from '@parcours/domain';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../dialect.ts';
import { ingest } from '../ingest/writer.ts';
import { ORG_CUSTOMERS, ORG_TEAMS, ORG_TOUCHPOINTS, openTestDatabase, seedOrganisation } from '../testing.ts';
import { computeKpis } from './kpis.ts';

const DAY = 86_400_000;
const BASE = Date.parse('2026-01-01T00:00:00Z');

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

const arbCustomer = fc
  .record({
    acquired: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    churnAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    segment: fc.constantFrom('Premium', 'Jeune'),
  })
  .map((c) => ({
    ...c,
    // churned is never before acquired (the writer refuses it); without an acquisition
    // date a churn date is kept, and such a customer is in no S
    churned: c.churnAfter === null ? null : (c.acquired ?? 30) + c.churnAfter,
  }));

describe('retention', () => {
  it('equals the definition for any customers and window, over all customers and by segment', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbCustomer, { minLength: 0, maxLength: 25 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 1, max: 40 }),
        async (customers, fromDay, days) => {
          database = await openTestDatabase();
          await seedOrganisation(database);
          if (customers.length > 0)
            await ingest(
              database,
              'customers',
              customers.map((c, i) => ({
                id: `r${i}`,
                name: `Client ${i}`,
                segment: c.segment,
                acquired_at: c.acquired === null ? null : new Date(BASE + c.acquired * DAY).toISOString(),
                churned_at: c.churned === null ? null : new Date(BASE + c.churned * DAY).toISOString(),
              })),
            );
          // the seeded customers count too: read them back as stored
          const stored = await database.db
            .selectFrom('customers')
            .select(['segment', 'acquired_at', 'churned_at'])
            .execute();
          const from = BASE + fromDay * DAY;
          const to = from + days * DAY;
          const expected = (segment?: string) => {
            const s = stored.filter(
              (c) =>
                (segment === undefined || c.segment === segment) &&
                c.acquired_at !== null &&
                c.acquired_at < from &&
                (c.churned_at === null || c.churned_at >= from),
            );
            return {
              n: s.length,
              retained: s.filter((c) => c.churned_at === null || c.churned_at >= to).length,
            };
          };
          for (const segment of [undefined, 'Premium']) {
            const answer = await computeKpis(database.db, 'UTC', {
              window: { from, to },
              filters: segment ? { segment: [segment] } : {},
              groupBy: null,
              kpis: ['retention'],
              compare: false,
            });
            const { n, retained } = expected(segment);
            const r = answer.total.retention;
            expect(r?.n).toBe(n);
            if (n === 0) expect(r?.value ?? null).toBeNull();
            else expect(r?.value).toBeCloseTo((retained / n) * 100, 9);
          }
          await database.close();
          database = undefined;
        },
      ),
      { numRuns: 40 },
    );
  });
});

const arbInteraction = fc.record({
  customer: fc.constantFrom(...ORG_CUSTOMERS),
  touchpoint: fc.constantFrom(...ORG_TOUCHPOINTS),
  team: fc.option(fc.constantFrom(...ORG_TEAMS), { nil: null }),
  day: fc.integer({ min: 0, max: 120 }),
});

describe('retention by group', () => {
  it('counts, in each group, the customers of S with a matching interaction in the window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbInteraction, { minLength: 0, maxLength: 30 }),
        fc.constantFrom<GroupBy | null>(
          null,
          'touchpoint',
          'team',
          'segment',
          'region',
          'channel',
          'department',
          'month',
        ),
        fc.option(fc.subarray<string>([...ORG_TOUCHPOINTS], { minLength: 1 }), { nil: undefined }),
        fc.option(fc.constantFrom<string[]>(['Premium'], ['Particulier', 'Professionnel']), {
          nil: undefined,
        }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 20, max: 80 }),
        async (interactions, groupBy, touchpoint, segment, fromDay, days) => {
          database = await openTestDatabase();
          await seedOrganisation(database);
          // the seeded customers were acquired in 2024-2026; some churned in 2026
          if (interactions.length > 0)
            await ingest(
              database,
              'interactions',
              interactions.map((x, i) => ({
                id: `g${i}`,
                customer_id: x.customer,
                touchpoint_id: x.touchpoint,
                team_id: x.team,
                occurred_at: new Date(BASE + x.day * DAY + 3_600_000).toISOString(),
                kind: 'visit',
              })),
            );
          const from = BASE + fromDay * DAY;
          const to = from + days * DAY;
          const customers = await database.db.selectFrom('customers').selectAll().execute();
          const stored = await database.db.selectFrom('interactions').selectAll().execute();
          const touchpoints = await database.db.selectFrom('touchpoints').selectAll().execute();
          const teams = await database.db.selectFrom('teams').selectAll().execute();
          const inS = (c: (typeof customers)[number]) =>
            c.acquired_at !== null && c.acquired_at < from && (c.churned_at === null || c.churned_at >= from);
          const kept = (c: (typeof customers)[number]) => c.churned_at === null || c.churned_at >= to;
          const interactionScoped =
            touchpoint !== undefined ||
            ['touchpoint', 'team', 'channel', 'department'].includes(groupBy ?? '');
          // the definition, group by group
          const expected = new Map<string, { n: number; retained: number }>();
          const count = (key: string, c: (typeof customers)[number], seen: Set<string>) => {
            if (seen.has(`${key}|${c.id}`)) return;
            seen.add(`${key}|${c.id}`);
            const e = expected.get(key) ?? { n: 0, retained: 0 };
            e.n++;
            if (kept(c)) e.retained++;
            expected.set(key, e);
          };
          const seen = new Set<string>();
          for (const c of customers) {
            if (!inS(c) || (segment && !segment.includes(c.segment ?? ''))) continue;
            if (groupBy === 'month') continue; // months: checked below on their total only
            if (!interactionScoped) {
              count(
                groupBy === 'segment' ? (c.segment ?? '') : groupBy === 'region' ? (c.region ?? '') : 'total',
                c,
                seen,
              );
              continue;
            }
            for (const i of stored) {
              if (i.customer_id !== c.id || i.occurred_at < from || i.occurred_at >= to) continue;
              if (touchpoint && !touchpoint.includes(i.touchpoint_id)) continue;
              const key =
                groupBy === 'touchpoint'
                  ? i.touchpoint_id
                  : groupBy === 'team'
                    ? i.team_id
                    : groupBy === 'channel'
                      ? (touchpoints.find((t) => t.id === i.touchpoint_id)?.channel ?? '')
                      : groupBy === 'department'
                        ? (teams.find((t) => t.id === i.team_id)?.department_id ?? '')
                        : groupBy === 'segment'
                          ? (c.segment ?? '')
                          : groupBy === 'region'
                            ? (c.region ?? '')
                            : 'total';
              count(key, c, seen);
            }
          }
          const answer = await computeKpis(database.db, 'UTC', {
            window: { from, to },
            filters: { touchpoint, segment },
            groupBy,
            kpis: ['retention'],
            compare: false,
          });
          if (groupBy === null) {
            const e = expected.get('total') ?? { n: 0, retained: 0 };
            expect(answer.total.retention?.n).toBe(e.n);
          } else if (groupBy !== 'month') {
            const got = new Map(
              answer.groups
                .filter((g) => (g.kpis.retention?.n ?? 0) > 0)
                .map((g) => [
                  g.key,
                  {
                    n: g.kpis.retention?.n ?? 0,
                    retained: Math.round(((g.kpis.retention?.value ?? 0) * (g.kpis.retention?.n ?? 0)) / 100),
                  },
                ]),
            );
            expect(got).toEqual(expected);
          }
          await database.close();
          database = undefined;
        },
      ),
      { numRuns: 60 },
    );
  });
});
