/**
 * Demo goals: for the quarter containing the last day and for its year, a few goals per
 * department and for the company. Each target is set relative to the actual computed over
 * the generated data (period so far, through the domain package), so that the dashboard
 * shows a planned mix of met, at-risk and off-track goals.
 */
import {
  addFeedbackMeasures,
  addInteractionMeasures,
  computeKpi,
  dayStart,
  defaultWarningBand,
  emptyFeedbackMeasures,
  emptyInteractionMeasures,
  type FeedbackMeasures,
  feedbackContribution,
  type GoalInput,
  type GoalStatus,
  goalStatus,
  type InteractionFacts,
  type InteractionMeasures,
  interactionContribution,
  KPIS,
  type KpiId,
  type Measures,
  periodContaining,
  periodWindow,
  type Window,
} from '@parcours/domain';
import { DAY } from './calendar.ts';
import { TEAMS, TOUCHPOINTS } from './catalog.ts';
import type { Simulation } from './engine.ts';
import type { CustomerTable } from './people.ts';

type Scope = { type: GoalInput['scope_type']; id: string | null };
type PlannedGoal = {
  kpi: KpiId;
  scope: Scope;
  period: 'quarter' | 'year';
  status: Exclude<GoalStatus, 'no_data'>;
  note: string;
};

const company: Scope = { type: 'company', id: null };
const dept = (id: string): Scope => ({ type: 'department', id });
const team = (id: string): Scope => ({ type: 'team', id });
const touchpoint = (id: string): Scope => ({ type: 'touchpoint', id });

