/**
 * The authorization matrix: every API route, called as anonymous, with a valid, an unknown
 * and a revoked ingestion token, with an expired session, and as each role, answers the
 * status its access rule says. A route missing from MATRIX (or listed but gone) fails here.
 */
import { createSession, createToken, createUser, type Database, revokeToken } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { can, type Role } from '@parcours/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { CSRF_HEADER, type Need, SESSION_COOKIE } from './guard.ts';
import { UNUSABLE_HASH } from './passwords.ts';

/** Every API route and its rule. Adding a route means adding it here. */
const MATRIX: Record<string, Need> = {
  'POST /api/v1/session': 'public',
  'GET /api/v1/session': 'signed-in',
  'DELETE /api/v1/session': 'signed-in',
  'GET /api/v1/users': 'manage',
  'POST /api/v1/users': 'manage',
  'PATCH /api/v1/users/:id': 'manage',
  'GET /api/v1/tokens': 'manage',
  'POST /api/v1/tokens': 'manage',
  'DELETE /api/v1/tokens/:id': 'manage',
  'GET /api/v1/audit': 'manage',
  'POST /api/v1/audit/exports': 'read',
  'POST /api/v1/organisation/:kind': 'manage',
  'POST /api/v1/ingest/:kind': 'ingest',
  'GET /api/v1/kpis': 'read',
  'GET /api/v1/kpi-definitions': 'read',
  'GET /api/v1/kpis/:kpi/records': 'read',
  'GET /api/v1/customers': 'read',
  'GET /api/v1/customers/:id': 'read',
  'GET /api/v1/customers/:id/timeline': 'read',
  'GET /api/v1/goals': 'read',
  'GET /api/v1/goals/status': 'read',
  'GET /api/v1/goals/:id': 'read',
  'POST /api/v1/goals': 'manage',
  'PATCH /api/v1/goals/:id': 'manage',
  'DELETE /api/v1/goals/:id': 'manage',
  'GET /api/v1/settings': 'read',
  'PUT /api/v1/settings': 'manage',
  'GET /api/v1/reference': 'read',
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/demo-accounts': 'public',
  'GET /api/v1/alert-rules': 'alerts',
  'POST /api/v1/alert-rules': 'alerts',
  'GET /api/v1/alert-rules/:id': 'alerts',
  'PATCH /api/v1/alert-rules/:id': 'alerts',
  'DELETE /api/v1/alert-rules/:id': 'alerts',
  'POST /api/v1/alert-rules/:id/backfill': 'alerts',
  'GET /api/v1/cases': 'read',
  'GET /api/v1/cases/root-causes': 'read',
  'GET /api/v1/cases/:id': 'read',
  'PATCH /api/v1/cases/:id': 'follow_up',
  'POST /api/v1/cases/:id/notes': 'follow_up',
  'GET /api/v1/notifications': 'read',
  'POST /api/v1/notifications/read': 'read',
  'GET /api/v1/webhooks': 'manage',
  'POST /api/v1/webhooks': 'manage',
  'GET /api/v1/webhooks/:id': 'manage',
  'PATCH /api/v1/webhooks/:id': 'manage',
  'DELETE /api/v1/webhooks/:id': 'manage',
};

type Actor = 'anonymous' | 'token' | 'unknown token' | 'revoked token' | 'expired session' | Role;
const ACTORS: Actor[] = [
  'anonymous',
  'token',
  'unknown token',
  'revoked token',
  'expired session',
  'admin',
  'executive',
  'team_lead',
  'agent',
];

/** allowed → the request passes the access layer (any status but 401/403) */
function expected(need: Need, actor: Actor): 401 | 403 | 'allowed' {
  if (need === 'public') return 'allowed';
  if (actor === 'unknown token' || actor === 'revoked token') return 401;
  if (need === 'ingest') {
    if (actor === 'token') return 'allowed';
    return actor === 'anonymous' || actor === 'expired session' ? 401 : 403;
  }
  if (actor === 'token') return 403;
  if (actor === 'anonymous' || actor === 'expired session') return 401;
  if (need === 'signed-in') return 'allowed';
  // read, manage, alerts, follow_up: what the role is granted (packages/domain/src/access.ts)
  return can(actor as Role, need) ? 'allowed' : 403;
}

