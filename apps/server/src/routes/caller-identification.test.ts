/**
 * An agent identifies a first-time caller outside their scope by exact e-mail or id
 * (decision 017): the search says who it is, the customer's page then opens for that agent
 * only and for a while, and every identification is audited. A partial match identifies
 * nobody, and a user who sees every customer needs no identification.
 */
import { CALLER_IDENTIFICATION_MS, type Database, ingest } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { ZAuditList, ZCustomerList, ZCustomerProfile, ZTimeline } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, ok, refused, type TestApp } from '../testing.ts';

let database: Database;
let admin: TestApp;
let agent: TestApp;
let colleague: TestApp;

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  // c1 dealt with the Lyon team; c4 (paul@example.com) only with the web team
  await ingest(database, 'interactions', [
    {
      id: 'i1',
      customer_id: 'c1',
      touchpoint_id: 'phone',
      occurred_at: '2026-03-10T10:00:00Z',
      kind: 'contact',
    },
    {
      id: 'i4',
      customer_id: 'c4',
      touchpoint_id: 'site',
      occurred_at: '2026-03-12T10:00:00Z',
      kind: 'purchase',
    },
  ]);
  admin = await createTestApp({ database });
  agent = await createTestApp({ database }, 'agent', 'lyon');
  colleague = await createTestApp({ database }, 'agent', 'lyon');
});
afterEach(async () => {
  vi.useRealTimers();
  await database.close();
});

const search = (app: TestApp, q: string) =>
  ok(ZCustomerList, app, 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`);

describe('identifying a caller outside the scope', () => {
  it('by exact e-mail, whatever its case: the search names them and their page opens, audited', async () => {
    // before: the customer is outside the agent's scope, and answers like an unknown one
    await refused(agent, 'GET', '/api/v1/customers/c4', undefined, 404);
    const found = await search(agent, 'Paul@Example.com');
    expect(found.items).toEqual([]);
    expect(found.identified?.id).toBe('c4');
    expect(found.identified?.name).toBe('Paul Durand');

    const profile = await ok(ZCustomerProfile, agent, 'GET', '/api/v1/customers/c4');
    expect(profile.customer.id).toBe('c4');
    const timeline = await ok(ZTimeline, agent, 'GET', '/api/v1/customers/c4/timeline');
    expect(timeline.items.map((item) => item.id)).toEqual(['i4']);

    const trail = await ok(ZAuditList, admin, 'GET', '/api/v1/audit?action=customer.identify');
    expect(trail.items.map((e) => [e.target, JSON.parse(e.details ?? 'null')])).toEqual([
      ['c4', { query: 'Paul@Example.com' }],
    ]);
  });

  it('by exact customer id', async () => {
    expect((await search(agent, 'c4')).identified?.id).toBe('c4');
    await ok(ZCustomerProfile, agent, 'GET', '/api/v1/customers/c4');
  });

  it('not by a part of a name, an e-mail or an id, nor an unknown one', async () => {
    for (const q of ['Paul', 'paul@example', 'example.com', 'c', 'nobody@example.com']) {
      expect((await search(agent, q)).identified, q).toBeNull();
    }
    await refused(agent, 'GET', '/api/v1/customers/c4', undefined, 404);
    const trail = await ok(ZAuditList, admin, 'GET', '/api/v1/audit?action=customer.identify');
    expect(trail.items).toEqual([]);
  });

  it('opens the page for the agent who identified the caller only, and for a while', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-20T09:00:00Z'));
    await search(agent, 'paul@example.com');
    await refused(colleague, 'GET', '/api/v1/customers/c4', undefined, 404);
    vi.setSystemTime(new Date(Date.parse('2026-03-20T09:00:00Z') + CALLER_IDENTIFICATION_MS - 60_000));
    await ok(ZCustomerProfile, agent, 'GET', '/api/v1/customers/c4');
    vi.setSystemTime(new Date(Date.parse('2026-03-20T09:00:00Z') + CALLER_IDENTIFICATION_MS + 60_000));
    await refused(agent, 'GET', '/api/v1/customers/c4', undefined, 404);
    // a new call identifies them again
    await search(agent, 'paul@example.com');
    await ok(ZCustomerProfile, agent, 'GET', '/api/v1/customers/c4');
  });

  it('is not needed in the scope, nor for a user who sees every customer', async () => {
    const inScope = await search(agent, 'helene@example.fr');
    expect(inScope.items.map((c) => c.id)).toEqual(['c1']);
    expect(inScope.identified).toBeNull();
    expect((await search(admin, 'paul@example.com')).identified).toBeNull();
    const trail = await ok(ZAuditList, admin, 'GET', '/api/v1/audit?action=customer.identify');
    expect(trail.items).toEqual([]);
  });
});
