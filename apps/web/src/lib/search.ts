/**
 * The URL is the state: every view's search params, validated with zod. Bad values are
 * dropped (the view falls back to its default) rather than breaking the page; defaults are
 * left out of the URL so links stay short.
 */
import {
  AUDIT_ACTIONS,
  FILTER_DIMENSIONS,
  JOURNEY_STAGES,
  KPI_IDS,
  type KpiId,
  MEDIA_TYPES,
  PRESENCES,
  SURVEY_MODES,
  ZPeriodKey,
} from '@parcours/domain';
import { z } from 'zod';
import { isPlainDate } from './dates.ts';

const asList = (value: unknown) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(asList, z.array(item).min(1).max(200).optional()).catch(undefined);
const text = z.string().trim().min(1).max(128);
const day = z.string().refine(isPlainDate).optional().catch(undefined);

export const ZFilterSearch = z.object({
  department: list(text),
  team: list(text),
  touchpoint: list(text),
  channel: list(text),
  stage: list(z.enum(JOURNEY_STAGES)),
  media: list(z.enum(MEDIA_TYPES)),
  presence: list(z.enum(PRESENCES)),
  segment: list(text),
  region: list(text),
  mode: list(z.enum(SURVEY_MODES)),
});
export type FilterSearch = z.output<typeof ZFilterSearch>;

export const ZLangSearch = z.object({ lang: z.enum(['fr', 'en']).optional().catch(undefined) });

export const ZPeriodSearch = z.object({
  period: ZPeriodKey.optional().catch(undefined),
  from: day,
  to: day,
});
export type PeriodSearch = z.output<typeof ZPeriodSearch>;

export const ZDashboardSearch = ZPeriodSearch.extend(ZFilterSearch.shape);
export type DashboardSearch = z.output<typeof ZDashboardSearch>;

const kpi = z.enum(KPI_IDS).optional().catch(undefined);
const page = z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined);

export const ZDepartmentSearch = z.object({ kpi });
export const ZJourneySearch = z.object({
  kpi,
  cols: z.enum(['channel', 'touchpoint']).optional().catch(undefined),
});
export const ZDrillSearch = z.object({
  subset: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/)
    .optional()
    .catch(undefined),
  sort: z.enum(['recent', 'value']).optional().catch(undefined),
  page,
});
export const ZCustomersSearch = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page,
});
export const ZCustomerSearch = z.object({ focus: z.string().max(128).optional().catch(undefined) });
export const ZLoginSearch = z.object({
  redirect: z.string().max(2000).optional().catch(undefined),
  expired: z.coerce.number().int().optional().catch(undefined),
});
const auditDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);
export const ZAuditSearch = z.object({
  user: z.string().trim().max(320).optional().catch(undefined),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  from: auditDay,
  to: auditDay,
  page,
});
export type AuditSearch = z.output<typeof ZAuditSearch>;
export const ZGoalsSearch = z.object({ period: ZPeriodKey.optional().catch(undefined) });

export const DEFAULT_JOURNEY_KPI: KpiId = 'nps';

/** Parses with a schema that cannot fail (every field has a fallback). */
export function parseSearch<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new Error('search schema without fallback');
}

export { filtersOf } from './filters.ts';

export function activeFilterCount(search: Partial<FilterSearch>): number {
  return FILTER_DIMENSIONS.reduce((sum, dim) => sum + (search[dim]?.length ?? 0), 0);
}

/** What a link to another dashboard view keeps: the language, the period and the filters. */
export function carriedSearch(search: Record<string, unknown>): DashboardSearch & { lang?: 'fr' | 'en' } {
  const { lang } = parseSearch(ZLangSearch, search);
  return { lang, ...parseSearch(ZDashboardSearch, search) };
}

/** /cases: the follow-up queue (owner: `me`, `none`, `all` or a user id) */
export const ZCasesSearch = z.object({
  // absent: the work to do (open or in progress); `any` takes closed cases too
  status: z.enum(['open', 'in_progress', 'closed', 'any']).optional().catch(undefined),
  owner: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .optional()
    .catch(undefined),
  overdue: z
    .preprocess((v) => (v === 'true' || v === true ? true : undefined), z.literal(true).optional())
    .catch(undefined),
  team: text.optional().catch(undefined),
  page,
});
export type CasesSearch = z.output<typeof ZCasesSearch>;
