/**
 * Contracts of the closed loop: alert rules, follow-up cases and their history, the root-
 * cause Pareto, in-app notifications and webhooks (docs/decisions/007-closed-loop.md).
 */
import { z } from 'zod';
import {
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  CONDITION_TARGET,
  NOTIFICATION_TYPES,
  ROOT_CAUSES,
  RULE_TARGETS,
  WEBHOOK_EVENTS,
  wordParts,
} from '../closed-loop.ts';
import {
  refuseDeepPages,
  ZCaseItem,
  ZCustomerItem,
  ZFeedbackItem,
  ZFilters,
  ZInteractionItem,
  ZWindow,
  ZWindowQuery,
} from './api.ts';
import { JOURNEY_STAGES, SCORE_RANGES, SURVEYS, ZId, ZSlug } from './records.ts';
import { STORABLE_TEXT, ZText } from './text.ts';

const ZName = ZText.trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const ZFree = ZText.trim().min(1).max(100);
/** a list that may be absent (null: no narrowing) but, when given, names something */
const narrowing = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1, 'must name at least one value, or be left out')
    .max(200, 'at most 200 values')
    .nullish()
    .transform((v) => v ?? null);
/** a query parameter that takes one value or several (the parameter repeated) */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || Array.isArray(v) ? v : [v]),
    z.array(item).min(1).max(200, 'at most 200 values').optional(),
  );

// ── alert rules ─────────────────────────────────────────────────────────────────────────
const ZWord = ZText.trim()
  .min(1)
  .max(100, 'at most 100 characters')
  .refine((w) => wordParts(w).length > 0, 'must contain a letter or a digit');

export const ZAlertCondition = z.discriminatedUnion('kind', [
  /** feedback: an answer to `survey` scoring `score` or less (NPS ≤ 6, CSAT ≤ 2, CES ≤ 3…) */
  z.strictObject({
    kind: z.literal('score_at_most'),
    survey: z.enum(SURVEYS),
    score: z.number().int('must be a whole number'),
  }),
  /**
   * feedback: an answer that is not satisfied, whatever its survey (NPS 0–6, CSAT 1–3, CES 1–4):
   * beside `comment_contains`, words like "rembours*" open a case for a complaint, not for praise
   */
  z.strictObject({ kind: z.literal('not_satisfied') }),
  /** feedback: a comment containing any of the words (accent- and case-insensitive; `word*` = prefix) */
  z.strictObject({ kind: z.literal('comment_contains'), words: z.array(ZWord).min(1).max(50) }),
  /** interaction: the customer waited more than `minutes` */
  z.strictObject({
    kind: z.literal('wait_over_minutes'),
    minutes: z.number().min(0, 'must be ≥ 0').max(1_000_000),
  }),
  /** interaction: of one of these kinds (complaint, return…) */
  z.strictObject({ kind: z.literal('interaction_kind'), kinds: z.array(ZSlug).min(1).max(20) }),
  /** interaction: abandoned by the customer */
  z.strictObject({ kind: z.literal('abandoned') }),
]);
export type AlertCondition = z.output<typeof ZAlertCondition>;

const ruleShape = {
  name: ZName,
  target: z.enum(RULE_TARGETS),
  /** every condition must hold */
  conditions: z.array(ZAlertCondition).min(1, 'a rule needs at least one condition').max(20),
  /** narrowing: only records at these touchpoints, stages, handled by these teams, of customers in these segments */
  touchpoint_ids: narrowing(ZId),
  stages: narrowing(z.enum(JOURNEY_STAGES)),
  team_ids: narrowing(ZId),
  segments: narrowing(ZFree),
  /** the team that gets the cases */
  assign_team_id: ZId,
  /** the time allowed to close a case, from its creation */
  due_hours: z
    .number()
    .int('must be a whole number of hours')
    .min(1, 'must be at least 1')
    .max(8760, 'at most a year'),
};

/** The checks that involve several fields: conditions fit the target, scores fit the survey. */
function ruleConsistency(r: { target?: string; conditions?: AlertCondition[] }, ctx: z.RefinementCtx): void {
  if (r.target === undefined || r.conditions === undefined) return;
  r.conditions.forEach((c, i) => {
    if (CONDITION_TARGET[c.kind] !== r.target)
      ctx.addIssue({
        code: 'custom',
        path: ['conditions', i, 'kind'],
        message: `'${c.kind}' applies to ${CONDITION_TARGET[c.kind]} records, not ${r.target}`,
      });
    if (c.kind === 'score_at_most') {
      const [min, max] = SCORE_RANGES[c.survey];
      if (c.score < min || c.score > max)
        ctx.addIssue({
          code: 'custom',
          path: ['conditions', i, 'score'],
          message: `must be between ${min} and ${max} for ${c.survey}`,
        });
    }
  });
}

