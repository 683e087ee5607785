/** Sign-in, users, API tokens, the audit trail, and organisation management (admins). */
import { createRoute, z } from '@hono/zod-openapi';
import {
  audit,
  createKnownDevice,
  createSession,
  createToken,
  createUser,
  endSession,
  findKnownDevice,
  findUserByEmail,
  forgetKnownDevice,
  getUser,
  ingest,
  listAudit,
  listTokens,
  listUsers,
  loadSettings,
  principalOfSession,
  revokeToken,
  updateUser,
} from '@parcours/db';
import {
  parseInstant,
  ZAuditList,
  ZAuditQuery,
  ZCreatedToken,
  ZError,
  ZExportNotice,
  ZIngestResult,
  ZLogin,
  ZSession,
  ZToken,
  ZTokenInput,
  ZUser,
  ZUserInput,
  ZUserPatch,
} from '@parcours/domain';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import {
  allow,
  clearSessionCookies,
  clientIp,
  DEVICE_COOKIE,
  principalOf,
  setSessionCookies,
} from '../auth/guard.ts';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from '../auth/passwords.ts';
import {
  countersFor,
  KNOWN_DEVICE_LIFETIME_MS,
  signInSucceeded,
  startSignIn,
} from '../auth/sign-in-throttle.ts';
import { type AppEnv, idParams, jsonContent, router } from '../context.ts';
import { errorBody } from '../errors.ts';

const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const unauthorized = jsonContent(ZError, 'Not signed in');
const forbidden = jsonContent(ZError, 'Not allowed');

function sessionBody(p: NonNullable<AppEnv['Variables']['principal']>) {
  return {
    user: p.user,
    scope: p.scope,
    csrfToken: p.session.csrfToken,
    expiresAt: new Date(p.session.expiresAt).toISOString(),
  };
}

function actor(c: Context<AppEnv>) {
  const p = c.get('principal');
  return {
    user: p ? { id: p.user.id, email: p.user.email } : null,
    ip: clientIp(c, c.get('trustProxy')),
  };
}

