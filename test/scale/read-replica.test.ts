/**
 * Read-replica routing: with PARCOURS_READ_DATABASE_URL, dashboard reads (KPIs, drill-down,
 * customers, reference) come from the replica, and everything else (ingestion, goals,
 * sessions, the audit trail) from the primary. The "replica" here is a second schema with
 * different data, opened read-only like a real replica: an answer tells which one it came
 * from, and a write sent to it would fail.
 *
 * Runs in the `postgres` test project (PARCOURS_TEST_PG_URL); skipped without PostgreSQL.
 */
import { type Database, ensureSettings, ingest, migrateToLatest, openDatabase } from '@parcours/db';
import { createTestSchema } from '@parcours/db/testing';
import type { KpiResponse } from '@parcours/domain';
import { createApp } from '@parcours/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, credentials } from './support.ts';

const PG = process.env.PARCOURS_TEST_DATABASE_URL || process.env.PARCOURS_TEST_PG_URL || '';
const MARCH = '?from=2026-03-01&to=2026-04-01&compare=false';

const ORG = {
  departments: [{ id: 'svc', name: 'Service client' }],
  teams: [{ id: 'lyon', name: 'Centre Lyon', department_id: 'svc' }],
  touchpoints: [
    {
      id: 'phone',
      name: 'Téléphone',
      channel: 'phone',
      stage: 'service',
      media: 'owned',
      presence: 'digital',
      team_id: 'lyon',
    },
  ],
  customers: [
    { id: 'c1', name: 'Hélène Dupont' },
    { id: 'c2', name: 'Marc Leroy' },
  ],
};

const contacts = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    customer_id: i % 2 ? 'c1' : 'c2',
    touchpoint_id: 'phone',
    occurred_at: `2026-03-${String((i % 27) + 1).padStart(2, '0')}T10:00:00Z`,
    kind: i % 4 === 0 ? 'complaint' : 'contact',
  }));

async function seed(database: Database, prefix: string, n: number) {
  await migrateToLatest(database.db);
  await ensureSettings(database.db, { time_zone: 'UTC' });
  for (const [kind, records] of Object.entries(ORG)) await ingest(database, kind as 'customers', records);
  await ingest(database, 'interactions', contacts(prefix, n));
}

describe.skipIf(!PG)('dashboard reads from a read replica', () => {
  const drops: (() => Promise<void>)[] = [];
  let routed: Database;
  let creds: Credentials;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const primary = await createTestSchema(PG);
    const replica = await createTestSchema(PG);
    drops.push(primary.drop, replica.drop);
    // the primary holds 10 interactions, the "replica" (a stale, different copy) 4
    for (const [scoped, prefix, n] of [
      [primary, 'p', 10],
      [replica, 'r', 4],
    ] as const) {
      const writable = openDatabase({ url: scoped.url, maxConnections: 1 });
      await seed(writable, prefix, n);
      await writable.close();
    }
    routed = openDatabase({ url: primary.url, readUrl: replica.url, maxConnections: 2 });
    creds = await credentials(routed, 'replica');
    app = createApp({ database: routed });
  });

  afterAll(async () => {
    await routed?.close();
    for (const drop of drops) await drop();
  });

  const get = async <T>(path: string): Promise<T> => {
    const res = await app.request(path, { headers: creds.read });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };

  it('KPIs, drill-down, customers and reference are read from the replica', async () => {
    expect(routed.readDb).not.toBe(routed.db);
    expect(routed.readDescription).toMatch(/^PostgreSQL replica /);
    const kpis = await get<KpiResponse>(`/api/v1/kpis${MARCH}`);
    expect(kpis.total.complaint_rate?.n).toBe(4);
    const drill = await get<{ total: number; items: { id: string }[] }>(
      `/api/v1/kpis/complaint_rate/records${MARCH}&subset=interactions`,
    );
    expect(drill.total).toBe(4);
    expect(drill.items.every((i) => i.id.startsWith('r'))).toBe(true);
    const timeline = await get<{ items: { id: string }[] }>('/api/v1/customers/c1/timeline');
    expect(timeline.items.map((i) => i.id).every((id) => id.startsWith('r'))).toBe(true);
    const search = await get<{ total: number }>('/api/v1/customers?q=dupont');
    expect(search.total).toBe(1);
    const reference = await get<{ touchpoints: unknown[] }>('/api/v1/reference');
    expect(reference.touchpoints).toHaveLength(1);
  });

  it('ingestion and everything transactional go to the primary', async () => {
    const before = await routed.db.selectFrom('interactions').select('id').execute();
    expect(before).toHaveLength(10);
    const res = await app.request('/api/v1/ingest/interactions', {
      method: 'POST',
      headers: creds.ingest,
      body: JSON.stringify({ records: contacts('new', 3) }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await routed.db.selectFrom('interactions').select('id').execute()).toHaveLength(13);
    expect(await routed.readDb.selectFrom('interactions').select('id').execute()).toHaveLength(4);
    // reads from the replica leave their audit rows on the primary (the replica is read-only)
    const audit = await routed.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['records.view', 'customer.view'])
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    // goals are read and written on the primary: a new goal is listed at once
    const created = await app.request('/api/v1/goals', {
      method: 'POST',
      headers: { ...creds.read, 'content-type': 'application/json' },
      body: JSON.stringify({ kpi: 'complaint_rate', scope_type: 'company', period: '2026-03', target: 20 }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const goals = await get<unknown[] | { goals: unknown[] }>('/api/v1/goals?period=2026-03');
    expect(Array.isArray(goals) ? goals : goals.goals).toHaveLength(1);
  });

  it('the replica pool refuses writes', async () => {
    const error = await routed.readDb
      .insertInto('departments')
      .values({ id: 'x', name: 'x', updated_at: 0 })
      .execute()
      .catch((e) => e);
    expect(String(error?.message)).toMatch(/read-only transaction/);
  });
});
