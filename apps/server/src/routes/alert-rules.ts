/**
 * Alert rules (admins, and team leads for the teams of their department): conditions on
 * incoming records that open follow-up cases. Every change is in the audit trail.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { audit, backfillRule, createRule, deleteRule, getRule, listRules, updateRule } from '@parcours/db';
import {
  ZAlertRule,
  ZAlertRuleInput,
  ZAlertRulePatch,
  ZError,
  ZRuleBackfill,
  ZRuleBackfillResult,
} from '@parcours/domain';
import { allow, principalOf } from '../auth/guard.ts';
import { idParams, jsonContent, router } from '../context.ts';
import { actor } from './access.ts';

const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const common = {
  401: jsonContent(ZError, 'Not signed in'),
  403: jsonContent(ZError, 'Not allowed, or a team outside your scope'),
};

const listRoute = createRoute({
  method: 'get',
  path: '/alert-rules',
  middleware: [allow('alerts')] as const,
  summary: 'Alert rules: every rule for admins, those assigning to their department for team leads',
  responses: { 200: jsonContent(z.array(ZAlertRule), 'Rules, by name'), ...common },
});
const createRuleRoute = createRoute({
  method: 'post',
  path: '/alert-rules',
  middleware: [allow('alerts')] as const,
  summary:
    'Create an alert rule; it applies to records arriving from now on (see POST /alert-rules/{id}/backfill)',
  request: { body: body(ZAlertRuleInput) },
  responses: { 201: jsonContent(ZAlertRule, 'Created'), 400: jsonContent(ZError, 'Invalid rule'), ...common },
});
const getRuleRoute = createRoute({
  method: 'get',
  path: '/alert-rules/{id}',
  middleware: [allow('alerts')] as const,
  summary: 'One alert rule',
  request: { params: idParams },
  responses: {
    200: jsonContent(ZAlertRule, 'The rule'),
    404: jsonContent(ZError, 'No such rule, or not in your scope'),
    ...common,
  },
});
const updateRuleRoute = createRoute({
  method: 'patch',
  path: '/alert-rules/{id}',
  middleware: [allow('alerts')] as const,
  summary: 'Change an alert rule (its open cases keep their team and due time)',
  request: { params: idParams, body: body(ZAlertRulePatch) },
  responses: {
    200: jsonContent(ZAlertRule, 'Updated'),
    400: jsonContent(ZError, 'Invalid rule'),
    404: jsonContent(ZError, 'No such rule, or not in your scope'),
    ...common,
  },
});
const deleteRuleRoute = createRoute({
  method: 'delete',
  path: '/alert-rules/{id}',
  middleware: [allow('alerts')] as const,
  summary: 'Delete an alert rule: it opens no more cases; its cases stay',
  request: { params: idParams },
  responses: {
    204: { description: 'Deleted' },
    404: jsonContent(ZError, 'No such rule, or not in your scope'),
    ...common,
  },
});
const backfillRoute = createRoute({
  method: 'post',
  path: '/alert-rules/{id}/backfill',
  middleware: [allow('alerts')] as const,
  summary: 'Apply a rule to the records of the last N days (by their own time): opens the missing cases',
  request: { params: idParams, body: body(ZRuleBackfill) },
  responses: {
    200: jsonContent(ZRuleBackfillResult, 'Records examined and cases opened'),
    400: jsonContent(ZError, 'Invalid, or the rule is inactive'),
    404: jsonContent(ZError, 'No such rule, or not in your scope'),
    ...common,
  },
});

export function alertRuleRoutes() {
  return router()
    .openapi(listRoute, async (c) => c.json(await listRules(c.get('database').db, principalOf(c).scope), 200))
    .openapi(createRuleRoute, async (c) => {
      const { db } = c.get('database');
      const p = principalOf(c);
      const rule = await createRule(db, c.req.valid('json'), { email: p.user.email, scope: p.scope });
      await audit(db, { ...actor(c), action: 'rule.create', target: rule.id, details: rule });
      return c.json(rule, 201);
    })
    .openapi(getRuleRoute, async (c) =>
      c.json(await getRule(c.get('database').db, c.req.valid('param').id, principalOf(c).scope), 200),
    )
    .openapi(updateRuleRoute, async (c) => {
      const { db } = c.get('database');
      const patch = c.req.valid('json');
      const rule = await updateRule(db, c.req.valid('param').id, patch, principalOf(c).scope);
      await audit(db, { ...actor(c), action: 'rule.update', target: rule.id, details: patch });
      return c.json(rule, 200);
    })
    .openapi(deleteRuleRoute, async (c) => {
      const { db } = c.get('database');
      const rule = await deleteRule(db, c.req.valid('param').id, principalOf(c).scope);
      await audit(db, { ...actor(c), action: 'rule.delete', target: rule.id, details: { name: rule.name } });
      return c.body(null, 204);
    })
    .openapi(backfillRoute, async (c) => {
      const database = c.get('database');
      const { id } = c.req.valid('param');
      const { days } = c.req.valid('json');
      const result = await backfillRule(database, id, days, principalOf(c).scope);
      await audit(database.db, {
        ...actor(c),
        action: 'rule.backfill',
        target: id,
        details: { days, ...result },
      });
      return c.json(result, 200);
    });
}
