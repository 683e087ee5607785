import {
  addFeedbackMeasures,
  addInteractionMeasures,
  computeKpi,
  defaultWarningBand,
  emptyFeedbackMeasures,
  emptyInteractionMeasures,
  feedbackContribution,
  type GoalStatus,
  goalStatus,
  interactionContribution,
  JOURNEY_STAGES,
  MEDIA_TYPES,
  periodWindow,
  ZCustomerRecord,
  ZDepartmentRecord,
  ZFeedbackRecord,
  ZGoalInput,
  ZInteractionRecord,
  ZTeamRecord,
  ZTouchpointRecord,
} from '@parcours/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoData, type FeedbackInput, generateDemo, type InteractionInput } from './index.ts';

const SMALL = { seed: 7, endDate: '2025-11-20', days: 120, customers: 2000, interactions: 20_000 };

type Collected = {
  demo: DemoData;
  interactionBatches: InteractionInput[][];
  feedbackBatches: FeedbackInput[][];
  interactions: InteractionInput[];
  feedback: FeedbackInput[];
};

function collect(options: Parameters<typeof generateDemo>[0]): Collected {
  const demo = generateDemo(options);
  const interactionBatches = [...demo.interactionBatches()];
  const feedbackBatches = [...demo.feedbackBatches()];
  return {
    demo,
    interactionBatches,
    feedbackBatches,
    interactions: interactionBatches.flat(),
    feedback: feedbackBatches.flat(),
  };
}

function fingerprint(c: Collected): string {
  const { departments, teams, touchpoints, customers, goals } = c.demo;
  return JSON.stringify({
    departments,
    teams,
    touchpoints,
    customers,
    goals,
    i: c.interactions,
    f: c.feedback,
  });
}

