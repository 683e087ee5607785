/**
 * A JSON body must be UTF-8 (RFC 8259). Decoding turns bytes that are not into U+FFFD, which
 * would store an id unlike the one sent, or make two different ids one (decision 010): such
 * a body is refused, naming the fields where those bytes were. Runs after the body limit.
 */
import { isUtf8 } from 'node:buffer';
import { type ErrorDetail, NOT_UTF8_REASON } from '@parcours/domain';
import type { Context, Next } from 'hono';
import { BadRequest } from './errors.ts';

/** The paths of the strings (keys included) of a JSON value that hold U+FFFD. */
function replacedFields(value: unknown, path: string[] = []): string[] {
  const at = (p: string[]) => p.join('.') || '(body)';
  if (typeof value === 'string') return value.includes('\ufffd') ? [at(path)] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(key.includes('\ufffd') ? [at([...path, key])] : []),
    ...replacedFields(v, [...path, key]),
  ]);
}

export async function utf8Body(c: Context, next: Next): Promise<void> {
  if (!c.req.header('content-type')?.includes('json') || isUtf8(await c.req.arrayBuffer())) {
    await next();
    return;
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  let fields: string[] = [];
  try {
    fields = replacedFields(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    // not JSON either: the body as a whole
  }
  const details: ErrorDetail[] = (fields.length > 0 ? fields : ['(body)'])
    .slice(0, 100)
    .map((field) => ({ field, reason: NOT_UTF8_REASON }));
  throw new BadRequest('the body is not UTF-8 text; nothing was written', details);
}
