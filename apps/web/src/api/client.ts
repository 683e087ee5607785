/**
 * The one way the web app talks to the server: every request goes through `apiRequest`,
 * every response is parsed with its contract schema from @parcours/domain, every error body
 * becomes an ApiError, the session's CSRF token goes with every change, and a 401 sends the
 * user to the sign-in page. Expensive reads take turns (at most as many at once as the
 * server allows one user) and wait out a 429 before asking again.
 */
import { COST_LIMITS, ZError } from '@parcours/domain';
import type { z } from 'zod';
import { ApiError } from './api-error.ts';
import { takeEarly } from './early-fetch.ts';
import { type QueryParams, toQueryString } from './query-string.ts';
import { RequestGate } from './request-gate.ts';
import { csrfToken, notifyUnauthorized } from './session.ts';

export const API_BASE = '/api/v1';

type RequestOptions<S extends z.ZodType> = {
  schema: S;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  /** a route the server declares expensive (auth/guard.ts `expensive`): takes its turn */
  expensive?: boolean;
};

/** This tab's expensive requests in flight: no more than the server accepts from one user. */
export const expensiveGate = new RequestGate(COST_LIMITS.expensivePerUser);

/** How often an expensive request refused with 429 (another tab's, another window's) is asked again. */
const RETRIES_AFTER_429 = 3;

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Retry-After in seconds (the server sends whole seconds), as milliseconds; 1 s when absent. */
function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after') ?? '1');
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 30) * 1000 : 1000;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds (the server sends seconds, never a date); null when absent. */
function retryAfterSeconds(response: Response): number | null {
  const value = response.headers.get('retry-after')?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

function errorFrom(response: Response, body: unknown): ApiError {
  const parsed = ZError.safeParse(body);
  const retryAfter = retryAfterSeconds(response);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details ?? [], retryAfter);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    response.statusText || `HTTP ${response.status}`,
    [],
    retryAfter,
  );
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function headersFor(method: string, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  const csrf = csrfToken();
  if (UNSAFE.has(method) && csrf) headers['x-csrf-token'] = csrf;
  return headers;
}

export async function apiRequest<S extends z.ZodType>(
  path: string,
  options: RequestOptions<S>,
): Promise<z.output<S>> {
  if (!options.expensive) return send(path, options);
  return expensiveGate.run(async () => {
    for (let retry = 0; ; retry++) {
      try {
        return await send(path, options);
      } catch (error) {
        if (!(error instanceof RetryLater) || retry >= RETRIES_AFTER_429) throw error;
        await pause(error.afterMs, options.signal);
      }
    }
  }, options.signal);
}

/** A 429 of an expensive request: asked again after `afterMs`, unless it was the last try. */
class RetryLater extends ApiError {
  constructor(
    readonly afterMs: number,
    from: ApiError,
  ) {
    super(from.status, from.code, from.message, from.details);
  }
}

async function send<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.output<S>> {
  const { schema, method = 'GET', query, body, signal } = options;
  const url = `${API_BASE}${path}${query ? toQueryString(query) : ''}`;
  let response: Response;
  try {
    const ask = () =>
      fetch(url, {
        method,
        signal,
        credentials: 'same-origin',
        headers: headersFor(method, body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const early = method === 'GET' ? await takeEarly(url)?.catch(() => undefined) : undefined;
    // an early "sign in first" may predate the session that asks now: only a fresh answer counts
    response = early && early.status !== 401 ? early : await ask();
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  const json = response.status === 204 ? null : await readJson(response);
  if (!response.ok) {
    // "sign in first" (an expired session, or none): the app sends the user to the sign-in page
    if (response.status === 401 && path !== '/session') notifyUnauthorized();
    const error = errorFrom(response, json);
    if (response.status === 429 && options.expensive) throw new RetryLater(retryAfterMs(response), error);
    throw error;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.warn(`Unexpected response from ${method} ${url}`, parsed.error.issues);
    throw new ApiError(response.status, 'invalid_response', `Unexpected response from ${path}`);
  }
  return parsed.data;
}
