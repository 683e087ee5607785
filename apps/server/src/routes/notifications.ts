/** In-app notifications of the signed-in user: new cases in their team, cases assigned to them, overdue cases. */
import { createRoute } from '@hono/zod-openapi';
import { listNotifications, loadSettings, markNotificationsRead } from '@parcours/db';
import {
  ZError,
  ZNotificationList,
  ZNotificationQuery,
  ZNotificationsRead,
  ZNotificationsReadResult,
} from '@parcours/domain';
import { allow, principalOf } from '../auth/guard.ts';
import { jsonContent, router } from '../context.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/notifications',
  middleware: [allow('read')] as const,
  summary: 'Your notifications, newest first (`unread=true` for the new ones; page with `before`)',
  request: { query: ZNotificationQuery },
  responses: {
    200: jsonContent(ZNotificationList, 'Notifications and the unread count'),
    400: jsonContent(ZError, 'Invalid query'),
    401: jsonContent(ZError, 'Not signed in'),
  },
});
const readRoute = createRoute({
  method: 'post',
  path: '/notifications/read',
  middleware: [allow('read')] as const,
  summary: 'Mark notifications read: some (`ids`) or all (`all: true`)',
  request: { body: { required: true, content: { 'application/json': { schema: ZNotificationsRead } } } },
  responses: {
    200: jsonContent(ZNotificationsReadResult, 'How many stay unread'),
    400: jsonContent(ZError, 'Invalid'),
    401: jsonContent(ZError, 'Not signed in'),
    403: jsonContent(ZError, 'Missing CSRF token'),
  },
});

export function notificationRoutes() {
  return router()
    .openapi(listRoute, async (c) => {
      const { db } = c.get('database');
      const { time_zone } = await loadSettings(db);
      const p = principalOf(c);
      return c.json(
        await listNotifications(db, time_zone, { id: p.user.id, scope: p.scope }, c.req.valid('query')),
        200,
      );
    })
    .openapi(readRoute, async (c) => {
      const p = principalOf(c);
      return c.json(
        await markNotificationsRead(
          c.get('database').db,
          { id: p.user.id, scope: p.scope },
          c.req.valid('json'),
        ),
        200,
      );
    });
}
