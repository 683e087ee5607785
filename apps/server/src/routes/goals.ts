/** Goals: CRUD and the status board. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  audit,
  createGoal,
  deleteGoal,
  getGoal,
  goalStatusReport,
  listGoals,
  loadSettings,
  updateGoal,
} from '@parcours/db';
import {
  parseInstant,
  periodContaining,
  ZError,
  ZGoal,
  ZGoalInput,
  ZGoalListQuery,
  ZGoalPatch,
  ZGoalStatusQuery,
  ZGoalStatusResponse,
} from '@parcours/domain';
import { allow, expensive, expensiveResponses, principalOf } from '../auth/guard.ts';
import { idParams, jsonContent, router } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { actor } from './access.ts';

const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const listRoute = createRoute({
  method: 'get',
  path: '/goals',
  middleware: [allow('read')] as const,
  summary: 'List goals',
  request: { query: ZGoalListQuery },
  responses: { 200: jsonContent(z.array(ZGoal), 'Goals'), 400: jsonContent(ZError, 'Invalid query') },
});
const statusRoute = createRoute({
  method: 'get',
  path: '/goals/status',
  middleware: [allow('read'), expensive] as const,
  summary: 'Goal status for a period so far, grouped by department',
  request: { query: ZGoalStatusQuery },
  responses: {
    200: jsonContent(ZGoalStatusResponse, 'Goal board'),
    400: jsonContent(ZError, 'Invalid query'),
    ...expensiveResponses,
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/goals/{id}',
  middleware: [allow('read')] as const,
  summary: 'One goal',
  request: { params: idParams },
  responses: {
    200: jsonContent(ZGoal, 'The goal'),
    404: jsonContent(ZError, 'No such goal, or not in your scope'),
  },
});
const createGoalRoute = createRoute({
  method: 'post',
  path: '/goals',
  middleware: [allow('manage')] as const,
  summary: 'Create a goal',
  request: { body: body(ZGoalInput) },
  responses: { 201: jsonContent(ZGoal, 'Created'), 400: jsonContent(ZError, 'Invalid goal') },
});
const updateRoute = createRoute({
  method: 'patch',
  path: '/goals/{id}',
  middleware: [allow('manage')] as const,
  summary: 'Change a goal',
  request: { params: idParams, body: body(ZGoalPatch) },
  responses: {
    200: jsonContent(ZGoal, 'Updated'),
    400: jsonContent(ZError, 'Invalid goal'),
    404: jsonContent(ZError, 'No such goal'),
  },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/goals/{id}',
  middleware: [allow('manage')] as const,
  summary: 'Delete a goal',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 404: jsonContent(ZError, 'No such goal') },
});

export function goalRoutes() {
  return router()
    .openapi(listRoute, async (c) =>
      c.json(await listGoals(c.get('database').db, c.req.valid('query'), principalOf(c).scope), 200),
    )
    .openapi(statusRoute, async (c) => {
      const q = c.req.valid('query');
      const { db } = c.get('database');
      const settings = await loadSettings(db);
      const asOf = q.asOf === undefined ? Date.now() : parseInstant(q.asOf, settings.time_zone);
      if (asOf === null)
        throw new BadRequest('the request is invalid', [{ field: 'asOf', reason: 'is not a valid date' }]);
      const period = q.period ?? periodContaining(asOf, 'quarter', settings.time_zone);
      return c.json(await goalStatusReport(db, period, asOf, principalOf(c).scope), 200);
    })
    .openapi(getRoute, async (c) =>
      c.json(await getGoal(c.get('database').db, c.req.valid('param').id, principalOf(c).scope), 200),
    )
    .openapi(createGoalRoute, async (c) => {
      const { db } = c.get('database');
      const goal = await createGoal(db, c.req.valid('json'));
      await audit(db, { ...actor(c), action: 'goal.create', target: goal.id, details: c.req.valid('json') });
      return c.json(goal, 201);
    })
    .openapi(updateRoute, async (c) => {
      const { db } = c.get('database');
      const goal = await updateGoal(db, c.req.valid('param').id, c.req.valid('json'));
      await audit(db, { ...actor(c), action: 'goal.update', target: goal.id, details: c.req.valid('json') });
      return c.json(goal, 200);
    })
    .openapi(deleteRoute, async (c) => {
      const { db } = c.get('database');
      await deleteGoal(db, c.req.valid('param').id);
      await audit(db, { ...actor(c), action: 'goal.delete', target: c.req.valid('param').id });
      return c.body(null, 204);
    });
}
