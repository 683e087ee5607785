/**
 * The canonical records of kpis.md, as accepted by the ingestion API and the CSV import.
 * Times are ISO 8601 strings here; the writer turns them into epoch milliseconds in the
 * organisation's time zone (a time without an offset is local to that zone).
 */
import { z } from 'zod';
import { YEAR_RANGE_REASON, yearInRange } from '../time.ts';
import { STORABLE_TEXT, ZText } from './text.ts';

// One wording for a missing field everywhere (API, CSV import, forms): "is required".
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
});

export const JOURNEY_STAGES = [
  'awareness',
  'consideration',
  'purchase',
  'usage',
  'service',
  'loyalty',
] as const;
export const MEDIA_TYPES = ['paid', 'owned', 'earned'] as const;
export const PRESENCES = ['digital', 'physical'] as const;
export const LIFECYCLE_STATUSES = ['emerging', 'active', 'declining', 'retired'] as const;
export const SURVEYS = ['nps', 'csat', 'ces'] as const;
export const SURVEY_MODES = ['transactional', 'relational'] as const;
export const RECORD_KINDS = [
  'departments',
  'teams',
  'touchpoints',
  'customers',
  'interactions',
  'feedback',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const SCORE_RANGES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

/**
 * A source system's id: kept exactly as sent (no Unicode normalisation), but for surrounding
 * white space, so that it matches when echoed back (decision 010).
 */
export const ZId = ZText.trim().min(1, 'must not be empty').max(128, 'at most 128 characters');
const ZName = ZText.trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
/** An e-mail address (its format checked first: a bad one gets one reason). */
export const ZEmail = z.email({ error: 'must be an e-mail address', abort: true }).check(STORABLE_TEXT);
/** a lower-case word such as `web`, `store` or `complaint` */
export const ZSlug = ZText.trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be a word of letters, digits, _ or - (at most 40)');
/** An ISO 8601 date or date-time in the years EARLIEST_YEAR–LATEST_YEAR (time.ts). */
export const ZInstant = ZText.regex(
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/,
  { error: 'must be an ISO 8601 date or date-time, e.g. 2026-03-14T23:30:00Z', abort: true },
).refine((text) => yearInRange(Number(text.slice(0, 4))), YEAR_RANGE_REASON);
/**
 * Absent and null both mean "not given". The writer's validation turns either into null
 * (ingest/validate.ts): a zod transform here cost more than the rest of a record's checks.
 */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish();

export const ZDepartmentRecord = z.strictObject({ id: ZId, name: ZName });

export const ZTeamRecord = z.strictObject({ id: ZId, name: ZName, department_id: ZId });

export const ZTouchpointRecord = z.strictObject({
  id: ZId,
  name: ZName,
  channel: ZSlug,
  stage: z.enum(JOURNEY_STAGES),
  media: z.enum(MEDIA_TYPES),
  presence: z.enum(PRESENCES),
  team_id: ZId,
  status: z.enum(LIFECYCLE_STATUSES).default('active'),
});

export const ZCustomerRecord = z.strictObject({
  id: ZId,
  name: ZName,
  email: optional(ZEmail.max(320)),
  segment: optional(ZText.trim().min(1).max(100)),
  region: optional(ZText.trim().min(1).max(100)),
  acquired_at: optional(ZInstant),
  churned_at: optional(ZInstant),
});

export const ZInteractionRecord = z.strictObject({
  id: ZId,
  customer_id: ZId,
  touchpoint_id: ZId,
  team_id: optional(ZId),
  occurred_at: ZInstant,
  kind: ZSlug,
  wait_seconds: optional(z.number().min(0, 'must be ≥ 0').max(1e9, 'must be ≤ 1e9')),
  resolved_at: optional(ZInstant),
  abandoned: optional(z.boolean()),
  converted: optional(z.boolean()),
  revenue: optional(z.number().min(-1e12).max(1e12)),
});

export const ZFeedbackRecord = z
  .strictObject({
    id: ZId,
    customer_id: ZId,
    touchpoint_id: ZId,
    interaction_id: optional(ZId),
    team_id: optional(ZId),
    submitted_at: ZInstant,
    survey: z.enum(SURVEYS),
    score: z.number().int('must be a whole number'),
    comment: optional(ZText.max(10_000, 'at most 10,000 characters')),
    mode: z.enum(SURVEY_MODES).default('transactional'),
  })
  .superRefine((f, ctx) => {
    const [min, max] = SCORE_RANGES[f.survey];
    if (f.score < min || f.score > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `must be between ${min} and ${max} for ${f.survey}`,
      });
    }
  });

export const RECORD_SCHEMAS = {
  departments: ZDepartmentRecord,
  teams: ZTeamRecord,
  touchpoints: ZTouchpointRecord,
  customers: ZCustomerRecord,
  interactions: ZInteractionRecord,
  feedback: ZFeedbackRecord,
} as const;

export type DepartmentRecord = z.output<typeof ZDepartmentRecord>;
export type TeamRecord = z.output<typeof ZTeamRecord>;
export type TouchpointRecord = z.output<typeof ZTouchpointRecord>;
export type CustomerRecord = z.output<typeof ZCustomerRecord>;
export type InteractionRecord = z.output<typeof ZInteractionRecord>;
export type FeedbackRecord = z.output<typeof ZFeedbackRecord>;
export type RecordOf<K extends RecordKind> = z.output<(typeof RECORD_SCHEMAS)[K]>;

/** Column types for the CSV import, which reads every cell as text. */
export const NUMERIC_FIELDS = new Set(['wait_seconds', 'revenue', 'score']);
export const BOOLEAN_FIELDS = new Set(['abandoned', 'converted']);