/** The plan: which goal, and which status it should show. */
export const GOAL_PLAN: PlannedGoal[] = [
  // company
  {
    kpi: 'nps',
    scope: company,
    period: 'quarter',
    status: 'at_risk',
    note: 'NPS groupe, tous canaux confondus.',
  },
  {
    kpi: 'retention',
    scope: company,
    period: 'quarter',
    status: 'met',
    note: 'Garder nos clients sur le trimestre.',
  },
  { kpi: 'nps', scope: company, period: 'year', status: 'met', note: 'Objectif annuel du programme NPS.' },
  {
    kpi: 'retention',
    scope: company,
    period: 'year',
    status: 'at_risk',
    note: 'Rétention annuelle du portefeuille.',
  },
  // Marketing
  {
    kpi: 'conversion',
    scope: dept('marketing'),
    period: 'quarter',
    status: 'met',
    note: 'Campagnes et comparateurs.',
  },
  {
    kpi: 'nps',
    scope: dept('marketing'),
    period: 'quarter',
    status: 'at_risk',
    note: 'Recommandation sur les points de contact marketing.',
  },
  {
    kpi: 'conversion',
    scope: touchpoint('tp-google-ads'),
    period: 'quarter',
    status: 'off_track',
    note: 'Taux de clic des annonces Google Ads.',
  },
  {
    kpi: 'nps',
    scope: touchpoint('tp-avis-google'),
    period: 'quarter',
    status: 'met',
    note: 'Image de marque sur les avis Google.',
  },
  {
    kpi: 'conversion',
    scope: dept('marketing'),
    period: 'year',
    status: 'met',
    note: 'Conversion annuelle des campagnes.',
  },
  {
    kpi: 'nps',
    scope: dept('marketing'),
    period: 'year',
    status: 'off_track',
    note: 'Recommandation sur l’année.',
  },
  // Ventes
  {
    kpi: 'revenue',
    scope: dept('ventes'),
    period: 'quarter',
    status: 'met',
    note: 'Chiffre d’affaires boutiques, web et entreprises.',
  },
  {
    kpi: 'conversion',
    scope: dept('ventes'),
    period: 'quarter',
    status: 'at_risk',
    note: 'Transformation en boutique et en ligne.',
  },
  {
    kpi: 'return_rate',
    scope: dept('ventes'),
    period: 'quarter',
    status: 'off_track',
    note: 'Limiter les retours produits.',
  },
  {
    kpi: 'revenue',
    scope: team('ventes-ecommerce'),
    period: 'quarter',
    status: 'at_risk',
    note: 'Chiffre d’affaires de la boutique en ligne.',
  },
  {
    kpi: 'revenue',
    scope: dept('ventes'),
    period: 'year',
    status: 'at_risk',
    note: 'Budget annuel des ventes.',
  },
  {
    kpi: 'return_rate',
    scope: dept('ventes'),
    period: 'year',
    status: 'met',
    note: 'Taux de retour annuel.',
  },
  // Service client
  {
    kpi: 'wait_time',
    scope: touchpoint('tp-centre-appels'),
    period: 'quarter',
    status: 'off_track',
    note: 'Décrocher en moins de trois minutes en moyenne.',
  },
  {
    kpi: 'resolution_delay',
    scope: dept('service-client'),
    period: 'quarter',
    status: 'at_risk',
    note: 'Délai moyen de résolution des demandes.',
  },
  {
    kpi: 'csat',
    scope: dept('service-client'),
    period: 'quarter',
    status: 'off_track',
    note: 'Satisfaction après contact.',
  },
  {
    kpi: 'abandonment',
    scope: dept('service-client'),
    period: 'quarter',
    status: 'at_risk',
    note: 'Appels et chats abandonnés avant prise en charge.',
  },
  {
    kpi: 'csat',
    scope: touchpoint('tp-chat'),
    period: 'quarter',
    status: 'met',
    note: 'Satisfaction sur le chat en ligne.',
  },
  {
    kpi: 'wait_time',
    scope: dept('service-client'),
    period: 'year',
    status: 'met',
    note: 'Temps d’attente annuel, tous canaux.',
  },
  {
    kpi: 'csat',
    scope: dept('service-client'),
    period: 'year',
    status: 'at_risk',
    note: 'Satisfaction annuelle après contact.',
  },
  // Après-vente
  {
    kpi: 'complaint_rate',
    scope: dept('apres-vente'),
    period: 'quarter',
    status: 'met',
    note: 'Réclamations sur les réparations, retours et livraisons.',
  },
  {
    kpi: 'resolution_delay',
    scope: dept('apres-vente'),
    period: 'quarter',
    status: 'off_track',
    note: 'Réparations et remboursements plus rapides.',
  },
  {
    kpi: 'csat',
    scope: dept('apres-vente'),
    period: 'quarter',
    status: 'at_risk',
    note: 'Satisfaction après-vente.',
  },
  {
    kpi: 'csat',
    scope: team('sav-reparations'),
    period: 'quarter',
    status: 'met',
    note: 'Satisfaction de l’atelier SAV.',
  },
  {
    kpi: 'complaint_rate',
    scope: dept('apres-vente'),
    period: 'year',
    status: 'met',
    note: 'Taux de réclamation annuel.',
  },
  {
    kpi: 'resolution_delay',
    scope: dept('apres-vente'),
    period: 'year',
    status: 'at_risk',
    note: 'Délai de résolution annuel.',
  },
  // IT
  {
    kpi: 'nps',
    scope: dept('it'),
    period: 'quarter',
    status: 'met',
    note: 'Recommandation du site et de l’application.',
  },
  {
    kpi: 'ces',
    scope: touchpoint('tp-application-mobile'),
    period: 'quarter',
    status: 'off_track',
    note: 'Facilité d’usage de l’application mobile.',
  },
  {
    kpi: 'abandonment',
    scope: dept('it'),
    period: 'quarter',
    status: 'at_risk',
    note: 'Paniers abandonnés dans l’application et assistant virtuel.',
  },
  {
    kpi: 'ces',
    scope: dept('it'),
    period: 'quarter',
    status: 'met',
    note: 'Effort client sur les parcours digitaux.',
  },
  {
    kpi: 'nps',
    scope: dept('it'),
    period: 'year',
    status: 'met',
    note: 'Recommandation annuelle du digital.',
  },
  {
    kpi: 'ces',
    scope: dept('it'),
    period: 'year',
    status: 'at_risk',
    note: 'Effort client annuel sur le digital.',
  },
];

const NT = TEAMS.length;
const TEAM_DEPT = TEAMS.map((t) => t.department_id);

/** Measures per (touchpoint × team) cell, for one time slice. */
type Cells = { interactions: InteractionMeasures[]; feedback: FeedbackMeasures[] };

function emptyCells(): Cells {
  const n = TOUCHPOINTS.length * NT;
  return {
    interactions: Array.from({ length: n }, emptyInteractionMeasures),
    feedback: Array.from({ length: n }, emptyFeedbackMeasures),
  };
}

function inScope(scope: Scope, tp: number, team: number): boolean {
  switch (scope.type) {
    case 'company':
      return true;
    case 'department':
      return TEAM_DEPT[team] === scope.id;
    case 'team':
      return TEAMS[team]?.id === scope.id;
    default:
      return TOUCHPOINTS[tp]?.id === scope.id;
  }
}

