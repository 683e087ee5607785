/**
 * The KPI registry: every KPI of kpis.md, its labels, unit, better direction and its one
 * formula over aggregated measures. Every screen, export and storage engine computes a KPI
 * through `computeKpi`; nothing else in the codebase divides counts into a KPI.
 */
import { type FeedbackMeasures, type InteractionMeasures, type Measures, NPS_SCORES } from './measures.ts';
import { exactQuantile, type Sketch, sketchQuantile, sketchVariance } from './sketch.ts';
import { isLowSample, meanMarginOfError, npsMarginOfError, proportionMarginOfError } from './stats.ts';

export const KPI_IDS = [
  'nps',
  'csat',
  'ces',
  'retention',
  'churn',
  'resolution_delay',
  'backlog',
  'wait_time',
  'abandonment',
  'complaint_rate',
  'conversion',
  'return_rate',
  'revenue',
  'follow_up_rate',
  'time_to_close',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export type KpiUnit = 'points' | 'percent' | 'seconds' | 'count' | 'currency';
export type Better = 'higher' | 'lower';
/** which records a KPI is computed from: decides which measures a query must gather */
export type KpiSource = 'feedback' | 'interactions' | 'customers' | 'backlog' | 'cases';

export type KpiResult = {
  value: number | null;
  /** the size of the population the value is computed over */
  n: number;
  /** 95% margin of error in the KPI's unit, null where none applies */
  moe: number | null;
  lowSample: boolean;
  /** for time KPIs: median and 90th percentile, and how they were obtained */
  p50?: number | null;
  p90?: number | null;
  percentiles?: 'exact' | 'sketch';
};

export type KpiDefinition = {
  id: KpiId;
  label: { en: string; fr: string };
  description: { en: string; fr: string };
  unit: KpiUnit;
  better: Better;
  source: KpiSource;
  compute: (m: Measures) => KpiResult;
};

function result(value: number | null, n: number, moe: number | null): KpiResult {
  return { value: n > 0 ? value : null, n, moe: n > 0 ? moe : null, lowSample: isLowSample(n) };
}

function proportion(successes: number, n: number): KpiResult {
  return result(n > 0 ? (100 * successes) / n : null, n, proportionMarginOfError(successes, n));
}

function sumScores(f: FeedbackMeasures, prefix: 'nps' | 'csat' | 'ces', from: number, to: number): number {
  let s = 0;
  for (let score = from; score <= to; score++) s += f[`${prefix}_${score}` as keyof FeedbackMeasures] ?? 0;
  return s;
}

/** Detractor answers (kpis.md, follow-up rate): NPS 0–6 and CSAT 1–2. */
export function detractorAnswers(f: FeedbackMeasures): number {
  return sumScores(f, 'nps', 0, 6) + sumScores(f, 'csat', 1, 2);
}

export function npsCounts(f: FeedbackMeasures) {
  const detractors = sumScores(f, 'nps', 0, 6);
  const passives = sumScores(f, 'nps', 7, 8);
  const promoters = sumScores(f, 'nps', 9, 10);
  return { promoters, passives, detractors, n: promoters + passives + detractors };
}

function duration(n: number, sumMs: number, sketch: Sketch, values: number[] | undefined): KpiResult {
  const base = result(n > 0 ? sumMs / 1000 / n : null, n, meanMarginOfError(n, sketchVariance(sketch)));
  if (values) {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      ...base,
      p50: exactQuantile(sorted, 0.5),
      p90: exactQuantile(sorted, 0.9),
      percentiles: 'exact',
    };
  }
  return {
    ...base,
    p50: sketchQuantile(sketch, 0.5),
    p90: sketchQuantile(sketch, 0.9),
    percentiles: 'sketch',
  };
}

const i = (m: Measures): InteractionMeasures => m.interactions;

