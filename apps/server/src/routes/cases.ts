/**
 * Follow-up cases: the queue (a team lead's, an agent's "my cases"), one case with its
 * record, customer and history, changes, notes, and the root-cause Pareto.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  addCaseNote,
  audit,
  type CaseActor,
  getCase,
  listCases,
  loadSettings,
  rootCausePareto,
  updateCase,
} from '@parcours/db';
import {
  ZCaseDetail,
  ZCaseEvent,
  ZCaseList,
  ZCaseListQuery,
  ZCaseNoteInput,
  ZCasePatch,
  ZError,
  ZRootCausePareto,
  ZRootCauseQuery,
} from '@parcours/domain';
import type { Context } from 'hono';
import { allow, expensive, expensiveResponses, principalOf } from '../auth/guard.ts';
import { type AppEnv, idParams, jsonContent, router } from '../context.ts';
import { resolveWindow } from '../window.ts';
import { actor } from './access.ts';

const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const common = {
  401: jsonContent(ZError, 'Not signed in'),
  403: jsonContent(ZError, 'Not allowed (a role that may not, a filter outside your scope)'),
};

export function caseActor(c: Context<AppEnv>): CaseActor {
  const p = principalOf(c);
  return { id: p.user.id, role: p.user.role, teamId: p.user.team_id, scope: p.scope };
}

function filtersOf<T extends Record<string, unknown>>(q: T) {
  const { department, team, touchpoint, channel, stage, media, presence, segment, region, mode } =
    q as Record<string, never>;
  return { department, team, touchpoint, channel, stage, media, presence, segment, region, mode };
}

const listRoute = createRoute({
  method: 'get',
  path: '/cases',
  middleware: [allow('read')] as const,
  summary:
    'The case queue: cases assigned to the teams of your scope, filtered (status, owner=me|none|id, team, touchpoint, overdue, rule, customer), most urgent first',
  request: { query: ZCaseListQuery },
  responses: {
    200: jsonContent(ZCaseList, 'One page of cases'),
    400: jsonContent(ZError, 'Invalid query'),
    ...common,
  },
});
const paretoRoute = createRoute({
  method: 'get',
  path: '/cases/root-causes',
  middleware: [allow('read'), expensive] as const,
  summary:
    'Root-cause Pareto: closed cases per root cause in a window (by closed_at), with the KPI filters, most frequent first',
  request: { query: ZRootCauseQuery },
  responses: {
    200: jsonContent(ZRootCausePareto, 'Counts, shares and cumulative shares'),
    400: jsonContent(ZError, 'Invalid query'),
    ...common,
    ...expensiveResponses,
  },
});
const getRoute = createRoute({
  method: 'get',
  path: '/cases/{id}',
  middleware: [allow('read')] as const,
  summary: 'One case: its record, customer, history, possible assignees and what you may do',
  request: { params: idParams },
  responses: {
    200: jsonContent(ZCaseDetail, 'The case'),
    404: jsonContent(ZError, 'No such case, or not in your scope'),
    ...common,
  },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/cases/{id}',
  middleware: [allow('follow_up')] as const,
  summary:
    'Change a case: owner (team leads assign; agents take or give back), status (open → in_progress → closed), root cause, resolution. Closing needs both.',
  request: { params: idParams, body: body(ZCasePatch) },
  responses: {
    200: jsonContent(ZCaseDetail, 'The case after the change'),
    400: jsonContent(ZError, 'Invalid change'),
    404: jsonContent(ZError, 'No such case, or not in your scope'),
    ...common,
  },
});
const noteRoute = createRoute({
  method: 'post',
  path: '/cases/{id}/notes',
  middleware: [allow('follow_up')] as const,
  summary: 'Add a note to a case',
  request: { params: idParams, body: body(ZCaseNoteInput) },
  responses: {
    201: jsonContent(ZCaseEvent, 'The note, as an event of the case'),
    400: jsonContent(ZError, 'Invalid note'),
    404: jsonContent(ZError, 'No such case, or not in your scope'),
    ...common,
  },
});

export function caseRoutes() {
  return router()
    .openapi(listRoute, async (c) => {
      const { db } = c.get('database');
      const { time_zone } = await loadSettings(db);
      return c.json(await listCases(db, time_zone, c.req.valid('query'), caseActor(c)), 200);
    })
    .openapi(paretoRoute, async (c) => {
      const q = c.req.valid('query');
      const { db } = c.get('database');
      const { time_zone } = await loadSettings(db);
      const window = resolveWindow(q, time_zone);
      return c.json(await rootCausePareto(db, time_zone, window, filtersOf(q), principalOf(c).scope), 200);
    })
    .openapi(getRoute, async (c) => {
      const { db } = c.get('database');
      const { time_zone } = await loadSettings(db);
      const detail = await getCase(db, time_zone, c.req.valid('param').id, caseActor(c));
      // a case shows a customer's record: every opening is in the audit trail
      await audit(db, {
        ...actor(c),
        action: 'case.view',
        target: detail.case.id,
        details: { customer: detail.customer.id },
      });
      return c.json(detail, 200);
    })
    .openapi(patchRoute, async (c) => {
      const database = c.get('database');
      const { time_zone } = await loadSettings(database.db);
      const detail = await updateCase(
        database,
        time_zone,
        c.req.valid('param').id,
        c.req.valid('json'),
        caseActor(c),
      );
      return c.json(detail, 200);
    })
    .openapi(noteRoute, async (c) => {
      const database = c.get('database');
      const { time_zone } = await loadSettings(database.db);
      const event = await addCaseNote(
        database,
        time_zone,
        c.req.valid('param').id,
        c.req.valid('json').text,
        caseActor(c),
      );
      return c.json(event, 201);
    });
}