/** The retention measures of kpis.md over [from, to). */
export function retentionMeasures(customers: CustomerTable, window: Window) {
  let base = 0;
  let retained = 0;
  for (let c = 0; c < customers.acquired.length; c++) {
    const churned = customers.churned[c] as number;
    if ((customers.acquired[c] as number) < window.from && churned >= window.from) {
      base++;
      if (churned >= window.to) retained++;
    }
  }
  return { base, retained };
}

export type GoalActual = { goal: GoalInput; actual: number | null; status: GoalStatus };

/** Streams the simulation over the year so far and sets every planned goal's target. */
export function buildGoals(
  sim: Simulation,
  customers: CustomerTable,
  endDate: string,
  timeZone: string,
): GoalActual[] {
  const { startMs, endMs } = sim.options;
  // the periods containing the last day of data, as the organisation's calendar sees them
  const lastDay = dayStart(endDate, timeZone);
  const quarterKey = periodContaining(lastDay, 'quarter', timeZone);
  const yearKey = periodContaining(lastDay, 'year', timeZone);
  const quarter: Window = { from: periodWindow(quarterKey, timeZone).from, to: endMs };
  const year: Window = { from: periodWindow(yearKey, timeZone).from, to: endMs };

  // one pass from the year (answers lag their interactions by at most 8 days); when the year
  // has barely begun, also the 90 days before it, a reference for goals without data yet
  const inQuarter = emptyCells();
  const yearBeforeQuarter = emptyCells();
  const beforeYear = emptyCells();
  const previous: Window = { from: year.from - (endMs - year.from < 45 * DAY ? 90 * DAY : 0), to: year.from };
  const fromDay = Math.max(0, Math.floor((previous.from - startMs) / DAY) - 10);
  const sliceOf = (at: number): Cells | null =>
    at >= quarter.from
      ? inQuarter
      : at >= year.from
        ? yearBeforeQuarter
        : at >= previous.from
          ? beforeYear
          : null;
  const plainContributions = new Map<string, InteractionMeasures>();
  const feedbackContributions = new Map<string, FeedbackMeasures>();
  for (const day of sim.days(fromDay)) {
    for (let k = 0; k < day.interactions.length; k++) {
      const at = day.occurredMs[k] as number;
      const cells = sliceOf(at);
      if (cells === null) continue;
      const rec = day.interactions[k] as (typeof day.interactions)[number];
      const resolved = day.resolvedMs[k] as number;
      const facts: InteractionFacts = {
        kind: rec.kind,
        occurred_at: at,
        resolved_at: Number.isNaN(resolved) ? null : resolved,
        wait_seconds: rec.wait_seconds ?? null,
        abandoned: rec.abandoned ?? null,
        converted: rec.converted ?? null,
        revenue: rec.revenue ?? null,
      };
      // most interactions carry no time or amount: their contribution is one of a few, reused
      const plain = facts.resolved_at === null && facts.wait_seconds === null && facts.revenue === null;
      const key = plain ? `${facts.kind}|${facts.abandoned}|${facts.converted}` : '';
      let atOccurred = plain ? plainContributions.get(key) : undefined;
      if (atOccurred === undefined) {
        atOccurred = interactionContribution(facts).atOccurred;
        if (plain) plainContributions.set(key, atOccurred);
      }
      const cell = (day.interactionTouchpoint[k] as number) * NT + (day.interactionTeam[k] as number);
      addInteractionMeasures(cells.interactions[cell] as InteractionMeasures, atOccurred);
    }
    for (let k = 0; k < day.feedback.length; k++) {
      const at = day.submittedMs[k] as number;
      const cells = sliceOf(at);
      if (cells === null) continue;
      const rec = day.feedback[k] as (typeof day.feedback)[number];
      const cell = (day.feedbackTouchpoint[k] as number) * NT + (day.feedbackTeam[k] as number);
      const fkey = `${rec.survey}_${rec.score}`;
      let contribution = feedbackContributions.get(fkey);
      if (contribution === undefined) {
        contribution = feedbackContribution(rec.survey, rec.score);
        feedbackContributions.set(fkey, contribution);
      }
      addFeedbackMeasures(cells.feedback[cell] as FeedbackMeasures, contribution);
    }
  }

  const measuresOf = (scope: Scope, period: 'quarter' | 'year' | 'previous'): Measures => {
    const interactions = emptyInteractionMeasures();
    const feedback = emptyFeedbackMeasures();
    for (let tp = 0; tp < TOUCHPOINTS.length; tp++) {
      for (let tm = 0; tm < NT; tm++) {
        if (!inScope(scope, tp, tm)) continue;
        const cell = tp * NT + tm;
        const slices =
          period === 'quarter'
            ? [inQuarter]
            : period === 'year'
              ? [inQuarter, yearBeforeQuarter]
              : [beforeYear];
        for (const s of slices) {
          addInteractionMeasures(interactions, s.interactions[cell] as InteractionMeasures);
          addFeedbackMeasures(feedback, s.feedback[cell] as FeedbackMeasures);
        }
      }
    }
    const window = period === 'quarter' ? quarter : period === 'year' ? year : previous;
    const retention = scope.type === 'company' ? retentionMeasures(customers, window) : null;
    return { interactions, feedback, retention, followUp: null };
  };

  const out: GoalActual[] = [];
  for (const plan of GOAL_PLAN) {
    const actual = computeKpi(plan.kpi, measuresOf(plan.scope, plan.period)).value;
    const period = plan.period === 'quarter' ? quarterKey : yearKey;
    const goal: GoalInput = {
      kpi: plan.kpi,
      scope_type: plan.scope.type,
      scope_id: plan.scope.id,
      period,
      target: 0,
      warning_band: null,
      note: plan.note,
    };
    if (actual === null) {
      // nothing measured yet (the period has just begun): a target set against the year so
      // far, else the 90 days before it, and no status until data arrives
      const reference =
        computeKpi(plan.kpi, measuresOf(plan.scope, 'year')).value ??
        computeKpi(plan.kpi, measuresOf(plan.scope, 'previous')).value;
      goal.target = reference === null ? 0 : chooseTarget(plan.kpi, reference, plan.status).target;
      out.push({ goal, actual, status: 'no_data' });
      continue;
    }
    const { target, band } = chooseTarget(plan.kpi, actual, plan.status);
    goal.target = target;
    goal.warning_band = band;
    const status = goalStatus(plan.kpi, actual, target, band ?? defaultWarningBand(plan.kpi, target));
    out.push({ goal, actual, status });
  }
  return out;
}

