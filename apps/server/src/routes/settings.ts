/** Organisation settings and the reference data (departments, teams, touchpoints). */
import { createRoute } from '@hono/zod-openapi';
import { audit, loadReference, loadSettings, updateSettings } from '@parcours/db';
import { ZError, ZReference, ZSettings, ZSettingsPatch } from '@parcours/domain';
import { allow } from '../auth/guard.ts';
import { jsonContent, router } from '../context.ts';
import { actor } from './access.ts';

const getSettings = createRoute({
  method: 'get',
  path: '/settings',
  middleware: [allow('read')] as const,
  summary: 'Organisation settings',
  responses: { 200: jsonContent(ZSettings, 'Settings') },
});
const putSettings = createRoute({
  method: 'put',
  path: '/settings',
  middleware: [allow('manage')] as const,
  summary: 'Change organisation settings; a new time zone re-buckets the rollups',
  request: { body: { required: true, content: { 'application/json': { schema: ZSettingsPatch } } } },
  responses: { 200: jsonContent(ZSettings, 'Settings'), 400: jsonContent(ZError, 'Invalid settings') },
});
const reference = createRoute({
  method: 'get',
  path: '/reference',
  middleware: [allow('read')] as const,
  summary: 'Departments, teams, touchpoints, segments, regions and channels',
  responses: { 200: jsonContent(ZReference, 'Reference data') },
});

export function settingsRoutes() {
  return router()
    .openapi(getSettings, async (c) => c.json(await loadSettings(c.get('database').db), 200))
    .openapi(putSettings, async (c) => {
      const settings = await updateSettings(c.get('database'), c.req.valid('json'));
      await audit(c.get('database').db, {
        ...actor(c),
        action: 'settings.update',
        details: c.req.valid('json'),
      });
      return c.json(settings, 200);
    })
    .openapi(reference, async (c) => c.json(await loadReference(c.get('database').readDb), 200));
}