export const ZAlertRuleInput = z
  .strictObject({ ...ruleShape, active: z.boolean().default(true) })
  .superRefine(ruleConsistency);
export type AlertRuleInput = z.output<typeof ZAlertRuleInput>;

/** A change: any of the fields; the merged rule is checked again as a whole. */
export const ZAlertRulePatch = z
  .strictObject({ ...ruleShape, active: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type AlertRulePatch = z.output<typeof ZAlertRulePatch>;

/** What `ruleMatches` reads of a rule. */
export type AlertRuleSpec = Pick<
  AlertRuleInput,
  'target' | 'conditions' | 'touchpoint_ids' | 'stages' | 'team_ids' | 'segments'
>;

export const ZAlertRule = z.object({
  id: z.string(),
  name: z.string(),
  target: z.enum(RULE_TARGETS),
  conditions: z.array(ZAlertCondition),
  touchpoint_ids: z.array(z.string()).nullable(),
  stages: z.array(z.enum(JOURNEY_STAGES)).nullable(),
  team_ids: z.array(z.string()).nullable(),
  segments: z.array(z.string()).nullable(),
  assign_team_id: z.string(),
  assign_team_name: z.string(),
  due_hours: z.number().int(),
  active: z.boolean(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  /** cases this rule opened: still open (or in progress), and in all */
  open_cases: z.number().int(),
  total_cases: z.number().int(),
});
export type AlertRule = z.infer<typeof ZAlertRule>;

export const ZRuleBackfill = z.strictObject({
  /** records of the last `days` days (by their own time) that match get a case now */
  days: z.number().int().min(1).max(90, 'at most 90 days'),
});
export const ZRuleBackfillResult = z.object({ examined: z.number().int(), created: z.number().int() });

// ── cases ───────────────────────────────────────────────────────────────────────────────
export const ZCaseListQuery = z
  .object({
    status: many(z.enum(CASE_STATUSES)),
    /** `me`, `none` (unassigned) or a user id */
    owner: ZText.trim().min(1).max(64).optional(),
    /** the team the case is assigned to */
    team: many(ZId),
    touchpoint: many(ZId),
    overdue: z.enum(['true', 'false']).optional(),
    rule: ZId.optional(),
    customer: ZId.optional(),
    /** `due`: the most urgent first (default); `recent`: the newest first */
    sort: z.enum(['due', 'recent']).default('due'),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(refuseDeepPages);
export type CaseListQuery = z.output<typeof ZCaseListQuery>;

export const ZCaseList = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** the queue's tabs: how many cases of each status (and overdue) match the other filters */
  counts: z.object({
    open: z.number().int(),
    in_progress: z.number().int(),
    closed: z.number().int(),
    overdue: z.number().int(),
  }),
  items: z.array(ZCaseItem),
});
export type CaseList = z.infer<typeof ZCaseList>;

export const ZCaseEvent = z.object({
  id: z.string(),
  at: z.string(),
  type: z.enum(CASE_EVENT_TYPES),
  /** who did it; null for the system (creation by a rule, overdue) */
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** the note's text, for `case.note_added` */
  note: z.string().nullable(),
  /** what changed: from/to status, owner, root cause, resolution */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type CaseEvent = z.infer<typeof ZCaseEvent>;

export const ZCaseUser = z.object({ id: z.string(), name: z.string(), role: z.string() });

export const ZCaseDetail = z.object({
  case: ZCaseItem,
  rule: z.object({
    id: z.string(),
    name: z.string(),
    conditions: z.array(ZAlertCondition),
    due_hours: z.number().int(),
  }),
  /** the record that opened the case, as it is now */
  record: z.discriminatedUnion('type', [ZFeedbackItem, ZInteractionItem]).nullable(),
  /** the customer; their timeline is GET /api/v1/customers/{id}/timeline */
  customer: ZCustomerItem,
  /** oldest first: creation, assignments, status changes, notes */
  events: z.array(ZCaseEvent),
  /** the active users of the case's team: who it may be assigned to */
  assignees: z.array(ZCaseUser),
  /** what the asking user may do with it */
  allowed: z.object({ assign: z.boolean(), take: z.boolean(), changeStatus: z.boolean(), note: z.boolean() }),
});
export type CaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCasePatch = z
  .strictObject({
    /** a user of the case's team; null unassigns. Agents may only take a case (their own id) or give it back. */
    owner_id: ZText.trim().min(1).max(64).nullable().optional(),
    status: z.enum(CASE_STATUSES).optional(),
    root_cause: z.enum(ROOT_CAUSES).nullable().optional(),
    resolution: ZText.trim().min(1, 'must not be empty').max(5000).nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type CasePatch = z.output<typeof ZCasePatch>;

export const ZCaseNoteInput = z.strictObject({
  text: ZText.trim().min(1, 'must not be empty').max(5000, 'at most 5,000 characters'),
});

// ── root-cause Pareto ───────────────────────────────────────────────────────────────────
export const ZRootCauseQuery = ZWindowQuery.extend(ZFilters.shape);
export const ZRootCausePareto = z.object({
  window: ZWindow,
  /** closed cases in the window (by closed_at) with a root cause */
  total: z.number().int(),
  /** most frequent first; `share` and `cumulative` in % of total */
  items: z.array(
    z.object({
      code: z.enum(ROOT_CAUSES),
      label: z.object({ en: z.string(), fr: z.string() }),
      count: z.number().int(),
      share: z.number(),
      cumulative: z.number(),
    }),
  ),
});
export type RootCausePareto = z.infer<typeof ZRootCausePareto>;

export const ZRootCauseDefinition = z.object({
  code: z.enum(ROOT_CAUSES),
  label: z.object({ en: z.string(), fr: z.string() }),
});

// ── notifications ───────────────────────────────────────────────────────────────────────
export const ZNotificationQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  /** the id of the last notification of the previous page */
  before: ZText.max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZNotification = z.object({
  id: z.string(),
  type: z.enum(NOTIFICATION_TYPES),
  at: z.string(),
  read: z.boolean(),
  case: z.object({
    id: z.string(),
    status: z.enum(CASE_STATUSES),
    overdue: z.boolean(),
    teamId: z.string(),
    teamName: z.string(),
    ruleName: z.string(),
    customerName: z.string(),
    summary: z.string(),
    dueAt: z.string(),
  }),
});
export const ZNotificationList = z.object({
  /** unread notifications in all */
  unread: z.number().int(),
  items: z.array(ZNotification),
  nextCursor: z.string().nullable(),
});
export type NotificationList = z.infer<typeof ZNotificationList>;

export const ZNotificationsRead = z
  .strictObject({
    ids: z.array(ZText.min(1).max(100)).min(1).max(500).optional(),
    all: z.literal(true).optional(),
  })
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), 'give either ids or all: true');
export const ZNotificationsReadResult = z.object({ unread: z.number().int() });

// ── webhooks ────────────────────────────────────────────────────────────────────────────
const ZWebhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL', abort: true })
  .check(STORABLE_TEXT)
  .max(2000, 'at most 2,000 characters');

export const ZWebhookInput = z.strictObject({
  name: ZName,
  url: ZWebhookUrl,
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .default([...WEBHOOK_EVENTS]),
  active: z.boolean().default(true),
});
export type WebhookInput = z.output<typeof ZWebhookInput>;

export const ZWebhookPatch = z
  .strictObject({
    name: ZName,
    url: ZWebhookUrl,
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
    active: z.boolean(),
    /** a new secret, shown once in the answer */
    rotate_secret: z.literal(true),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type WebhookPatch = z.output<typeof ZWebhookPatch>;

export const ZWebhook = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  active: z.boolean(),
  /** the first characters of the secret, to recognise it */
  secret_prefix: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  deliveries: z.object({
    pending: z.number().int(),
    delivered: z.number().int(),
    /** given up after the retry period */
    failed: z.number().int(),
    last_error: z.string().nullable(),
    last_delivered_at: z.string().nullable(),
  }),
});
export type Webhook = z.infer<typeof ZWebhook>;
export const ZCreatedWebhook = ZWebhook.extend({
  /** the signing secret (HMAC-SHA256 of the body), shown in this answer only */
  secret: z.string(),
});
