/**
 * Retention (kpis.md): S = customers acquired before `from` and not churned before it;
 * retained = those of S not churned before `to`. Over all customers it is counted over
 * index ranges, narrowed by segment it is counted customer by customer: both must agree
 * with the definition, computed here by brute force, for any customers and any window.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../dialect.ts';
import { ingest } from '../ingest/writer.ts';
import { openTestDatabase, seedOrganisation } from '../testing.ts';
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
