/**
 * Webhooks (admins): case events POSTed as JSON, signed with HMAC-SHA256 of the body
 * (`X-Parcours-Signature: sha256=<hex>`), retried with back-off; see docs/decisions/007.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { audit, createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from '@parcours/db';
import { ZCreatedWebhook, ZError, ZWebhook, ZWebhookInput, ZWebhookPatch } from '@parcours/domain';
import { allow } from '../auth/guard.ts';
import { idParams, jsonContent, router } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { refusedDestination, type WebhookNetworkPolicy } from '../webhooks/destination.ts';
import { actor } from './access.ts';

const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const common = { 401: jsonContent(ZError, 'Not signed in'), 403: jsonContent(ZError, 'Admins only') };

const listRoute = createRoute({
  method: 'get',
  path: '/webhooks',
  middleware: [allow('manage')] as const,
  summary: 'Webhooks and their delivery counts (secrets are never shown again)',
  responses: { 200: jsonContent(z.array(ZWebhook), 'Webhooks'), ...common },
});
const createHookRoute = createRoute({
  method: 'post',
  path: '/webhooks',
  middleware: [allow('manage')] as const,
  summary: 'Add a webhook; the signing secret is in this answer only',
  request: { body: body(ZWebhookInput) },
  responses: { 201: jsonContent(ZCreatedWebhook, 'Created'), 400: jsonContent(ZError, 'Invalid'), ...common },
});
const getHookRoute = createRoute({
  method: 'get',
  path: '/webhooks/{id}',
  middleware: [allow('manage')] as const,
  summary: 'One webhook',
  request: { params: idParams },
  responses: {
    200: jsonContent(ZWebhook, 'The webhook'),
    404: jsonContent(ZError, 'No such webhook'),
    ...common,
  },
});
const updateHookRoute = createRoute({
  method: 'patch',
  path: '/webhooks/{id}',
  middleware: [allow('manage')] as const,
  summary: 'Change a webhook; `rotate_secret: true` answers with a new secret (once)',
  request: { params: idParams, body: body(ZWebhookPatch) },
  responses: {
    200: jsonContent(ZWebhook.extend({ secret: z.string().optional() }), 'Updated'),
    400: jsonContent(ZError, 'Invalid'),
    404: jsonContent(ZError, 'No such webhook'),
    ...common,
  },
});
const deleteHookRoute = createRoute({
  method: 'delete',
  path: '/webhooks/{id}',
  middleware: [allow('manage')] as const,
  summary: 'Remove a webhook and its pending deliveries',
  request: { params: idParams },
  responses: { 204: { description: 'Removed' }, 404: jsonContent(ZError, 'No such webhook'), ...common },
});

/** A URL that points at a refused address is a 400 naming `url`; nothing is changed. */
async function checkUrl(url: string | undefined, network: WebhookNetworkPolicy): Promise<void> {
  const reason = url === undefined ? null : await refusedDestination(url, network);
  if (reason) throw new BadRequest('the webhook is invalid', [{ field: 'url', reason }]);
}

export function webhookRoutes(network: WebhookNetworkPolicy) {
  return router()
    .openapi(listRoute, async (c) => c.json(await listWebhooks(c.get('database').db), 200))
    .openapi(createHookRoute, async (c) => {
      const { db } = c.get('database');
      await checkUrl(c.req.valid('json').url, network);
      const hook = await createWebhook(db, c.req.valid('json'));
      await audit(db, {
        ...actor(c),
        action: 'webhook.create',
        target: hook.id,
        details: { name: hook.name, url: hook.url, events: hook.events },
      });
      return c.json(hook, 201);
    })
    .openapi(getHookRoute, async (c) =>
      c.json(await getWebhook(c.get('database').db, c.req.valid('param').id), 200),
    )
    .openapi(updateHookRoute, async (c) => {
      const { db } = c.get('database');
      const patch = c.req.valid('json');
      await checkUrl(patch.url, network);
      const hook = await updateWebhook(db, c.req.valid('param').id, patch);
      await audit(db, { ...actor(c), action: 'webhook.update', target: hook.id, details: patch });
      return c.json(hook, 200);
    })
    .openapi(deleteHookRoute, async (c) => {
      const { db } = c.get('database');
      const hook = await deleteWebhook(db, c.req.valid('param').id);
      await audit(db, {
        ...actor(c),
        action: 'webhook.delete',
        target: hook.id,
        details: { name: hook.name, url: hook.url },
      });
      return c.body(null, 204);
    });
}
