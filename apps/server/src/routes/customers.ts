/** Customer search, profile and timeline. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  audit,
  customerInScope,
  customerProfile,
  customerTimeline,
  decodeCursor,
  identifyCaller,
  loadSettings,
  NotFoundError,
  searchCustomers,
} from '@parcours/db';
import {
  type Scope,
  ZCustomerList,
  ZCustomerProfile,
  ZCustomerSearchQuery,
  ZError,
  ZId,
  ZTimeline,
  ZTimelineQuery,
} from '@parcours/domain';
import { allow, expensive, expensiveResponses, principalOf } from '../auth/guard.ts';
import { jsonContent, router } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { actor } from './access.ts';

const params = z.object({ id: ZId });

/**
 * The customer, unless unknown or outside the asker's scope: both answer the same 404, so a
 * scoped user cannot tell which ids exist (decision 011).
 */
async function checkVisible(
  db: Parameters<typeof customerInScope>[0],
  id: string,
  user: { id: string; scope: Scope },
) {
  if (!(await customerInScope(db, id, user.scope, user.id))) throw new NotFoundError(`no customer '${id}'`);
}

const searchRoute = createRoute({
  method: 'get',
  path: '/customers',
  middleware: [allow('read'), expensive] as const,
  summary: 'Search customers by name, e-mail or id (accent- and case-insensitive)',
  request: { query: ZCustomerSearchQuery },
  responses: {
    200: jsonContent(ZCustomerList, 'One page of customers'),
    400: jsonContent(ZError, 'Invalid query'),
    ...expensiveResponses,
  },
});
const profileRoute = createRoute({
  method: 'get',
  path: '/customers/{id}',
  middleware: [allow('read'), expensive] as const,
  summary: "A customer's profile and KPIs over the whole relationship",
  request: { params },
  responses: {
    200: jsonContent(ZCustomerProfile, 'The customer'),
    404: jsonContent(ZError, 'No such customer, or not in your scope'),
    ...expensiveResponses,
  },
});
const timelineRoute = createRoute({
  method: 'get',
  path: '/customers/{id}/timeline',
  middleware: [allow('read')] as const,
  summary: "A customer's interactions and feedback, newest first",
  request: { params, query: ZTimelineQuery },
  responses: {
    200: jsonContent(ZTimeline, 'One page of the timeline; pass nextCursor for the next'),
    400: jsonContent(ZError, 'Invalid query'),
    404: jsonContent(ZError, 'No such customer, or not in your scope'),
  },
});

export function customerRoutes() {
  return router()
    .openapi(searchRoute, async (c) => {
      const q = c.req.valid('query');
      const { db, readDb } = c.get('database');
      const settings = await loadSettings(readDb);
      const result = await searchCustomers(
        readDb,
        settings.time_zone,
        q.q,
        q.page,
        q.pageSize,
        principalOf(c).scope,
      );
      // a caller named exactly but outside the scope: identified, for this user, and audited
      const { user, scope } = principalOf(c);
      const exact =
        q.page === 1 &&
        !result.items.some((item) => item.id === q.q || item.email?.toLowerCase() === q.q.toLowerCase());
      const identified = exact
        ? await identifyCaller(db, settings.time_zone, { id: user.id, scope }, q.q)
        : null;
      if (identified)
        await audit(db, {
          ...actor(c),
          action: 'customer.identify',
          target: identified.id,
          details: { query: q.q },
        });
      return c.json({ ...result, page: q.page, pageSize: q.pageSize, identified }, 200);
    })
    .openapi(profileRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { db, readDb } = c.get('database');
      await checkVisible(readDb, id, { id: principalOf(c).user.id, scope: principalOf(c).scope });
      const settings = await loadSettings(readDb);
      const profile = await customerProfile(readDb, settings.time_zone, id);
      if (!profile) throw new NotFoundError(`no customer '${id}'`);
      await audit(db, { ...actor(c), action: 'customer.view', target: id, details: { view: 'profile' } });
      return c.json(profile, 200);
    })
    .openapi(timelineRoute, async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const cursor = q.cursor === undefined ? null : decodeCursor(q.cursor);
      if (q.cursor !== undefined && cursor === null)
        throw new BadRequest('the request is invalid', [
          { field: 'cursor', reason: 'is not a cursor this API gave' },
        ]);
      const { db, readDb } = c.get('database');
      await checkVisible(readDb, id, { id: principalOf(c).user.id, scope: principalOf(c).scope });
      if (cursor === null)
        await audit(db, { ...actor(c), action: 'customer.view', target: id, details: { view: 'timeline' } });
      const settings = await loadSettings(readDb);
      return c.json(await customerTimeline(readDb, settings.time_zone, id, cursor, q.limit), 200);
    });
}
