/**
 * Request and response contracts of the HTTP API. The server validates every input with
 * these and documents them in its OpenAPI description; the web client is typed from them.
 */
import { z } from 'zod';
import { CASE_STATUSES, ROOT_CAUSES, RULE_TARGETS } from '../closed-loop.ts';
import { listDepthRefusal } from '../cost-limits.ts';
import { GOAL_STATUSES } from '../goals.ts';
import { KPI_IDS } from '../kpi-registry.ts';
import { YEAR_RANGE_REASON, yearInRange } from '../time.ts';
import {
  JOURNEY_STAGES,
  MEDIA_TYPES,
  PRESENCES,
  SURVEY_MODES,
  SURVEYS,
  ZId,
  ZInstant,
  ZSlug,
} from './records.ts';
import { ZText } from './text.ts';

// ── errors ──────────────────────────────────────────────────────────────────────────────
export const ZErrorDetail = z.object({
  /** index of the record in a batch, or CSV row number */
  index: z.number().int().optional(),
  row: z.number().int().optional(),
  id: z.string().optional(),
  field: z.string(),
  reason: z.string(),
});
export const ZError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(ZErrorDetail).optional(),
  }),
});
export type ErrorDetail = z.infer<typeof ZErrorDetail>;
export type ApiError = z.infer<typeof ZError>;

// ── shared query pieces ─────────────────────────────────────────────────────────────────
/** a filter that takes one value or several (the parameter repeated) */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || Array.isArray(v) ? v : [v]),
    z.array(item).min(1).max(200, 'at most 200 values').optional(),
  );

export const FILTER_DIMENSIONS = [
  'department',
  'team',
  'touchpoint',
  'channel',
  'stage',
  'media',
  'presence',
  'segment',
  'region',
  'mode',
] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

const ZFree = ZText.trim().min(1).max(100);
export const ZFilters = z.object({
  department: many(ZId),
  team: many(ZId),
  touchpoint: many(ZId),
  channel: many(ZSlug),
  stage: many(z.enum(JOURNEY_STAGES)),
  media: many(z.enum(MEDIA_TYPES)),
  presence: many(z.enum(PRESENCES)),
  segment: many(ZFree),
  region: many(ZFree),
  mode: many(z.enum(SURVEY_MODES)),
});
export type Filters = Partial<z.output<typeof ZFilters>>;

export const ZWindowQuery = z.object({
  from: ZInstant.optional(),
  to: ZInstant.optional(),
});

export const GROUP_BYS = [
  'department',
  'team',
  'touchpoint',
  'stage',
  'channel',
  'media',
  'presence',
  'segment',
  'region',
  'day',
  'week',
  'month',
] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

const ZKpiList = ZText.optional().transform((v, ctx) => {
  if (v === undefined || v === '') return undefined;
  const ids = v.split(',').map((s) => s.trim());
  for (const id of ids) {
    if (!(KPI_IDS as readonly string[]).includes(id)) {
      ctx.addIssue({ code: 'custom', message: `unknown KPI '${id.slice(0, 40)}'` });
      return z.NEVER;
    }
  }
  return ids as (typeof KPI_IDS)[number][];
});

export const ZKpiQuery = ZWindowQuery.extend(ZFilters.shape).extend({
  groupBy: z.enum(GROUP_BYS).optional(),
  /** comma-separated KPI ids; all when absent */
  kpis: ZKpiList,
  /** whether to compute the previous period too (default true) */
  compare: z.enum(['true', 'false']).optional(),
});
export type KpiQuery = z.output<typeof ZKpiQuery>;

// ── KPI responses ───────────────────────────────────────────────────────────────────────
export const ZKpiValue = z.object({
  value: z.number().nullable(),
  n: z.number().int(),
  moe: z.number().nullable(),
  lowSample: z.boolean(),
  p50: z.number().nullable().optional(),
  p90: z.number().nullable().optional(),
  percentiles: z.enum(['exact', 'sketch']).optional(),
  previous: z
    .object({ value: z.number().nullable(), n: z.number().int(), moe: z.number().nullable() })
    .nullable(),
  change: z.number().nullable(),
  significant: z.boolean().nullable(),
});
export type KpiValue = z.infer<typeof ZKpiValue>;

export const ZKpiValues = z.partialRecord(z.enum(KPI_IDS), ZKpiValue);

export const ZWindow = z.object({ from: z.string(), to: z.string() });

export const ZKpiGroup = z.object({
  key: z.string(),
  label: z.string(),
  kpis: ZKpiValues,
});
export type KpiGroup = z.infer<typeof ZKpiGroup>;

export const ZKpiResponse = z.object({
  window: ZWindow,
  previousWindow: ZWindow.nullable(),
  timeZone: z.string(),
  /** the rollup (or `raw`) the figures were read from */
  source: z.string(),
  groupBy: z.enum(GROUP_BYS).nullable(),
  total: ZKpiValues,
  groups: z.array(ZKpiGroup),
});
export type KpiResponse = z.infer<typeof ZKpiResponse>;

