/**
 * One error shape for every failure: { error: { code, message, details? } }. Bodies never
 * carry stack traces or SQL; unexpected errors are logged here and answered with a 500.
 */

import {
  ForbiddenError,
  IngestError,
  InvalidInputError,
  NotFoundError,
  overloadOf,
  TooCostlyError,
} from '@parcours/db';
import { type ErrorDetail, TOO_COSTLY } from '@parcours/domain';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export function errorBody(code: string, message: string, details?: ErrorDetail[]) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message }));
}

/** A request input that fails validation outside the route's own schema. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly details: ErrorDetail[],
  ) {
    super(message);
  }
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof IngestError) return c.json(errorBody('invalid_records', err.message, err.details), 400);
  if (err instanceof InvalidInputError || err instanceof BadRequest)
    return c.json(errorBody('invalid_request', err.message, err.details), 400);
  if (err instanceof TooCostlyError) return c.json(errorBody(TOO_COSTLY, err.message, err.details), 400);
  if (err instanceof NotFoundError) return c.json(errorBody('not_found', err.message), 404);
  if (err instanceof ForbiddenError)
    return c.json(errorBody('forbidden', err.message, err.details.length ? err.details : undefined), 403);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    if (status === 400 && /malformed json/i.test(err.message))
      return c.json(errorBody('invalid_json', 'the body is not valid JSON'), 400);
    const codes: Record<number, string> = {
      401: 'unauthorized',
      403: 'forbidden',
      413: 'payload_too_large',
      415: 'unsupported_media_type',
    };
    return c.json(errorBody(codes[status] ?? 'http_error', err.message || 'request refused'), status);
  }
  if (err instanceof SyntaxError) return c.json(errorBody('invalid_json', 'the body is not valid JSON'), 400);
  // a statement timeout, a busy database, no free connection: "not now", never a 500
  const overload = overloadOf(err);
  if (overload) {
    console.warn(`[parcours] ${c.req.method} ${c.req.path}: ${overload.reason}: ${err.message}`);
    c.header('Retry-After', String(overload.retryAfterSeconds));
    return c.json(errorBody('overloaded', overload.message), 503);
  }
  console.error(`[parcours] ${c.req.method} ${c.req.path} failed:`, err);
  return c.json(errorBody('internal', 'an unexpected error occurred; it has been logged'), 500);
}

/** The zod-openapi validation hook: a failed input becomes a 400 naming every field. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError },
  c: Context,
): Response | undefined {
  if (!result.success) {
    // a refinement of cost-limits.ts (a page too deep) marks its issue: answer it as such
    const costly = result.error.issues.find((i) => i.code === 'custom' && i.params?.[TOO_COSTLY] === true);
    return costly
      ? c.json(errorBody(TOO_COSTLY, costly.message, zodDetails(result.error)), 400)
      : c.json(errorBody('invalid_request', 'the request is invalid', zodDetails(result.error)), 400);
  }
  return undefined;
}
