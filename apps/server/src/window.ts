/** `from`/`to` query parameters → a window in epoch ms, in the organisation's time zone. */
import { nextLocalMidnight, parseInstant, type Window } from '@parcours/domain';
import { DateTime } from 'luxon';
import { BadRequest } from './errors.ts';

const MAX_SPAN_MS = 20 * 366 * 86_400_000;

/** Defaults to the last 30 days, today included. */
export function resolveWindow(q: { from?: string; to?: string }, zone: string, now = Date.now()): Window {
  const to = q.to !== undefined ? parseInstant(q.to, zone) : nextLocalMidnight(now, zone);
  const from =
    q.from !== undefined
      ? parseInstant(q.from, zone)
      : to === null
        ? null
        : DateTime.fromMillis(to, { zone }).minus({ days: 30 }).toMillis();
  const details = [];
  if (from === null) details.push({ field: 'from', reason: `'${q.from}' is not a valid date or time` });
  if (to === null) details.push({ field: 'to', reason: `'${q.to}' is not a valid date or time` });
  if (from !== null && to !== null && from >= to) details.push({ field: 'to', reason: 'must be after from' });
  if (from !== null && to !== null && to - from > MAX_SPAN_MS)
    details.push({ field: 'from', reason: 'the window may span at most 20 years' });
  if (details.length || from === null || to === null) throw new BadRequest('the window is invalid', details);
  return { from, to };
}