describe('generateDemo (small set)', () => {
  let small: Collected;
  beforeAll(() => {
    small = collect(SMALL);
  });

  it('generates the requested volume, with about a quarter of interactions answered', () => {
    expect(small.interactions.length).toBe(SMALL.interactions);
    expect(small.demo.customers.length).toBe(SMALL.customers);
    const transactional = small.feedback.filter((f) => f.mode === 'transactional').length;
    expect(transactional / small.interactions.length).toBeGreaterThan(0.18);
    expect(transactional / small.interactions.length).toBeLessThan(0.3);
    expect(small.feedback.some((f) => f.mode === 'relational')).toBe(true);
    const commented = small.feedback.filter((f) => f.comment).length / small.feedback.length;
    expect(commented).toBeGreaterThan(0.25);
    expect(commented).toBeLessThan(0.42);
  });

  it('validates every record against its zod schema', () => {
    const check = (
      schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
      rows: unknown[],
    ) => {
      for (const row of rows) {
        const r = schema.safeParse(row);
        if (!r.success) throw new Error(`${JSON.stringify(row)}: ${String(r.error)}`);
      }
    };
    check(ZDepartmentRecord, small.demo.departments);
    check(ZTeamRecord, small.demo.teams);
    check(ZTouchpointRecord, small.demo.touchpoints);
    check(ZCustomerRecord, small.demo.customers);
    check(ZInteractionRecord, small.interactions);
    check(ZFeedbackRecord, small.feedback);
    check(ZGoalInput, small.demo.goals);
  });

  it('is deterministic, and another seed gives other data', () => {
    const again = collect(SMALL);
    expect(fingerprint(again)).toBe(fingerprint(small));
    const other = collect({ ...SMALL, seed: 8 });
    expect(fingerprint(other)).not.toBe(fingerprint(small));
  });

  it('keeps ids unique and references intact', () => {
    const { departments, teams, touchpoints, customers } = small.demo;
    const deptIds = new Set(departments.map((d) => d.id));
    const teamById = new Map(teams.map((t) => [t.id, t]));
    const tpById = new Map(touchpoints.map((t) => [t.id, t]));
    const customerById = new Map(customers.map((c) => [c.id, c]));
    expect(teamById.size).toBe(teams.length);
    expect(tpById.size).toBe(touchpoints.length);
    expect(customerById.size).toBe(customers.length);
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
    for (const t of teams) expect(deptIds.has(t.department_id)).toBe(true);
    for (const t of touchpoints) expect(teamById.has(t.team_id)).toBe(true);
    for (const d of departments) {
      const n = teams.filter((t) => t.department_id === d.id).length;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(3);
    }
    for (const c of customers) {
      if (c.churned_at) expect(Date.parse(c.churned_at)).toBeGreaterThan(Date.parse(c.acquired_at as string));
    }

    const interactionById = new Map<string, InteractionInput>();
    for (const i of small.interactions) {
      expect(interactionById.has(i.id)).toBe(false);
      interactionById.set(i.id, i);
      const c = customerById.get(i.customer_id);
      const tp = tpById.get(i.touchpoint_id);
      expect(c).toBeDefined();
      expect(tp).toBeDefined();
      const at = Date.parse(i.occurred_at);
      expect(at).toBeGreaterThan(Date.parse(c?.acquired_at as string));
      if (c?.churned_at) expect(at).toBeLessThan(Date.parse(c.churned_at));
      if (i.team_id) {
        const team = teamById.get(i.team_id);
        expect(team).toBeDefined();
        // another team of the owner's department
        expect(team?.department_id).toBe(teamById.get(tp?.team_id as string)?.department_id);
      }
      if (i.resolved_at) expect(Date.parse(i.resolved_at)).toBeGreaterThan(at);
      if (i.revenue !== undefined) expect(i.revenue).toBeGreaterThan(0);
      expect(at).toBeLessThan(small.demo.options.endMs);
    }

    const feedbackIds = new Set<string>();
    for (const f of small.feedback) {
      expect(feedbackIds.has(f.id)).toBe(false);
      feedbackIds.add(f.id);
      expect(customerById.has(f.customer_id)).toBe(true);
      expect(tpById.has(f.touchpoint_id)).toBe(true);
      expect(Date.parse(f.submitted_at)).toBeLessThan(small.demo.options.endMs);
      if (f.mode === 'transactional') {
        const i = interactionById.get(f.interaction_id as string);
        expect(i).toBeDefined();
        expect(i?.customer_id).toBe(f.customer_id);
        expect(i?.touchpoint_id).toBe(f.touchpoint_id);
        expect(Date.parse(f.submitted_at)).toBeGreaterThan(Date.parse(i?.occurred_at as string));
      } else {
        expect(f.interaction_id).toBeUndefined();
        expect(tpById.get(f.touchpoint_id)?.stage).toBe('loyalty');
        expect(f.survey).toBe('nps');
      }
    }
  });

  it('covers every journey stage and media type, in the catalogue and in the interactions', () => {
    const { touchpoints } = small.demo;
    expect(touchpoints.length).toBeGreaterThanOrEqual(28);
    for (const stage of JOURNEY_STAGES) expect(touchpoints.some((t) => t.stage === stage)).toBe(true);
    for (const media of MEDIA_TYPES) expect(touchpoints.some((t) => t.media === media)).toBe(true);
    expect(new Set(touchpoints.map((t) => t.presence))).toEqual(new Set(['digital', 'physical']));
    expect(new Set(touchpoints.map((t) => t.status))).toEqual(
      new Set(['emerging', 'active', 'declining', 'retired']),
    );
    const tpById = new Map(touchpoints.map((t) => [t.id, t]));
    const stages = new Set(small.interactions.map((i) => tpById.get(i.touchpoint_id)?.stage));
    const media = new Set(small.interactions.map((i) => tpById.get(i.touchpoint_id)?.media));
    for (const stage of JOURNEY_STAGES) expect(stages.has(stage)).toBe(true);
    for (const m of MEDIA_TYPES) expect(media.has(m)).toBe(true);
    const kinds = new Set(small.interactions.map((i) => i.kind));
    for (const k of ['visit', 'purchase', 'contact', 'complaint', 'return']) expect(kinds.has(k)).toBe(true);
  });

  it('yields batches of at most 10,000 records in chronological order', () => {
    expect(small.interactionBatches.length).toBeGreaterThan(1);
    for (const b of [...small.interactionBatches, ...small.feedbackBatches]) {
      expect(b.length).toBeGreaterThan(0);
      expect(b.length).toBeLessThanOrEqual(10_000);
    }
    const times = small.interactions.map((i) => Date.parse(i.occurred_at));
    for (let k = 1; k < times.length; k++) expect(times[k]).toBeGreaterThanOrEqual(times[k - 1] as number);
    const fTimes = small.feedback.map((f) => Date.parse(f.submitted_at));
    for (let k = 1; k < fTimes.length; k++) expect(fTimes[k]).toBeGreaterThanOrEqual(fTimes[k - 1] as number);
  });

  it('recordBatches streams both in one pass, each answer after its interaction', () => {
    const seen = new Set<string>();
    let interactions = 0;
    let feedback = 0;
    for (const batch of small.demo.recordBatches()) {
      expect(batch.records.length).toBeLessThanOrEqual(10_000);
      if (batch.kind === 'interactions') {
        for (const r of batch.records) seen.add(r.id);
        interactions += batch.records.length;
      } else {
        for (const r of batch.records) if (r.interaction_id) expect(seen.has(r.interaction_id)).toBe(true);
        feedback += batch.records.length;
      }
    }
    expect(interactions).toBe(small.interactions.length);
    expect(feedback).toBe(small.feedback.length);
  });

  it('tells its stories: the call centre waits longer and the app draws complaints lately', () => {
    const end = small.demo.options.endMs;
    const day = 86_400_000;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const calls = small.interactions.filter((i) => i.touchpoint_id === 'tp-centre-appels');
    const before = calls
      .filter((i) => Date.parse(i.occurred_at) < end - 95 * day)
      .map((i) => i.wait_seconds ?? 0);
    const after = calls
      .filter((i) => Date.parse(i.occurred_at) >= end - 60 * day)
      .map((i) => i.wait_seconds ?? 0);
    expect(mean(after)).toBeGreaterThan(1.6 * mean(before));
    const app = small.interactions.filter((i) => i.touchpoint_id === 'tp-application-mobile');
    const rate = (xs: InteractionInput[]) => xs.filter((i) => i.kind === 'complaint').length / xs.length;
    const appBefore = app.filter((i) => Date.parse(i.occurred_at) < end - 80 * day);
    const appAfter = app.filter((i) => Date.parse(i.occurred_at) >= end - 70 * day);
    expect(rate(appAfter)).toBeGreaterThan(2 * rate(appBefore));
  });

  it('sets goals that, recomputed independently, are met, at risk and off track', () => {
    const { goals } = small.demo;
    expect(goals.length).toBeGreaterThanOrEqual(25);
    const statuses = recomputeStatuses(small, 'UTC');
    expect(statuses).toEqual(small.demo.goalActuals.map((g) => g.status));
    expect(statuses).toContain('met');
    expect(statuses).toContain('at_risk');
    expect(statuses).toContain('off_track');
    expect(new Set(goals.map((g) => g.scope_type))).toEqual(
      new Set(['company', 'department', 'team', 'touchpoint']),
    );
    expect(new Set(goals.map((g) => g.period))).toEqual(new Set(['2025-Q4', '2025']));
  });

  it('measures goal periods in the organisation time zone when given one', () => {
    const paris = collect({ ...SMALL, timeZone: 'Europe/Paris' });
    // the records do not depend on the zone, only the goal windows do
    expect(paris.interactions).toEqual(small.interactions);
    const statuses = recomputeStatuses(paris, 'Europe/Paris');
    expect(statuses).toEqual(paris.demo.goalActuals.map((g) => g.status));
    for (const s of ['met', 'at_risk', 'off_track'] as const) expect(statuses).toContain(s);
  });
});

