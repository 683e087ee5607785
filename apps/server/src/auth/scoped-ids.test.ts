/**
 * Ids a scoped user can name: every route that takes the id of a customer, a goal, a case or
 * an alert rule, as an agent (team lyon) and as a team lead (lyon → department svc: lyon and
 * chat), with an id in their scope, one outside it, and one that does not exist. Outside the
 * scope answers exactly like unknown (404, the same body but for the id), so a scoped user
 * cannot probe which ids exist; and nothing is changed. See docs/decisions/011.
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { ZAlertRule, ZCaseList, ZGoal } from '@parcours/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, ok, type TestApp } from '../testing.ts';

type Actor = 'agent' | 'lead';
type Situation = 'in scope' | 'out of scope' | 'unknown';
type Kind = 'customer' | 'goal' | 'case' | 'rule';

let database: Database;
let admin: TestApp;
const apps = {} as Record<Actor, TestApp>;
/** ids by kind and owning team */
const byTeam = {} as Record<Kind, Record<'lyon' | 'chat' | 'web', string>>;

const JSON_HEADERS = { 'content-type': 'application/json' };

const UNKNOWN: Record<Kind, string> = {
  customer: 'c-none',
  goal: 'goal-none',
  case: 'case-none',
  rule: 'rule-none',
};

/** The agent works for lyon; the team lead's department also has chat; web is marketing's. */
function idFor(kind: Kind, actor: Actor, situation: Situation): string {
  if (situation === 'unknown') return UNKNOWN[kind];
  const team =
    situation === 'in scope' ? (actor === 'agent' ? 'lyon' : 'chat') : actor === 'agent' ? 'chat' : 'web';
  return byTeam[kind][team];
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  admin = await createTestApp({ database });
  apps.agent = await createTestApp({ database }, 'agent', 'lyon');
  apps.lead = await createTestApp({ database }, 'team_lead', 'lyon');

  // one complaint per team: c1 by phone (lyon), c2 by chat, c3 on the web site (web)
  const touchpoints = { lyon: 'phone', chat: 'livechat', web: 'site' } as const;
  const customers = { lyon: 'c1', chat: 'c2', web: 'c3' } as const;
  byTeam.customer = customers;
  byTeam.rule = { lyon: '', chat: '', web: '' };
  byTeam.goal = { lyon: '', chat: '', web: '' };
  for (const team of ['lyon', 'chat', 'web'] as const) {
    const rule = await ok(
      ZAlertRule,
      admin,
      'POST',
      '/api/v1/alert-rules',
      {
        name: `Réclamations ${team}`,
        target: 'interaction',
        conditions: [{ kind: 'interaction_kind', kinds: ['complaint'] }],
        touchpoint_ids: [touchpoints[team]],
        assign_team_id: team,
        due_hours: 48,
      },
      201,
    );
    byTeam.rule[team] = rule.id;
    const goal = await ok(
      ZGoal,
      admin,
      'POST',
      '/api/v1/goals',
      { kpi: 'nps', scope_type: 'team', scope_id: team, period: '2026-Q1', target: 10 },
      201,
    );
    byTeam.goal[team] = goal.id;
  }
  const res = await admin.request('/api/v1/ingest/interactions', {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({
      records: (['lyon', 'chat', 'web'] as const).map((team) => ({
        id: `i-${team}`,
        customer_id: customers[team],
        touchpoint_id: touchpoints[team],
        occurred_at: '2026-03-10T10:00:00Z',
        kind: 'complaint',
      })),
    }),
  });
  expect(res.status).toBe(200);
  const cases = await ok(ZCaseList, admin, 'GET', '/api/v1/cases');
  byTeam.case = { lyon: '', chat: '', web: '' };
  for (const c of cases.items) byTeam.case[c.teamId as 'lyon' | 'chat' | 'web'] = c.id;
  expect(Object.values(byTeam.case).every(Boolean)).toBe(true);
});
afterAll(async () => database.close());

type Route = {
  kind: Kind;
  method: string;
  path: (id: string) => string;
  body?: unknown;
  /** what the admin reads to see that a refused request changed nothing */
  readBack?: (id: string) => string;
  /** status when allowed */
  ok: number;
  /** roles refused by the route's access rule whatever the id (403, the same for every id) */
  refusedRoles?: readonly Actor[];
};

