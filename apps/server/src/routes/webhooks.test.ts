/** Webhooks through the API (admins): the secret shown once, rotation, validation, audit. */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { WEBHOOK_EVENTS, ZAuditList, ZCreatedWebhook, ZError, ZWebhook } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TestApp as App, createTestApp } from '../testing.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
let database: Database;
let admin: App;

async function call(method: string, path: string, body?: unknown, app = admin) {
  const res = await app.request(path, {
    method,
    headers: JSON_HEADERS,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
}

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  admin = await createTestApp({ database });
});
afterEach(async () => {
  await database.close();
});

describe('webhooks', () => {
  it('the secret is shown at creation only; a rotation shows the new one once', async () => {
    const created = await call('POST', '/api/v1/webhooks', {
      name: 'CRM',
      url: 'https://crm.example.com/hooks/parcours',
    });
    expect(created.status).toBe(201);
    const hook = ZCreatedWebhook.parse(created.body);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(hook.events).toEqual([...WEBHOOK_EVENTS]);
    expect(hook.secret.startsWith(hook.secret_prefix)).toBe(true);
    const listed = z.array(ZWebhook).parse((await call('GET', '/api/v1/webhooks')).body);
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    expect(listed[0]?.deliveries).toEqual({
      pending: 0,
      delivered: 0,
      failed: 0,
      last_error: null,
      last_delivered_at: null,
    });
    const rotated = await call('PATCH', `/api/v1/webhooks/${hook.id}`, {
      rotate_secret: true,
      events: ['case.closed'],
    });
    expect(rotated.status).toBe(200);
    const r = ZWebhook.extend({ secret: z.string() }).parse(rotated.body);
    expect(r.secret).not.toBe(hook.secret);
    expect(r.events).toEqual(['case.closed']);
    const plain = await call('PATCH', `/api/v1/webhooks/${hook.id}`, { active: false });
    expect(plain.body).not.toHaveProperty('secret');
    expect((await call('DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/webhooks/${hook.id}`)).status).toBe(404);
    const trail = ZAuditList.parse((await call('GET', '/api/v1/audit')).body);
    const actions = trail.items.map((e) => e.action).filter((a) => a.startsWith('webhook.'));
    expect(actions).toEqual(['webhook.delete', 'webhook.update', 'webhook.update', 'webhook.create']);
    // the audit trail never holds a secret
    expect(JSON.stringify(trail)).not.toContain(hook.secret);
    expect(JSON.stringify(trail)).not.toContain(r.secret);
  });

  it.each([
    [{ name: 'x', url: 'ftp://example.com' }, 'url'],
    [{ name: 'x', url: 'not a url' }, 'url'],
    [{ name: '', url: 'https://example.com' }, 'name'],
    [{ name: 'x', url: 'https://example.com', events: ['case.exploded'] }, 'events.0'],
    [{ name: 'x', url: 'https://example.com', events: [] }, 'events'],
  ])('refuses %j (field %s)', async (input, field) => {
    const r = await call('POST', '/api/v1/webhooks', input);
    expect(r.status).toBe(400);
    expect(ZError.parse(r.body).error.details?.map((d) => d.field)).toContain(field);
  });

  it('admins only', async () => {
    const lead = await createTestApp({ database }, 'team_lead', 'lyon');
    expect((await call('GET', '/api/v1/webhooks', undefined, lead)).status).toBe(403);
    expect(
      (await call('POST', '/api/v1/webhooks', { name: 'x', url: 'https://example.com' }, lead)).status,
    ).toBe(403);
  });
});