/** Goal statuses computed from the streamed records alone, per kpis.md. */
function recomputeStatuses(c: Collected, zone: string): GoalStatus[] {
  const { goals, teams, touchpoints, customers, options } = c.demo;
  const owner = new Map(touchpoints.map((t) => [t.id, t.team_id]));
  const deptOf = new Map(teams.map((t) => [t.id, t.department_id]));
  const teamOfInteraction = new Map<string, string>();
  for (const i of c.interactions)
    teamOfInteraction.set(i.id, i.team_id ?? (owner.get(i.touchpoint_id) as string));
  const matches = (g: (typeof goals)[number], team: string, touchpoint: string) =>
    g.scope_type === 'company' ||
    (g.scope_type === 'department' && deptOf.get(team) === g.scope_id) ||
    (g.scope_type === 'team' && team === g.scope_id) ||
    (g.scope_type === 'touchpoint' && touchpoint === g.scope_id);

  return goals.map((g) => {
    const w = periodWindow(g.period, zone);
    const from = w.from;
    const to = Math.min(w.to, options.endMs);
    const interactions = emptyInteractionMeasures();
    for (const i of c.interactions) {
      const at = Date.parse(i.occurred_at);
      if (at < from || at >= to) continue;
      if (!matches(g, teamOfInteraction.get(i.id) as string, i.touchpoint_id)) continue;
      const { atOccurred } = interactionContribution({
        kind: i.kind,
        occurred_at: at,
        resolved_at: i.resolved_at ? Date.parse(i.resolved_at) : null,
        wait_seconds: i.wait_seconds ?? null,
        abandoned: i.abandoned ?? null,
        converted: i.converted ?? null,
        revenue: i.revenue ?? null,
      });
      addInteractionMeasures(interactions, atOccurred);
    }
    const feedback = emptyFeedbackMeasures();
    for (const f of c.feedback) {
      const at = Date.parse(f.submitted_at);
      if (at < from || at >= to) continue;
      const team =
        f.team_id ??
        (f.interaction_id ? teamOfInteraction.get(f.interaction_id) : undefined) ??
        (owner.get(f.touchpoint_id) as string);
      if (!matches(g, team, f.touchpoint_id)) continue;
      addFeedbackMeasures(feedback, feedbackContribution(f.survey, f.score));
    }
    let base = 0;
    let retained = 0;
    for (const cu of customers) {
      const acquired = Date.parse(cu.acquired_at as string);
      const churned = cu.churned_at ? Date.parse(cu.churned_at) : Number.POSITIVE_INFINITY;
      if (acquired < from && churned >= from) {
        base++;
        if (churned >= to) retained++;
      }
    }
    const actual = computeKpi(g.kpi, {
      interactions,
      feedback,
      retention: { base, retained },
      followUp: null,
    }).value;
    return goalStatus(g.kpi, actual, g.target, g.warning_band ?? defaultWarningBand(g.kpi, g.target));
  });
}

describe('generateDemo options', () => {
  it('rejects a malformed end date', () => {
    expect(() => generateDemo({ endDate: '2025-02-30' })).toThrow(RangeError);
    expect(() => generateDemo({ endDate: '20/11/2025' })).toThrow(RangeError);
  });

  it('copes with a quarter that has only just begun and tiny sizes', () => {
    const demo = generateDemo({ endDate: '2026-04-01', days: 30, customers: 50, interactions: 500 });
    for (const g of demo.goals) expect(ZGoalInput.safeParse(g).success).toBe(true);
    const interactions = [...demo.interactionBatches()].flat();
    expect(interactions.length).toBe(500);
    for (const i of interactions) expect(ZInteractionRecord.safeParse(i).success).toBe(true);
  });
});