const ROUTES: Route[] = [
  { kind: 'customer', method: 'GET', path: (id) => `/api/v1/customers/${id}`, ok: 200 },
  { kind: 'customer', method: 'GET', path: (id) => `/api/v1/customers/${id}/timeline`, ok: 200 },
  { kind: 'goal', method: 'GET', path: (id) => `/api/v1/goals/${id}`, ok: 200 },
  { kind: 'case', method: 'GET', path: (id) => `/api/v1/cases/${id}`, ok: 200 },
  {
    kind: 'case',
    method: 'PATCH',
    path: (id) => `/api/v1/cases/${id}`,
    body: { status: 'in_progress' },
    readBack: (id) => `/api/v1/cases/${id}`,
    ok: 200,
  },
  {
    kind: 'case',
    method: 'POST',
    path: (id) => `/api/v1/cases/${id}/notes`,
    body: { text: 'Rappel prévu' },
    readBack: (id) => `/api/v1/cases/${id}`,
    ok: 201,
  },
  {
    kind: 'rule',
    method: 'GET',
    path: (id) => `/api/v1/alert-rules/${id}`,
    ok: 200,
    refusedRoles: ['agent'],
  },
  {
    kind: 'rule',
    method: 'PATCH',
    path: (id) => `/api/v1/alert-rules/${id}`,
    body: { due_hours: 24 },
    readBack: (id) => `/api/v1/alert-rules/${id}`,
    ok: 200,
    refusedRoles: ['agent'],
  },
  {
    kind: 'rule',
    method: 'POST',
    path: (id) => `/api/v1/alert-rules/${id}/backfill`,
    body: { days: 30 },
    readBack: (id) => `/api/v1/alert-rules/${id}`,
    ok: 200,
    refusedRoles: ['agent'],
  },
  // last: the allowed deletion removes the rule
  {
    kind: 'rule',
    method: 'DELETE',
    path: (id) => `/api/v1/alert-rules/${id}`,
    readBack: (id) => `/api/v1/alert-rules/${id}`,
    ok: 204,
    refusedRoles: ['agent'],
  },
];

/** A body with the id taken out: what must not differ between out-of-scope and unknown. */
const withoutId = (body: unknown, id: string) => JSON.stringify(body).replaceAll(id, '<id>');

describe('an id outside one’s scope answers exactly like an unknown id', () => {
  const rows = ROUTES.flatMap((route) =>
    (['agent', 'lead'] as const).map(
      (actor) => [`${route.method} ${route.path(':id')}`, actor, route] as const,
    ),
  );

  it.each(rows)('%s as %s', async (_, actor, route) => {
    const app = apps[actor];
    const send = (id: string) => call(app, route.method, route.path(id), route.body);
    const outside = idFor(route.kind, actor, 'out of scope');
    const unknown = idFor(route.kind, actor, 'unknown');
    const before = route.readBack ? await call(admin, 'GET', route.readBack(outside)) : null;

    const out = await send(outside);
    const none = await send(unknown);
    if (route.refusedRoles?.includes(actor)) {
      // refused by role: 403 whatever the id, in scope or not, known or not
      const inside = await send(idFor(route.kind, actor, 'in scope'));
      for (const r of [out, none, inside]) {
        expect(r.status, JSON.stringify(r.body)).toBe(403);
        expect(r.body).toEqual(none.body);
      }
    } else {
      expect(none.status, JSON.stringify(none.body)).toBe(404);
      expect(out.status, JSON.stringify(out.body)).toBe(404);
      expect(none.body).toMatchObject({ error: { code: 'not_found' } });
      expect(withoutId(out.body, outside)).toBe(withoutId(none.body, unknown));
      const inside = await send(idFor(route.kind, actor, 'in scope'));
      expect(inside.status, JSON.stringify(inside.body)).toBe(route.ok);
    }
    // the refused request changed nothing
    if (route.readBack && before) expect(await call(admin, 'GET', route.readBack(outside))).toEqual(before);
  });
});