export const KPIS: Record<KpiId, KpiDefinition> = {
  nps: {
    id: 'nps',
    label: { en: 'Net Promoter Score', fr: 'Net Promoter Score' },
    description: {
      en: 'Promoters (9–10) minus detractors (0–6), in points',
      fr: 'Promoteurs (9–10) moins détracteurs (0–6), en points',
    },
    unit: 'points',
    better: 'higher',
    source: 'feedback',
    compute: (m) => {
      const c = npsCounts(m.feedback);
      return result(
        c.n > 0 ? (100 * (c.promoters - c.detractors)) / c.n : null,
        c.n,
        npsMarginOfError(c.promoters, c.detractors, c.n),
      );
    },
  },
  csat: {
    id: 'csat',
    label: { en: 'Customer satisfaction (CSAT)', fr: 'Satisfaction client (CSAT)' },
    description: { en: 'Share of answers scoring 4 or 5 of 5', fr: 'Part des réponses à 4 ou 5 sur 5' },
    unit: 'percent',
    better: 'higher',
    source: 'feedback',
    compute: (m) => proportion(sumScores(m.feedback, 'csat', 4, 5), sumScores(m.feedback, 'csat', 1, 5)),
  },
  ces: {
    id: 'ces',
    label: { en: 'Customer effort (CES)', fr: 'Effort client (CES)' },
    description: {
      en: 'Share of answers agreeing (5–7 of 7) that the company made it easy',
      fr: 'Part des réponses d’accord (5–7 sur 7) : l’entreprise a rendu les choses faciles',
    },
    unit: 'percent',
    better: 'higher',
    source: 'feedback',
    compute: (m) => proportion(sumScores(m.feedback, 'ces', 5, 7), sumScores(m.feedback, 'ces', 1, 7)),
  },
  retention: {
    id: 'retention',
    label: { en: 'Retention rate', fr: 'Taux de rétention' },
    description: {
      en: 'Customers at the start of the period still customers at its end',
      fr: 'Clients en début de période toujours clients à la fin',
    },
    unit: 'percent',
    better: 'higher',
    source: 'customers',
    compute: (m) => proportion(m.retention?.retained ?? 0, m.retention?.base ?? 0),
  },
  churn: {
    id: 'churn',
    label: { en: 'Churn rate', fr: 'Taux d’attrition' },
    description: { en: '100 minus the retention rate', fr: '100 moins le taux de rétention' },
    unit: 'percent',
    better: 'lower',
    source: 'customers',
    compute: (m) => {
      const base = m.retention?.base ?? 0;
      return proportion(base - (m.retention?.retained ?? 0), base);
    },
  },
  resolution_delay: {
    id: 'resolution_delay',
    label: { en: 'Resolution delay', fr: 'Délai de résolution' },
    description: {
      en: 'Mean time from the request to its resolution',
      fr: 'Temps moyen entre la demande et sa résolution',
    },
    unit: 'seconds',
    better: 'lower',
    source: 'interactions',
    compute: (m) => duration(i(m).res_n, i(m).res_ms, i(m).res_sketch, i(m).res_values),
  },
  backlog: {
    id: 'backlog',
    label: { en: 'Open backlog', fr: 'Demandes en attente' },
    description: {
      en: 'Contacts and complaints still unresolved at the end of the period',
      fr: 'Contacts et réclamations non résolus en fin de période',
    },
    unit: 'count',
    better: 'lower',
    source: 'backlog',
    compute: (m) => {
      const open = i(m).backlog_opened - i(m).backlog_closed;
      // no contact or complaint at all is "no data" (kpis.md: never 0 over an empty
      // population); every request resolved is a real backlog of 0
      return {
        value: i(m).backlog_opened > 0 ? open : null,
        n: open,
        moe: null,
        lowSample: isLowSample(open),
      };
    },
  },
  wait_time: {
    id: 'wait_time',
    label: { en: 'Wait time', fr: 'Temps d’attente' },
    description: {
      en: 'Mean time customers waited before being served',
      fr: 'Temps moyen avant prise en charge',
    },
    unit: 'seconds',
    better: 'lower',
    source: 'interactions',
    compute: (m) => duration(i(m).wait_n, i(m).wait_ms, i(m).wait_sketch, i(m).wait_values),
  },
  abandonment: {
    id: 'abandonment',
    label: { en: 'Abandonment rate', fr: 'Taux d’abandon' },
    description: {
      en: 'Share of interactions the customer abandoned',
      fr: 'Part des interactions abandonnées par le client',
    },
    unit: 'percent',
    better: 'lower',
    source: 'interactions',
    compute: (m) => proportion(i(m).abandoned, i(m).abandon_n),
  },
  complaint_rate: {
    id: 'complaint_rate',
    label: { en: 'Complaint rate', fr: 'Taux de réclamation' },
    description: {
      en: 'Share of interactions that are complaints',
      fr: 'Part des interactions qui sont des réclamations',
    },
    unit: 'percent',
    better: 'lower',
    source: 'interactions',
    compute: (m) => proportion(i(m).complaints, i(m).n),
  },
  conversion: {
    id: 'conversion',
    label: { en: 'Conversion rate', fr: 'Taux de conversion' },
    description: { en: 'Share of interactions that converted', fr: 'Part des interactions converties' },
    unit: 'percent',
    better: 'higher',
    source: 'interactions',
    compute: (m) => proportion(i(m).converted, i(m).convert_n),
  },
  return_rate: {
    id: 'return_rate',
    label: { en: 'Return rate', fr: 'Taux de retour' },
    description: { en: 'Returns per 100 purchases', fr: 'Retours pour 100 achats' },
    unit: 'percent',
    better: 'lower',
    source: 'interactions',
    compute: (m) => {
      const { returns, purchases } = i(m);
      // returns can outnumber purchases in a window; a proportion's margin then makes no sense
      const moe = returns <= purchases ? proportionMarginOfError(returns, purchases) : null;
      return result(purchases > 0 ? (100 * returns) / purchases : null, purchases, moe);
    },
  },
  revenue: {
    id: 'revenue',
    label: { en: 'Revenue', fr: 'Chiffre d’affaires' },
    description: { en: 'Sum of interaction revenue', fr: 'Somme du chiffre d’affaires des interactions' },
    unit: 'currency',
    better: 'higher',
    source: 'interactions',
    compute: (m) => result(i(m).revenue_milli / 1000, i(m).revenue_n, null),
  },
  follow_up_rate: {
    id: 'follow_up_rate',
    label: { en: 'Follow-up rate', fr: 'Taux de suivi' },
    description: {
      en: 'Detractor answers whose follow-up case was closed in time',
      fr: 'Réponses détractrices dont le cas de suivi a été clos à temps',
    },
    unit: 'percent',
    better: 'higher',
    // the population is the detractor answers; the numerator comes from follow-up cases
    source: 'feedback',
    compute: (m) => proportion(m.followUp?.followed_up ?? 0, detractorAnswers(m.feedback)),
  },
  time_to_close: {
    id: 'time_to_close',
    label: { en: 'Time to close', fr: 'Délai de clôture' },
    description: {
      en: 'Mean time from opening a follow-up case to closing it',
      fr: 'Temps moyen d’un cas de suivi',
    },
    unit: 'seconds',
    better: 'lower',
    source: 'cases',
    compute: (m) => {
      const n = m.followUp?.closed_n ?? 0;
      return result(n > 0 ? (m.followUp?.close_ms ?? 0) / 1000 / n : null, n, null);
    },
  },
};

export function computeKpi(id: KpiId, m: Measures): KpiResult {
  return KPIS[id].compute(m);
}

export function kpiSourcesOf(ids: readonly KpiId[]): Set<KpiSource> {
  return new Set(ids.map((id) => KPIS[id].source));
}

/** Score distribution helper for charts: the count per NPS score. */
export function npsDistribution(f: FeedbackMeasures): number[] {
  return NPS_SCORES.map((s) => f[`nps_${s}`]);
}
