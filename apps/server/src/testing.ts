/**
 * Route tests sign their requests like the dashboard and the ingestion clients do: an admin
 * session (cookie + CSRF header) for the API, an ingestion token for /ingest. Access control
 * itself is tested on its own (auth/*.test.ts), route by route and role by role.
 */
import { createSession, createToken, createUser } from '@parcours/db';
import { type Role, ZError } from '@parcours/domain';
import { expect } from 'vitest';
import { type AppOptions, createApp } from './app.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './auth/guard.ts';
import { UNUSABLE_HASH } from './auth/passwords.ts';

export type TestApp = {
  request: (path: string, init?: RequestInit) => Promise<Response>;
  app: ReturnType<typeof createApp>;
  /** the session's cookie and CSRF headers, to send by hand */
  session: Record<string, string>;
};

let seq = 0;

export async function createTestApp(
  options: AppOptions,
  role: Role = 'admin',
  teamId: string | null = null,
): Promise<TestApp> {
  const app = createApp(options);
  const { db } = options.database;
  seq++;
  const user = await createUser(db, {
    email: `test-${role}-${seq}-${process.pid}@parcours.test`,
    name: `Test ${role}`,
    role,
    team_id: teamId,
    passwordHash: UNUSABLE_HASH,
  });
  const session = await createSession(db, user.id);
  const token = await createToken(db, `tests ${seq}`, user.email);
  const sessionHeaders = { cookie: `${SESSION_COOKIE}=${session.id}`, [CSRF_HEADER]: session.csrfToken };
  return {
    app,
    session: sessionHeaders,
    request: async (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (path.startsWith('/api/v1/ingest/')) {
        if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token.token}`);
      } else {
        for (const [k, v] of Object.entries(sessionHeaders)) headers.set(k, v);
      }
      return app.request(path, { ...init, headers });
    },
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Sends a JSON request as `app`'s user; the status and the parsed body (null when none). */
export async function call(app: TestApp, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: JSON_HEADERS,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
}

/** A request that must answer `status` (200 by default), its body parsed with its contract. */
export async function ok<T>(
  schema: { parse: (v: unknown) => T },
  app: TestApp,
  method: string,
  path: string,
  body?: unknown,
  status = 200,
) {
  const r = await call(app, method, path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return schema.parse(r.body);
}

/** A request that must be refused with `status`; the error it gives. */
export async function refused(app: TestApp, method: string, path: string, body: unknown, status: number) {
  const r = await call(app, method, path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return ZError.parse(r.body).error;
}
