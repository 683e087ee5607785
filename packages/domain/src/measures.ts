/**
 * The aggregated counts and sums every KPI formula reads. Rollup rows store exactly these
 * fields, the raw-record path computes the same ones, and kpi-registry.ts turns them into
 * numbers. Times are kept in integer milliseconds and revenue in integer thousandths so
 * that sums are exact and a rollup equals a fresh recomputation to the unit.
 */
import { emptySketch, type Sketch, sketchAdd, sketchMerge } from './sketch.ts';

export const INTERACTION_COUNTERS = [
  'n',
  'complaints',
  'returns',
  'purchases',
  /** contact or complaint interactions, counted on the day they occurred */
  'backlog_opened',
  /** the same interactions counted again on the day they were resolved */
  'backlog_closed',
  'wait_n',
  'wait_ms',
  'res_n',
  'res_ms',
  'abandon_n',
  'abandoned',
  'convert_n',
  'converted',
  'revenue_n',
  'revenue_milli',
] as const;
export const INTERACTION_SKETCHES = ['wait_sketch', 'res_sketch'] as const;

export type InteractionCounter = (typeof INTERACTION_COUNTERS)[number];
export type InteractionMeasures = Record<InteractionCounter, number> &
  Record<(typeof INTERACTION_SKETCHES)[number], Sketch> & {
    /** raw values (seconds), present only when computed from raw records: exact percentiles */
    wait_values?: number[];
    res_values?: number[];
  };

export const NPS_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;
export const CES_SCORES = [1, 2, 3, 4, 5, 6, 7] as const;

/** feedback rollups keep the full score distribution of each survey */
export const FEEDBACK_COUNTERS = [
  ...NPS_SCORES.map((s) => `nps_${s}` as const),
  ...CSAT_SCORES.map((s) => `csat_${s}` as const),
  ...CES_SCORES.map((s) => `ces_${s}` as const),
] as const;
export type FeedbackCounter = (typeof FEEDBACK_COUNTERS)[number];
export type FeedbackMeasures = Record<FeedbackCounter, number>;

export type RetentionMeasures = { base: number; retained: number };

export type FollowUpMeasures = {
  /** detractor answers whose follow-up case was closed within its due time */
  followed_up: number;
  closed_n: number;
  close_ms: number;
};

export type Measures = {
  interactions: InteractionMeasures;
  feedback: FeedbackMeasures;
  /** null where not computed (for instance a query that asked for no customer KPI) */
  retention: RetentionMeasures | null;
  followUp: FollowUpMeasures | null;
};

export function emptyInteractionMeasures(): InteractionMeasures {
  const m = {} as Record<string, number | Sketch>;
  for (const k of INTERACTION_COUNTERS) m[k] = 0;
  for (const k of INTERACTION_SKETCHES) m[k] = emptySketch();
  return m as InteractionMeasures;
}

export function emptyFeedbackMeasures(): FeedbackMeasures {
  const m = {} as Record<string, number>;
  for (const k of FEEDBACK_COUNTERS) m[k] = 0;
  return m as FeedbackMeasures;
}

export function addInteractionMeasures(
  into: InteractionMeasures,
  other: InteractionMeasures,
  sign: 1 | -1 = 1,
) {
  for (const k of INTERACTION_COUNTERS) into[k] += sign * other[k];
  for (const k of INTERACTION_SKETCHES) sketchMerge(into[k], other[k], sign);
}

export function addFeedbackMeasures(into: FeedbackMeasures, other: FeedbackMeasures, sign: 1 | -1 = 1) {
  for (const k of FEEDBACK_COUNTERS) into[k] += sign * other[k];
}

export function isZeroInteractionMeasures(m: InteractionMeasures): boolean {
  return INTERACTION_COUNTERS.every((k) => m[k] === 0);
}

export function isZeroFeedbackMeasures(m: FeedbackMeasures): boolean {
  return FEEDBACK_COUNTERS.every((k) => m[k] === 0);
}

