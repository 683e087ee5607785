/**
 * Validation of a batch: the zod record schema, then what needs the organisation's time
 * zone (instants) and cross-field rules. Produces database-ready rows or error details.
 */
import {
  type ErrorDetail,
  parseInstant,
  RECORD_SCHEMAS,
  type RecordKind,
  type RecordOf,
} from '@parcours/domain';
import type { z } from 'zod';
import { InvalidInputError } from '../errors.ts';

/** A rejected batch: every bad record's index, field and reason. */
export class IngestError extends InvalidInputError {
  override name = 'IngestError';
}

/** At most this many details are returned: enough to fix a file, not enough to flood. */
export const MAX_ERROR_DETAILS = 1000;

/** Every field present: what was absent is null. */
type Complete<T> = { [P in keyof T]-?: Exclude<T[P], undefined> };

export type Normalized<K extends RecordKind> = K extends 'customers'
  ? Complete<Omit<RecordOf<'customers'>, 'acquired_at' | 'churned_at'>> & {
      acquired_at: number | null;
      churned_at: number | null;
    }
  : K extends 'interactions'
    ? Complete<Omit<RecordOf<'interactions'>, 'occurred_at' | 'resolved_at'>> & {
        occurred_at: number;
        resolved_at: number | null;
      }
    : K extends 'feedback'
      ? Complete<Omit<RecordOf<'feedback'>, 'submitted_at'>> & { submitted_at: number }
      : RecordOf<K>;

export type Validated<K extends RecordKind> = { index: number; record: Normalized<K> };

function issueDetails(index: number, id: string | undefined, error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    index,
    ...(id !== undefined ? { id } : {}),
    field: issue.path.length > 0 ? issue.path.join('.') : '(record)',
    reason: issue.message,
  }));
}

function idOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'string') return id.slice(0, 128);
  }
  return undefined;
}

/**
 * Validates every record; returns the normalized ones in order, or the details of every
 * problem. Within a batch the last record with a given id wins.
 */
export function validateBatch<K extends RecordKind>(
  kind: K,
  raws: readonly unknown[],
  zone: string,
  indexBase = 0,
): { valid: Validated<K>[]; errors: ErrorDetail[]; invalid: number } {
  const schema = RECORD_SCHEMAS[kind];
  const errors: ErrorDetail[] = [];
  let invalid = 0;
  const valid: Validated<K>[] = [];
  /** where each id sits in `valid`: a later record with the same id replaces it there */
  const at = new Map<string, number>();
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    const index = indexBase + i;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      invalid++;
      if (errors.length < MAX_ERROR_DETAILS) errors.push(...issueDetails(index, idOf(raw), parsed.error));
      continue;
    }
    const record = normalizeInstants(kind, parsed.data as RecordOf<K>, zone, index, errors);
    if (!record) {
      invalid++;
      continue;
    }
    const previous = at.get(record.id);
    if (previous === undefined) {
      at.set(record.id, valid.length);
      valid.push({ index, record });
    } else valid[previous] = { index, record };
  }
  return { valid, errors: errors.slice(0, MAX_ERROR_DETAILS), invalid };
}

function instant(
  value: string | null | undefined,
  field: string,
  zone: string,
  index: number,
  id: string,
  errors: ErrorDetail[],
): number | null | undefined {
  if (value == null) return null;
  const ms = parseInstant(value, zone);
  if (ms === null) {
    errors.push({ index, id, field, reason: `'${value}' is not a valid date or time` });
    return undefined;
  }
  return ms;
}

function normalizeInstants<K extends RecordKind>(
  kind: K,
  r: RecordOf<K>,
  zone: string,
  index: number,
  errors: ErrorDetail[],
): Normalized<K> | null {
  const before = errors.length;
  if (kind === 'customers') {
    const c = r as RecordOf<'customers'>;
    const acquired_at = instant(c.acquired_at, 'acquired_at', zone, index, c.id, errors);
    const churned_at = instant(c.churned_at, 'churned_at', zone, index, c.id, errors);
    if (errors.length > before || acquired_at === undefined || churned_at === undefined) return null;
    if (acquired_at !== null && churned_at !== null && churned_at < acquired_at) {
      errors.push({ index, id: c.id, field: 'churned_at', reason: 'must not be before acquired_at' });
      return null;
    }
    const customer: Normalized<'customers'> = {
      id: c.id,
      name: c.name,
      email: c.email ?? null,
      segment: c.segment ?? null,
      region: c.region ?? null,
      acquired_at,
      churned_at,
    };
    return customer as Normalized<K>;
  }
  if (kind === 'interactions') {
    const x = r as RecordOf<'interactions'>;
    const occurred_at = instant(x.occurred_at, 'occurred_at', zone, index, x.id, errors);
    const resolved_at = instant(x.resolved_at, 'resolved_at', zone, index, x.id, errors);
    if (errors.length > before || occurred_at == null || resolved_at === undefined) return null;
    if (resolved_at !== null && resolved_at < occurred_at) {
      errors.push({ index, id: x.id, field: 'resolved_at', reason: 'must not be before occurred_at' });
      return null;
    }
    const interaction: Normalized<'interactions'> = {
      id: x.id,
      customer_id: x.customer_id,
      touchpoint_id: x.touchpoint_id,
      team_id: x.team_id ?? null,
      occurred_at,
      kind: x.kind,
      wait_seconds: x.wait_seconds ?? null,
      resolved_at,
      abandoned: x.abandoned ?? null,
      converted: x.converted ?? null,
      revenue: x.revenue ?? null,
    };
    return interaction as Normalized<K>;
  }
  if (kind === 'feedback') {
    const f = r as RecordOf<'feedback'>;
    const submitted_at = instant(f.submitted_at, 'submitted_at', zone, index, f.id, errors);
    if (errors.length > before || submitted_at == null) return null;
    const answer: Normalized<'feedback'> = {
      id: f.id,
      customer_id: f.customer_id,
      touchpoint_id: f.touchpoint_id,
      interaction_id: f.interaction_id ?? null,
      team_id: f.team_id ?? null,
      submitted_at,
      survey: f.survey,
      score: f.score,
      comment: f.comment ?? null,
      mode: f.mode,
    };
    return answer as Normalized<K>;
  }
  return r as Normalized<K>;
}

/** Lower-case, accent-free text for searching customers ("Hélène" matches "helene"). */
export function searchText(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