export const ZKpiDefinition = z.object({
  id: z.enum(KPI_IDS),
  label: z.object({ en: z.string(), fr: z.string() }),
  description: z.object({ en: z.string(), fr: z.string() }),
  unit: z.enum(['points', 'percent', 'seconds', 'count', 'currency']),
  better: z.enum(['higher', 'lower']),
  subsets: z.array(z.string()),
});

// ── drill-down ──────────────────────────────────────────────────────────────────────────
/** The zod issue param that makes the validation hook answer `too_costly` (cost-limits.ts). */
export const TOO_COSTLY = 'too_costly';

/** Refines a paged query: a page must start within the first COST_LIMITS.listDepth rows. */
export function refuseDeepPages(q: { page: number; pageSize: number }, ctx: z.RefinementCtx): void {
  const reason = listDepthRefusal(q.page, q.pageSize);
  if (reason)
    ctx.addIssue({ code: 'custom', path: ['page'], message: reason, params: { [TOO_COSTLY]: true } });
}

export const ZPageQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .superRefine(refuseDeepPages);

export const ZDrillQuery = ZWindowQuery.extend(ZFilters.shape)
  .extend(ZPageQuery.shape)
  .extend({
    /** which part of the KPI's population: see GET /api/v1/kpi-definitions */
    subset: ZSlug.optional(),
    sort: z.enum(['recent', 'value']).default('recent'),
  })
  .superRefine(refuseDeepPages);
export type DrillQuery = z.output<typeof ZDrillQuery>;

export const ZInteractionItem = z.object({
  type: z.literal('interaction'),
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  touchpointId: z.string(),
  touchpointName: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  occurredAt: z.string(),
  kind: z.string(),
  waitSeconds: z.number().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionSeconds: z.number().nullable(),
  abandoned: z.boolean().nullable(),
  converted: z.boolean().nullable(),
  revenue: z.number().nullable(),
});
export const ZFeedbackItem = z.object({
  type: z.literal('feedback'),
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  touchpointId: z.string(),
  touchpointName: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  interactionId: z.string().nullable(),
  submittedAt: z.string(),
  survey: z.enum(SURVEYS),
  score: z.number().int(),
  comment: z.string().nullable(),
  mode: z.enum(SURVEY_MODES),
});
export const ZCustomerItem = z.object({
  type: z.literal('customer'),
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  segment: z.string().nullable(),
  region: z.string().nullable(),
  acquiredAt: z.string().nullable(),
  churnedAt: z.string().nullable(),
});
/**
 * A follow-up case (docs/decisions/007-closed-loop.md): the queue's rows, the case page's
 * header and the records behind `time_to_close`.
 */
export const ZCaseItem = z.object({
  type: z.literal('case'),
  id: z.string(),
  status: z.enum(CASE_STATUSES),
  /** open (or in progress) and past its due time */
  overdue: z.boolean(),
  ruleId: z.string(),
  ruleName: z.string(),
  /** the team the case is assigned to */
  teamId: z.string(),
  teamName: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  recordType: z.enum(RULE_TARGETS),
  recordId: z.string(),
  /** the record's time: when the customer answered, or when the interaction occurred */
  recordAt: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  touchpointId: z.string(),
  touchpointName: z.string(),
  /** a one-line description of the record, e.g. NPS 3 · “Attente trop longue” */
  summary: z.string(),
  openedAt: z.string(),
  dueAt: z.string(),
  closedAt: z.string().nullable(),
  /** closed no later than its due time; null while not closed */
  closedInTime: z.boolean().nullable(),
  /** closed_at − opened_at, for closed cases */
  closeSeconds: z.number().nullable(),
  rootCause: z.enum(ROOT_CAUSES).nullable(),
  resolution: z.string().nullable(),
});
export type CaseItem = z.infer<typeof ZCaseItem>;

export const ZRecordItem = z.discriminatedUnion('type', [
  ZInteractionItem,
  ZFeedbackItem,
  ZCustomerItem,
  ZCaseItem,
]);
export type InteractionItem = z.infer<typeof ZInteractionItem>;
export type FeedbackItem = z.infer<typeof ZFeedbackItem>;
export type CustomerItem = z.infer<typeof ZCustomerItem>;
export type RecordItem = z.infer<typeof ZRecordItem>;

export const ZDrillResponse = z.object({
  kpi: z.enum(KPI_IDS),
  subset: z.string(),
  window: ZWindow,
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZRecordItem),
});
export type DrillResponse = z.infer<typeof ZDrillResponse>;

// ── customers ───────────────────────────────────────────────────────────────────────────
export const ZCustomerSearchQuery = ZPageQuery.extend({ q: ZText.trim().max(200).default('') });
export const ZCustomerList = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZCustomerItem),
  /**
   * A caller named by exact e-mail or id who is outside the asker's scope (decision 017): their
   * page now opens for this user for a while, and the lookup is audited. Null otherwise.
   */
  identified: ZCustomerItem.nullable(),
});

export const ZCustomerProfile = z.object({
  customer: ZCustomerItem,
  kpis: ZKpiValues,
  counts: z.object({
    interactions: z.number().int(),
    feedback: z.number().int(),
    openRequests: z.number().int(),
  }),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});