const loginRoute = createRoute({
  method: 'post',
  path: '/session',
  summary: 'Sign in with e-mail and password; sets an HTTP-only session cookie',
  middleware: [allow('public')] as const,
  request: { body: body(ZLogin) },
  responses: {
    200: jsonContent(ZSession, 'Signed in'),
    400: jsonContent(ZError, 'Invalid request'),
    401: jsonContent(ZError, 'Wrong e-mail or password'),
    429: jsonContent(ZError, 'Too many failed sign-ins: wait the seconds of the Retry-After header'),
  },
});
const sessionRoute = createRoute({
  method: 'get',
  path: '/session',
  summary: 'The signed-in user, their scope and the CSRF token',
  middleware: [allow('signed-in')] as const,
  responses: { 200: jsonContent(ZSession, 'The session'), 401: unauthorized },
});
const logoutRoute = createRoute({
  method: 'delete',
  path: '/session',
  summary: 'Sign out',
  middleware: [allow('signed-in')] as const,
  responses: { 204: { description: 'Signed out' }, 401: unauthorized, 403: forbidden },
});
const listUsersRoute = createRoute({
  method: 'get',
  path: '/users',
  summary: 'Users (admins)',
  middleware: [allow('manage')] as const,
  responses: { 200: jsonContent(z.array(ZUser), 'Users'), 401: unauthorized, 403: forbidden },
});
const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  summary: 'Create a user (admins)',
  middleware: [allow('manage')] as const,
  request: { body: body(ZUserInput) },
  responses: {
    201: jsonContent(ZUser, 'Created'),
    400: jsonContent(ZError, 'Invalid user'),
    401: unauthorized,
    403: forbidden,
  },
});
const updateUserRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  summary: 'Change a user: name, role, team, password, disabled (admins); ends their sessions',
  middleware: [allow('manage')] as const,
  request: { params: idParams, body: body(ZUserPatch) },
  responses: {
    200: jsonContent(ZUser, 'Updated'),
    400: jsonContent(ZError, 'Invalid user'),
    401: unauthorized,
    403: forbidden,
    404: jsonContent(ZError, 'No such user'),
  },
});
const listTokensRoute = createRoute({
  method: 'get',
  path: '/tokens',
  summary: 'Ingestion API tokens (admins); secrets are never shown again',
  middleware: [allow('manage')] as const,
  responses: { 200: jsonContent(z.array(ZToken), 'Tokens'), 401: unauthorized, 403: forbidden },
});
const createTokenRoute = createRoute({
  method: 'post',
  path: '/tokens',
  summary: 'Create an ingestion token (admins); the secret is in this answer only',
  middleware: [allow('manage')] as const,
  request: { body: body(ZTokenInput) },
  responses: {
    201: jsonContent(ZCreatedToken, 'Created'),
    400: jsonContent(ZError, 'Invalid'),
    401: unauthorized,
    403: forbidden,
  },
});
const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  summary: 'Revoke an ingestion token (admins)',
  middleware: [allow('manage')] as const,
  request: { params: idParams },
  responses: {
    200: jsonContent(ZToken, 'Revoked'),
    401: unauthorized,
    403: forbidden,
    404: jsonContent(ZError, 'No such token'),
  },
});
const auditRoute = createRoute({
  method: 'get',
  path: '/audit',
  summary: 'The audit trail: views of customer records and exports, sign-ins, changes (admins)',
  middleware: [allow('manage')] as const,
  request: { query: ZAuditQuery },
  responses: {
    200: jsonContent(ZAuditList, 'Entries, newest first'),
    400: jsonContent(ZError, 'Invalid'),
    401: unauthorized,
    403: forbidden,
  },
});
const exportRoute = createRoute({
  method: 'post',
  path: '/audit/exports',
  summary: 'Record a CSV export in the audit trail (the dashboard calls it before every download)',
  middleware: [allow('read')] as const,
  request: { body: body(ZExportNotice) },
  responses: {
    204: { description: 'Recorded' },
    400: jsonContent(ZError, 'Invalid'),
    401: unauthorized,
    403: forbidden,
  },
});
const orgRoute = createRoute({
  method: 'post',
  path: '/organisation/{kind}',
  summary: 'Create or change departments, teams or touchpoints (admins), like ingestion',
  middleware: [allow('manage')] as const,
  request: {
    params: z.object({ kind: z.enum(['departments', 'teams', 'touchpoints']) }),
    body: body(z.object({ records: z.array(z.unknown()).min(1).max(1000) })),
  },
  responses: {
    200: jsonContent(ZIngestResult, 'Applied'),
    400: jsonContent(ZError, 'Invalid'),
    401: unauthorized,
    403: forbidden,
  },
});

