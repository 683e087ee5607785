/**
 * Who is asking, and may they? `identify` runs first on every /api request and reads the
 * credentials (a session cookie, or a bearer API token); each route then declares what it
 * needs with `allow(…)`. A route without `allow` is refused by `requireDeclared` below, and
 * the authorization matrix test fails on any route it does not list.
 */
import { checkToken, principalOfSession } from '@parcours/db';
import { can, type Permission, SESSION_HINT_COOKIE, ZError } from '@parcours/domain';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context.ts';
import { errorBody } from '../errors.ts';

export const SESSION_COOKIE = 'parcours_session';
/** The known-device cookie (auth/sign-in-throttle.ts), sent to the sign-in route only. */
export const DEVICE_COOKIE = 'parcours_device';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The HTTP-only session cookie, and beside it the readable hint that a session exists; the
 * browser keeps them as long as the session may last (the server also ends idle sessions).
 */
export function setSessionCookies(
  c: Context,
  sessionId: string,
  secure: boolean,
  maxAgeSeconds: number,
): void {
  const options = { sameSite: 'Lax', secure, path: '/', maxAge: maxAgeSeconds } as const;
  setCookie(c, SESSION_COOKIE, sessionId, { ...options, httpOnly: true });
  setCookie(c, SESSION_HINT_COOKIE, '1', options);
}

export function clearSessionCookies(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  deleteCookie(c, SESSION_HINT_COOKIE, { path: '/' });
}

export const identify: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db } = c.get('database');
  c.set('principal', null);
  c.set('token', null);
  c.set('credential', 'none');
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const [scheme, value] = authorization.split(' ', 2);
    const token = scheme?.toLowerCase() === 'bearer' && value ? await checkToken(db, value.trim()) : null;
    c.set('token', token);
    c.set('credential', token ? 'token' : 'bad-token');
  } else {
    const sessionId = getCookie(c, SESSION_COOKIE);
    if (sessionId) {
      const principal = await principalOfSession(db, sessionId, c.get('sessionLifetime'));
      c.set('principal', principal);
      c.set('credential', principal ? 'session' : 'expired-session');
      // an ended session: the browser forgets it, so the app goes to the sign-in page by itself
      if (!principal) clearSessionCookies(c);
    }
  }
  await next();
};

const refuse = (c: Context, status: 401 | 403, code: string, message: string) =>
  c.json(errorBody(code, message), status);

export type Need = Permission | 'ingest' | 'signed-in' | 'public';

/** The route's requirement: a permission of the user's role, an API token, or nothing. */
export function allow(need: Need): MiddlewareHandler<AppEnv> {
  const handler: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('declared', true);
    if (need === 'public') return next();
    const credential = c.get('credential');
    if (credential === 'bad-token')
      return refuse(c, 401, 'unauthorized', 'the API token is unknown or revoked');
    if (need === 'ingest') {
      if (credential === 'token') return next();
      if (credential === 'session')
        return refuse(
          c,
          403,
          'forbidden',
          'ingestion takes an API token (Authorization: Bearer …), not a session',
        );
      return refuse(c, 401, 'unauthorized', 'send an API token: Authorization: Bearer …');
    }
    if (credential === 'token') return refuse(c, 403, 'forbidden', 'API tokens may only ingest records');
    const principal = c.get('principal');
    if (!principal) {
      return refuse(
        c,
        401,
        'unauthorized',
        credential === 'expired-session' ? 'your session has expired; sign in again' : 'sign in first',
      );
    }
    if (UNSAFE.has(c.req.method) && c.req.header(CSRF_HEADER) !== principal.session.csrfToken) {
      return refuse(c, 403, 'csrf', `send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
    if (need !== 'signed-in' && !can(principal.user.role, need)) {
      return refuse(c, 403, 'forbidden', `your role (${principal.user.role}) may not do this`);
    }
    return next();
  };
  return handler;
}

/** How long a refused expensive request is told to wait before asking again. */
export const EXPENSIVE_RETRY_AFTER_SECONDS = 1;

/**
 * Declares a route expensive (it reads many records or rollup rows: KPIs, drill-down,
 * goal status…), beside its `allow(…)` and after it: a user, or a token, may have at most
 * AppOptions.expensivePerUser such requests in flight in this process. One more is refused
 * at once with a 429 and Retry-After, never queued.
 */
export const expensive: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = c.get('principal');
  const token = c.get('token');
  const key = principal ? `user:${principal.user.id}` : token ? `token:${token.id}` : null;
  // `allow` has refused anyone else already
  if (key === null) return next();
  const inFlight = c.get('inFlight');
  if (!inFlight.tryEnter(key)) {
    c.header('Retry-After', String(EXPENSIVE_RETRY_AFTER_SECONDS));
    return c.json(
      errorBody(
        'too_many_requests',
        `you already have ${inFlight.perKey} expensive requests (KPIs, drill-downs, goal status, searches) running; wait for one to finish, then try again`,
      ),
      429,
    );
  }
  try {
    await next();
  } finally {
    inFlight.leave(key);
  }
};

/** The answers every expensive route may give besides its own, for its OpenAPI description. */
export const expensiveResponses = {
  429: {
    content: { 'application/json': { schema: ZError } },
    description: 'Too many of your expensive requests at once; retry after Retry-After seconds',
  },
  503: {
    content: { 'application/json': { schema: ZError } },
    description: 'The database is overloaded (statement timeout, busy); retry after Retry-After seconds',
  },
} as const;

/** Runs after routing: a matched API route that declared nothing is refused, never open. */
export const requireDeclared: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('declared', false);
  await next();
  if (!c.get('declared') && c.res.status < 400) {
    c.res = c.json(errorBody('forbidden', 'this route declares no access rule'), 403);
  }
};

/** The signed-in user (routes behind `allow('read' | 'manage' | 'signed-in')` have one). */
export function principalOf(c: Context<AppEnv>) {
  const p = c.get('principal');
  if (!p) throw new Error('principalOf used on a route without a signed-in requirement');
  return p;
}

export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}