export type CustomerProfile = z.infer<typeof ZCustomerProfile>;

export const ZTimelineQuery = z.object({
  cursor: ZText.max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZTimeline = z.object({
  items: z.array(z.discriminatedUnion('type', [ZInteractionItem, ZFeedbackItem])),
  nextCursor: z.string().nullable(),
});
export type Timeline = z.infer<typeof ZTimeline>;

// ── goals ───────────────────────────────────────────────────────────────────────────────
export const SCOPE_TYPES = ['company', 'department', 'team', 'touchpoint'] as const;
export const ZPeriodKey = ZText.regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, {
  error: 'must be a month (2026-03), a quarter (2026-Q1) or a year (2026)',
  abort: true,
}).refine((key) => yearInRange(Number(key.slice(0, 4))), YEAR_RANGE_REASON);

const ZGoalFields = z.strictObject({
  kpi: z.enum(KPI_IDS),
  scope_type: z.enum(SCOPE_TYPES),
  scope_id: ZId.nullish().transform((v) => v ?? null),
  period: ZPeriodKey,
  target: z.number().min(-1e12).max(1e12),
  warning_band: z
    .number()
    .min(0, 'must be ≥ 0')
    .max(1e12)
    .nullish()
    .transform((v) => v ?? null),
  note: ZText.max(1000)
    .nullish()
    .transform((v) => v ?? null),
});
const scopeRule = (g: { scope_type: string; scope_id: string | null }, ctx: z.RefinementCtx) => {
  if (g.scope_type === 'company' && g.scope_id !== null)
    ctx.addIssue({ code: 'custom', path: ['scope_id'], message: 'must be empty for a company goal' });
  if (g.scope_type !== 'company' && g.scope_id === null)
    ctx.addIssue({ code: 'custom', path: ['scope_id'], message: `is required for a ${g.scope_type} goal` });
};
export const ZGoalInput = ZGoalFields.superRefine(scopeRule);
export const ZGoalPatch = ZGoalFields.partial();
export type GoalInput = z.output<typeof ZGoalInput>;
export type GoalPatch = z.output<typeof ZGoalPatch>;

export const ZGoal = z.object({
  id: z.string(),
  kpi: z.enum(KPI_IDS),
  scope_type: z.enum(SCOPE_TYPES),
  scope_id: z.string().nullable(),
  scope_name: z.string(),
  period: z.string(),
  target: z.number(),
  warning_band: z.number().nullable(),
  /** the band in force: the goal's own, else the KPI's default */
  effective_band: z.number(),
  note: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Goal = z.infer<typeof ZGoal>;

export const ZGoalListQuery = z.object({
  period: ZPeriodKey.optional(),
  kpi: z.enum(KPI_IDS).optional(),
  scope_type: z.enum(SCOPE_TYPES).optional(),
});

export const ZGoalStatusQuery = z.object({
  period: ZPeriodKey.optional(),
  /** the moment "so far" is measured to; defaults to now (for tests and reports) */
  asOf: ZInstant.optional(),
});

export const ZGoalStatusItem = z.object({
  goal: ZGoal,
  actual: z.number().nullable(),
  n: z.number().int(),
  moe: z.number().nullable(),
  lowSample: z.boolean(),
  status: z.enum(GOAL_STATUSES),
  attainment: z.number().nullable(),
});
export type GoalStatusItem = z.infer<typeof ZGoalStatusItem>;

export const ZGoalStatusResponse = z.object({
  period: z.string(),
  window: ZWindow,
  departments: z.array(
    z.object({
      department: z.object({ id: z.string(), name: z.string() }).nullable(),
      goals: z.array(ZGoalStatusItem),
      summary: z.record(z.enum(GOAL_STATUSES), z.number().int()),
    }),
  ),
});
export type GoalStatusResponse = z.infer<typeof ZGoalStatusResponse>;

// ── settings and reference data ─────────────────────────────────────────────────────────
export const ZSettings = z.strictObject({
  name: ZText.trim().min(1).max(200),
  time_zone: ZText.min(1).max(64),
  currency: ZText.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').default('EUR'),
});
export type Settings = z.infer<typeof ZSettings>;
export const ZSettingsPatch = ZSettings.partial();

export const ZDepartment = z.object({ id: z.string(), name: z.string() });
export const ZTeam = z.object({ id: z.string(), name: z.string(), department_id: z.string() });
export const ZTouchpoint = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  stage: z.enum(JOURNEY_STAGES),
  media: z.enum(MEDIA_TYPES),
  presence: z.enum(PRESENCES),
  team_id: z.string(),
  status: z.string(),
});
export const ZReference = z.object({
  departments: z.array(ZDepartment),
  teams: z.array(ZTeam),
  touchpoints: z.array(ZTouchpoint),
  segments: z.array(z.string()),
  regions: z.array(z.string()),
  channels: z.array(z.string()),
});
export type Reference = z.infer<typeof ZReference>;

// ── ingestion ───────────────────────────────────────────────────────────────────────────
export const ZIngestResult = z.object({
  kind: z.string(),
  received: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type IngestResult = z.infer<typeof ZIngestResult>;