/**
 * The fields of an interaction that its contribution depends on (times in epoch ms;
 * abandoned and converted as booleans, or as the 0/1 a stored row holds).
 */
export type InteractionFacts = {
  kind: string;
  occurred_at: number;
  resolved_at: number | null;
  wait_seconds: number | null;
  abandoned: boolean | number | null;
  converted: boolean | number | null;
  revenue: number | null;
};

export const BACKLOG_KINDS = new Set(['contact', 'complaint']);

/**
 * Adds (sign 1) or removes (sign −1) one interaction's contribution on the day it occurred,
 * straight into an accumulator: the writer's hot path allocates nothing per record.
 */
export function accumulateInteraction(into: InteractionMeasures, f: InteractionFacts, sign: 1 | -1): void {
  into.n += sign;
  if (f.kind === 'complaint') into.complaints += sign;
  else if (f.kind === 'return') into.returns += sign;
  else if (f.kind === 'purchase') into.purchases += sign;
  if (BACKLOG_KINDS.has(f.kind)) into.backlog_opened += sign;
  if (f.wait_seconds !== null) {
    const ms = Math.round(f.wait_seconds * 1000);
    into.wait_n += sign;
    into.wait_ms += sign * ms;
    sketchAdd(into.wait_sketch, ms / 1000, sign);
  }
  if (f.resolved_at !== null) {
    const ms = f.resolved_at - f.occurred_at;
    into.res_n += sign;
    into.res_ms += sign * ms;
    sketchAdd(into.res_sketch, ms / 1000, sign);
  }
  if (f.abandoned !== null) {
    into.abandon_n += sign;
    if (f.abandoned) into.abandoned += sign;
  }
  if (f.converted !== null) {
    into.convert_n += sign;
    if (f.converted) into.converted += sign;
  }
  if (f.revenue !== null) {
    into.revenue_n += sign;
    into.revenue_milli += sign * Math.round(f.revenue * 1000);
  }
}

/** A resolved contact or complaint leaves the backlog on the day it was resolved. */
export function backlogClosedAt(f: InteractionFacts): number | null {
  return BACKLOG_KINDS.has(f.kind) && f.resolved_at !== null ? f.resolved_at : null;
}

/**
 * What one interaction adds to the rollups: its measures on the day it occurred, and, for a
 * resolved contact or complaint, one `backlog_closed` on the day it was resolved.
 */
export function interactionContribution(f: InteractionFacts): {
  atOccurred: InteractionMeasures;
  closedAt: number | null;
} {
  const m = emptyInteractionMeasures();
  accumulateInteraction(m, f, 1);
  return { atOccurred: m, closedAt: backlogClosedAt(f) };
}

export type Survey = 'nps' | 'csat' | 'ces';

export function feedbackContribution(survey: Survey, score: number): FeedbackMeasures {
  const m = emptyFeedbackMeasures();
  accumulateFeedback(m, survey, score, 1);
  return m;
}

/** The counter of each survey's scores, e.g. COUNTER_OF.nps[9] = 'nps_9' (no string built per answer). */
const COUNTER_OF: Record<Survey, FeedbackCounter[]> = {
  nps: NPS_SCORES.map((s) => `nps_${s}` as const),
  csat: [] as FeedbackCounter[],
  ces: [] as FeedbackCounter[],
};
for (const s of CSAT_SCORES) COUNTER_OF.csat[s] = `csat_${s}`;
for (const s of CES_SCORES) COUNTER_OF.ces[s] = `ces_${s}`;

export function accumulateFeedback(
  into: FeedbackMeasures,
  survey: Survey,
  score: number,
  sign: 1 | -1,
): void {
  const counter = COUNTER_OF[survey][score];
  if (counter === undefined) throw new RangeError(`no ${survey} score ${score}`);
  into[counter] += sign;
}

/** Detractor answers per kpis.md (follow-up rate): NPS 0–6, CSAT 1–2. */
export function isDetractorAnswer(survey: Survey, score: number): boolean {
  return (survey === 'nps' && score <= 6) || (survey === 'csat' && score <= 2);
}