let database: Database;
let app: ReturnType<typeof createApp>;
const headers = new Map<Actor, Record<string, string>>();
const roleUsers = new Map<Actor, string>();

async function throwaway(actor: Actor) {
  const s = await createSession(database.db, roleUsers.get(actor) ?? '');
  return { cookie: `${SESSION_COOKIE}=${s.id}`, [CSRF_HEADER]: s.csrfToken };
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  app = createApp({ database });
  const { db } = database;
  const teams: Record<Role, string | null> = {
    admin: null,
    executive: null,
    team_lead: 'lyon',
    agent: 'chat',
  };
  for (const role of ['admin', 'executive', 'team_lead', 'agent'] as const) {
    const user = await createUser(db, {
      email: `${role}@matrix.test`,
      name: role,
      role,
      team_id: teams[role],
      passwordHash: UNUSABLE_HASH,
    });
    const s = await createSession(db, user.id);
    roleUsers.set(role, user.id);
    headers.set(role, { cookie: `${SESSION_COOKIE}=${s.id}`, [CSRF_HEADER]: s.csrfToken });
  }
  const expiredUser = await createUser(db, {
    email: 'expired@matrix.test',
    name: 'expired',
    role: 'admin',
    team_id: null,
    passwordHash: UNUSABLE_HASH,
  });
  const expired = await createSession(db, expiredUser.id);
  await sql`update sessions set expires_at = ${Date.now() - 1000} where user_id = ${expiredUser.id}`.execute(
    db,
  );
  headers.set('expired session', {
    cookie: `${SESSION_COOKIE}=${expired.id}`,
    [CSRF_HEADER]: expired.csrfToken,
  });
  const token = await createToken(db, 'matrix', 'admin@matrix.test');
  headers.set('token', { authorization: `Bearer ${token.token}` });
  const revoked = await createToken(db, 'revoked', 'admin@matrix.test');
  await revokeToken(db, revoked.id);
  headers.set('revoked token', { authorization: `Bearer ${revoked.token}` });
  headers.set('unknown token', { authorization: 'Bearer pct_notatokenthisserverissued' });
  headers.set('anonymous', {});
});
afterAll(async () => database.close());

function apiRoutes(): string[] {
  const seen = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen].sort();
}

describe('the authorization matrix', () => {
  it('lists every API route, and only those', () => {
    expect(apiRoutes()).toEqual(Object.keys(MATRIX).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([route, need]) =>
    ACTORS.map((actor) => [route, need, actor] as const),
  );
  it.each(cases)('%s, %s route, as %s', async (route, need, actor) => {
    const [method, pattern] = route.split(' ') as [string, string];
    const path = pattern.replace(/:kind/, need === 'manage' ? 'teams' : 'customers').replace(/:[a-z]+/g, 'x');
    const hasBody = method !== 'GET' && method !== 'DELETE';
    // signing out ends the session: that row gets a session of its own
    const own = route === 'DELETE /api/v1/session' && roleUsers.has(actor) ? await throwaway(actor) : null;
    const res = await app.request(path, {
      method,
      headers: {
        ...(own ?? headers.get(actor) ?? {}),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(hasBody
        ? { body: route === 'POST /api/v1/session' ? '{"email":"nobody@x","password":"x"}' : '{}' }
        : {}),
    });
    const want = expected(need, actor);
    if (want === 'allowed') {
      // past the access layer: a 401 here could only be a wrong sign-in (the public login)
      if (route === 'POST /api/v1/session') expect([401, 429]).toContain(res.status);
      else expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(want);
      expect((await res.json()).error.code).toBeTypeOf('string');
    }
  });
});

describe('sessions', () => {
  it('a request that changes something without the CSRF header is refused', async () => {
    const { [CSRF_HEADER]: _, ...cookieOnly } = headers.get('admin') ?? {};
    const res = await app.request('/api/v1/tokens', {
      method: 'POST',
      headers: { ...cookieOnly, 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf');
  });
});
