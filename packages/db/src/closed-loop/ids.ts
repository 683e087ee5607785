import { randomBytes } from 'node:crypto';

let seq = 0;

/**
 * Ids that sort by time on every engine (code-point order of text): the time in ms, a
 * per-process sequence, and random bits so several processes never collide.
 */
export function timeOrderedId(at: number): string {
  seq = (seq + 1) % 1_000_000;
  const ms = Math.max(0, Math.floor(at)).toString().padStart(14, '0');
  return `${ms}-${String(seq).padStart(6, '0')}-${randomBytes(5).toString('hex')}`;
}

export function parseJsonList<T = string>(text: string | null): T[] | null {
  if (text === null) return null;
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? (v as T[]) : null;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Ids per `where id in (…)`: well under every engine's bound-parameter limit. */
export const ID_CHUNK = 900;
