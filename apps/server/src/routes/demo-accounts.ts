/** The demo's accounts for the sign-in page (public: they are published in the README). */
import { createRoute } from '@hono/zod-openapi';
import { ZDemoAccounts } from '@parcours/domain';
import { allow } from '../auth/guard.ts';
import { jsonContent, router } from '../context.ts';
import { demoAccounts } from '../demo-accounts.ts';

const listDemoAccounts = createRoute({
  method: 'get',
  path: '/demo-accounts',
  middleware: [allow('public')] as const,
  summary: "The demo's accounts while they keep their published passwords; none on any other database",
  responses: { 200: jsonContent(ZDemoAccounts, 'Demo accounts (an empty list outside the demo)') },
});

export function demoAccountRoutes() {
  return router().openapi(listDemoAccounts, async (c) => {
    // an answer that depends on the database's users: never cached by a proxy or the browser
    c.header('Cache-Control', 'no-store');
    return c.json({ accounts: await demoAccounts(c.get('database').db) }, 200);
  });
}