const STEPS: Record<string, number[]> = {
  points: [5, 1, 0.5, 0.1, 0.01],
  percent: [5, 1, 0.5, 0.1, 0.01],
  seconds: [3600, 600, 60, 30, 10, 5, 1, 0.1],
  currency: [100_000, 10_000, 1000, 100, 10, 1, 0.01],
  count: [100, 10, 1],
};

/**
 * A round target putting `actual` at the wanted status: met a little on the better side,
 * at risk within half the warning band, off track beyond twice the band.
 */
export function chooseTarget(
  kpi: KpiId,
  actual: number,
  want: Exclude<GoalStatus, 'no_data'>,
): { target: number; band: number | null } {
  const def = KPIS[kpi];
  const higher = def.better === 'higher';
  const k = want === 'met' ? -0.6 : want === 'at_risk' ? 0.5 : 2.2;
  let band: number | null = null;
  let raw: number;
  if (def.unit === 'seconds' || def.unit === 'currency' || def.unit === 'count') {
    // the default band is 10% of the target: solve target ± k·0.1·target = actual
    raw = higher ? actual / (1 - 0.1 * k) : actual / (1 + 0.1 * k);
  } else {
    // small lower-is-better rates (complaints, returns) get a band in proportion
    if (def.unit === 'percent' && !higher && actual < 10) band = Math.max(0.1, Math.round(actual * 2.5) / 10);
    const b = band ?? defaultWarningBand(kpi, 0);
    raw = higher ? actual + k * b : actual - k * b;
    if (def.unit === 'percent') raw = Math.min(100, Math.max(0, raw));
  }
  const ok = (t: number) => goalStatus(kpi, actual, t, band ?? defaultWarningBand(kpi, t)) === want;
  const effBand = band ?? defaultWarningBand(kpi, raw);
  for (const step of STEPS[def.unit] ?? [1]) {
    const t = Math.round(Math.round(raw / step) * step * 100) / 100;
    if (Math.abs(t - raw) <= 0.3 * effBand && ok(t)) return { target: t, band };
  }
  return { target: raw, band };
}
