/**
 * Webhooks through the API (admins): the secret shown once, rotation, validation, audit,
 * and destinations: loopback, private and other non-public addresses are refused, by IP or
 * by what a name resolves to (a DNS of the test's own, so no test asks the real one).
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { WEBHOOK_EVENTS, ZAuditList, ZCreatedWebhook, ZError, ZWebhook } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TestApp as App, createTestApp } from '../testing.ts';
import type { WebhookNetworkPolicy } from '../webhooks/destination.ts';

/** The test's DNS: public names, names pointing inside, and no answer for the rest. */
const DNS: Record<string, string[]> = {
  'crm.example.com': ['93.184.215.14'],
  'example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  localhost: ['127.0.0.1', '::1'],
  'intranet.corp.test': ['10.20.30.40'],
  'metadata.cloud.test': ['169.254.169.254'],
  'mixed.partner.test': ['93.184.215.14', '192.168.0.10'],
};
const resolve: WebhookNetworkPolicy['resolve'] = async (host) => {
  const addresses = DNS[host];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

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
  admin = await createTestApp({ database, webhookNetwork: { allowPrivate: false, resolve } });
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

  it.each([
    ['http://127.0.0.1:8080/hooks', '127.0.0.1 is a loopback address'],
    ['http://localhost:3000/hooks', "'localhost' resolves to 127.0.0.1 is a loopback address"],
    ['http://10.1.2.3/', '10.1.2.3 is a private address'],
    ['http://172.16.0.1/', '172.16.0.1 is a private address'],
    ['http://172.31.255.254/', '172.31.255.254 is a private address'],
    ['http://192.168.1.20/', '192.168.1.20 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['http://0.0.0.0:3000/', '0.0.0.0 is the unspecified address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://[::]/', ':: is the unspecified address'],
    ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['http://[fd12:3456::1]/', 'fd12:3456::1 is a unique-local address'],
    ['http://[::ffff:127.0.0.1]/', '127.0.0.1 is a loopback address'],
    ['http://[::ffff:a01:203]/', '10.1.2.3 is a private address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'], // 127.0.0.1 written as one number
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['https://intranet.corp.test/hooks', "'intranet.corp.test' resolves to 10.20.30.40 is a private address"],
    [
      'https://metadata.cloud.test/',
      "'metadata.cloud.test' resolves to 169.254.169.254 is a link-local address",
    ],
    ['https://mixed.partner.test/', "'mixed.partner.test' resolves to 192.168.0.10 is a private address"],
    ['http://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT address'],
  ])('refuses a webhook to %s, naming url; nothing is created', async (url, reason) => {
    const r = await call('POST', '/api/v1/webhooks', { name: 'x', url });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    const { error } = ZError.parse(r.body);
    expect(error.code).toBe('invalid_request');
    expect(error.details).toEqual([{ field: 'url', reason: expect.stringContaining(reason) }]);
    expect(error.details?.[0]?.reason).toContain('PARCOURS_WEBHOOK_ALLOW_PRIVATE=1');
    expect((await call('GET', '/api/v1/webhooks')).body).toEqual([]);
  });

  it('a change of url to a private address is refused and changes nothing', async () => {
    const hook = ZCreatedWebhook.parse(
      (await call('POST', '/api/v1/webhooks', { name: 'CRM', url: 'https://crm.example.com/hooks' })).body,
    );
    const r = await call('PATCH', `/api/v1/webhooks/${hook.id}`, { url: 'http://10.0.0.1/', active: false });
    expect(r.status).toBe(400);
    expect(ZError.parse(r.body).error.details?.map((d) => d.field)).toEqual(['url']);
    expect(ZWebhook.parse((await call('GET', `/api/v1/webhooks/${hook.id}`)).body)).toMatchObject({
      url: 'https://crm.example.com/hooks',
      active: true,
    });
  });

  it.each([
    'https://example.com/hooks',
    'http://93.184.215.14/hooks',
    'https://[2606:4700::1111]/hooks',
    // not resolvable now: accepted, and checked again at each delivery
    'https://not-yet.partner.test/hooks',
  ])('accepts a public destination: %s', async (url) => {
    expect((await call('POST', '/api/v1/webhooks', { name: 'x', url })).status).toBe(201);
  });

  it('an operator who allows private destinations may point a webhook at a local receiver', async () => {
    const local = await createTestApp({ database, webhookNetwork: { allowPrivate: true, resolve } });
    for (const url of ['http://127.0.0.1:9000/hooks', 'http://localhost:9000/hooks', 'http://10.1.2.3/'])
      expect((await call('POST', '/api/v1/webhooks', { name: 'local', url }, local)).status).toBe(201);
  });

  it('admins only', async () => {
    const lead = await createTestApp({ database }, 'team_lead', 'lyon');
    expect((await call('GET', '/api/v1/webhooks', undefined, lead)).status).toBe(403);
    expect(
      (await call('POST', '/api/v1/webhooks', { name: 'x', url: 'https://example.com' }, lead)).status,
    ).toBe(403);
  });
});