export function accessRoutes(options: { secureCookies: boolean | 'auto' }) {
  const cookieSecure = (c: Context<AppEnv>) =>
    options.secureCookies === 'auto'
      ? new URL(c.req.url).protocol === 'https:' ||
        (c.get('trustProxy') && c.req.header('x-forwarded-proto') === 'https')
      : options.secureCookies;

  return router()
    .openapi(loginRoute, async (c) => {
      const { email, password } = c.req.valid('json');
      const { db } = c.get('database');
      const ip = clientIp(c, c.get('trustProxy')) ?? 'unknown';
      const now = Date.now();
      const user = await findUserByEmail(db, email);
      // the same look-ups whether the e-mail is known or not (a device is some user's or none)
      const deviceSecret = getCookie(c, DEVICE_COOKIE);
      const device = deviceSecret ? await findKnownDevice(db, deviceSecret, now) : null;
      const knownDevice = device && device.userId === user?.id ? device : null;
      const counters = countersFor(email, ip, knownDevice);
      const start = await startSignIn(db, counters.counters, now);
      if (start.attemptId === null) {
        const seconds = Math.ceil(start.waitMs / 1000);
        c.header('Retry-After', String(seconds));
        return c.json(
          errorBody('too_many_attempts', `too many failed sign-ins; try again in ${seconds} s`),
          429,
        );
      }
      // the hash is checked even for an unknown e-mail, so timing does not tell them apart
      const ok = await verifyPassword(password, user?.password_hash ?? UNUSABLE_HASH);
      if (!user || !ok || user.disabled_at !== null) {
        // the attempt stays counted: it was a failure
        await audit(db, { action: 'session.login_failed', target: email, ip });
        return c.json(errorBody('unauthorized', 'wrong e-mail or password'), 401);
      }
      await signInSucceeded(db, start.attemptId, counters);
      const lifetime = c.get('sessionLifetime');
      const session = await createSession(db, user.id, lifetime);
      const secure = cookieSecure(c);
      setSessionCookies(c, session.id, secure, Math.floor(lifetime.absoluteMs / 1000));
      // a new device secret on each sign-in (the browser holds one: a shared computer's is
      // now this user's); the old secret stops working
      if (device) await forgetKnownDevice(db, device.idHash);
      setCookie(c, DEVICE_COOKIE, await createKnownDevice(db, user.id, now, KNOWN_DEVICE_LIFETIME_MS), {
        httpOnly: true,
        secure,
        sameSite: 'Strict',
        path: '/api/v1/session', // only the sign-in route needs it
        maxAge: KNOWN_DEVICE_LIFETIME_MS / 1000,
      });
      const principal = await principalOfSession(db, session.id, lifetime);
      if (!principal) throw new Error('a new session could not be read back');
      await audit(db, {
        user: { id: user.id, email: user.email },
        action: 'session.login',
        ip,
        details: { known_device: knownDevice !== null },
      });
      return c.json(sessionBody(principal), 200);
    })
    .openapi(sessionRoute, (c) => c.json(sessionBody(principalOf(c)), 200))
    .openapi(logoutRoute, async (c) => {
      const p = principalOf(c);
      const { db } = c.get('database');
      await endSession(db, p.session.idHash);
      clearSessionCookies(c);
      await audit(db, { ...actor(c), action: 'session.logout' });
      return c.body(null, 204);
    })
    .openapi(listUsersRoute, async (c) => c.json(await listUsers(c.get('database').db), 200))
    .openapi(createUserRoute, async (c) => {
      const { password, ...input } = c.req.valid('json');
      const { db } = c.get('database');
      const user = await createUser(db, { ...input, passwordHash: await hashPassword(password) });
      await audit(db, {
        ...actor(c),
        action: 'user.create',
        target: user.email,
        details: { role: user.role, team: user.team_id },
      });
      return c.json(user, 201);
    })
    .openapi(updateUserRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { password, ...patch } = c.req.valid('json');
      const { db } = c.get('database');
      await getUser(db, id);
      const user = await updateUser(db, id, {
        ...patch,
        ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
      });
      await audit(db, {
        ...actor(c),
        action: 'user.update',
        target: user.email,
        details: { ...patch, ...(password !== undefined ? { password: 'changed' } : {}) },
      });
      return c.json(user, 200);
    })
    .openapi(listTokensRoute, async (c) => c.json(await listTokens(c.get('database').db), 200))
    .openapi(createTokenRoute, async (c) => {
      const { db } = c.get('database');
      const token = await createToken(db, c.req.valid('json').name, principalOf(c).user.email);
      await audit(db, {
        ...actor(c),
        action: 'token.create',
        target: token.id,
        details: { name: token.name },
      });
      return c.json(token, 201);
    })
    .openapi(revokeTokenRoute, async (c) => {
      const { db } = c.get('database');
      const token = await revokeToken(db, c.req.valid('param').id);
      await audit(db, {
        ...actor(c),
        action: 'token.revoke',
        target: token.id,
        details: { name: token.name },
      });
      return c.json(token, 200);
    })
    .openapi(auditRoute, async (c) => {
      const q = c.req.valid('query');
      const { db } = c.get('database');
      const { time_zone } = await loadSettings(db);
      const from = q.from === undefined ? undefined : (parseInstant(q.from, time_zone) ?? undefined);
      const to = q.to === undefined ? undefined : (parseInstant(q.to, time_zone) ?? undefined);
      return c.json(await listAudit(db, { ...q, from, to }), 200);
    })
    .openapi(exportRoute, async (c) => {
      const notice = c.req.valid('json');
      await audit(c.get('database').db, {
        ...actor(c),
        action: 'export',
        target: notice.view,
        details: notice,
      });
      return c.body(null, 204);
    })
    .openapi(orgRoute, async (c) => {
      const { kind } = c.req.valid('param');
      const database = c.get('database');
      const result = await ingest(database, kind, c.req.valid('json').records);
      await audit(database.db, { ...actor(c), action: 'organisation.update', target: kind, details: result });
      return c.json(result, 200);
    });
}

export { actor };
