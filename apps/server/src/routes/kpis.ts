/** KPI values, KPI definitions and the records behind a KPI (drill-down). */
import { createRoute, z } from '@hono/zod-openapi';
import { audit, computeKpis, drillRecords, KPI_SUBSETS, loadSettings } from '@parcours/db';
import {
  COST_LIMITS,
  KPI_IDS,
  KPIS,
  ZDrillQuery,
  ZDrillResponse,
  ZError,
  ZKpiDefinition,
  ZKpiQuery,
  ZKpiResponse,
} from '@parcours/domain';
import { allow, expensive, expensiveResponses, principalOf } from '../auth/guard.ts';
import { jsonContent, router } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { resolveWindow } from '../window.ts';
import { actor } from './access.ts';

function filtersOf<T extends Record<string, unknown>>(q: T) {
  const { department, team, touchpoint, channel, stage, media, presence, segment, region, mode } =
    q as Record<string, never>;
  return { department, team, touchpoint, channel, stage, media, presence, segment, region, mode };
}

const kpiRoute = createRoute({
  method: 'get',
  path: '/kpis',
  middleware: [allow('read'), expensive] as const,
  summary: 'KPI values for a window, filters and an optional group-by',
  request: { query: ZKpiQuery },
  responses: {
    200: jsonContent(ZKpiResponse, 'KPI values with margins, sample sizes and the previous period'),
    400: jsonContent(ZError, 'Invalid query, or one that would cost too much (too_costly)'),
    401: jsonContent(ZError, 'Not signed in'),
    403: jsonContent(ZError, 'Outside your scope'),
    ...expensiveResponses,
  },
});

const definitionsRoute = createRoute({
  method: 'get',
  path: '/kpi-definitions',
  middleware: [allow('read')] as const,
  summary: 'The KPI registry: labels, units, better direction, drill-down subsets',
  responses: { 200: jsonContent(z.array(ZKpiDefinition), 'Every KPI') },
});

const drillRoute = createRoute({
  method: 'get',
  path: '/kpis/{kpi}/records',
  middleware: [allow('read'), expensive] as const,
  summary: 'The records behind a KPI value (drill-down)',
  request: { params: z.object({ kpi: z.enum(KPI_IDS) }), query: ZDrillQuery },
  responses: {
    200: jsonContent(ZDrillResponse, 'One page of records'),
    400: jsonContent(ZError, 'Invalid query, or one that would cost too much (too_costly)'),
    401: jsonContent(ZError, 'Not signed in'),
    403: jsonContent(ZError, 'Outside your scope'),
    ...expensiveResponses,
  },
});

export function kpiRoutes() {
  return router()
    .openapi(kpiRoute, async (c) => {
      const q = c.req.valid('query');
      // dashboard reads go to the read replica when one is configured
      const { readDb } = c.get('database');
      const settings = await loadSettings(readDb);
      const window = resolveWindow(q, settings.time_zone);
      const answer = await computeKpis(readDb, settings.time_zone, {
        window,
        filters: filtersOf(q),
        groupBy: q.groupBy ?? null,
        kpis: q.kpis ?? KPI_IDS,
        compare: q.compare !== 'false',
        scope: principalOf(c).scope,
        maxGroups: COST_LIMITS.groupsPerRequest,
      });
      const iso = (w: { from: number; to: number }) => ({
        from: new Date(w.from).toISOString(),
        to: new Date(w.to).toISOString(),
      });
      return c.json(
        {
          ...answer,
          window: iso(answer.window),
          previousWindow: answer.previousWindow ? iso(answer.previousWindow) : null,
          timeZone: settings.time_zone,
        },
        200,
      );
    })
    .openapi(definitionsRoute, (c) =>
      c.json(
        KPI_IDS.map((id) => {
          const { label, description, unit, better } = KPIS[id];
          return { id, label, description, unit, better, subsets: [...KPI_SUBSETS[id]] };
        }),
        200,
      ),
    )
    .openapi(drillRoute, async (c) => {
      const { kpi } = c.req.valid('param');
      const q = c.req.valid('query');
      const subsets = KPI_SUBSETS[kpi];
      const subset = q.subset ?? subsets[0];
      if (subset === undefined || !subsets.includes(subset)) {
        throw new BadRequest('the request is invalid', [
          {
            field: 'subset',
            reason: subsets.length
              ? `must be one of ${subsets.join(', ')}`
              : `the ${kpi} KPI has no records to show yet`,
          },
        ]);
      }
      const { db, readDb } = c.get('database');
      const settings = await loadSettings(readDb);
      const window = resolveWindow(q, settings.time_zone);
      const { total, items } = await drillRecords(readDb, settings.time_zone, {
        kpi,
        subset,
        window,
        filters: filtersOf(q),
        sort: q.sort,
        page: q.page,
        pageSize: q.pageSize,
        scope: principalOf(c).scope,
      });
      // the records behind a KPI are customer records: every view is in the audit trail
      await audit(db, {
        ...actor(c),
        action: 'records.view',
        target: kpi,
        details: { ...q, subset, rows: items.length },
      });
      return c.json(
        {
          kpi,
          subset,
          window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
          total,
          page: q.page,
          pageSize: q.pageSize,
          items,
        },
        200,
      );
    });
}
