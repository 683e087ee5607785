import { describe, expect, it } from 'vitest';
import {
  computeKpi,
  KPI_IDS,
  KPIS,
  type KpiId,
  kpiSourcesOf,
  npsCounts,
  npsDistribution,
} from './kpi-registry.ts';
import {
  addFeedbackMeasures,
  addInteractionMeasures,
  emptyFeedbackMeasures,
  emptyInteractionMeasures,
  type FollowUpMeasures,
  feedbackContribution,
  type InteractionFacts,
  interactionContribution,
  type Measures,
  type RetentionMeasures,
  type Survey,
} from './measures.ts';

// ── builders ────────────────────────────────────────────────────────────────────────────

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // 2026-03-02T09:00:00Z

function fact(f: Partial<InteractionFacts> = {}): InteractionFacts {
  return {
    kind: 'visit',
    occurred_at: T0,
    resolved_at: null,
    wait_seconds: null,
    abandoned: null,
    converted: null,
    revenue: null,
    ...f,
  };
}

function repeat<T>(count: number, value: T): T[] {
  return Array.from({ length: count }, () => value);
}

/**
 * Aggregates raw facts the way the rollups do: each interaction's measures on the day it
 * occurred, plus one `backlog_closed` for each resolved contact or complaint.
 */
function measures(
  parts: {
    interactions?: InteractionFacts[];
    feedback?: [Survey, number][];
    retention?: RetentionMeasures | null;
    followUp?: FollowUpMeasures | null;
  } = {},
): Measures {
  const interactions = emptyInteractionMeasures();
  for (const f of parts.interactions ?? []) {
    const c = interactionContribution(f);
    addInteractionMeasures(interactions, c.atOccurred);
    if (c.closedAt !== null) interactions.backlog_closed += 1;
  }
  const feedback = emptyFeedbackMeasures();
  for (const [survey, score] of parts.feedback ?? [])
    addFeedbackMeasures(feedback, feedbackContribution(survey, score));
  return { interactions, feedback, retention: parts.retention ?? null, followUp: parts.followUp ?? null };
}

const scores = (survey: Survey, ...values: number[]): [Survey, number][] => values.map((s) => [survey, s]);

// ── the registry itself ─────────────────────────────────────────────────────────────────

describe('the registry matches the table of kpis.md', () => {
  const table: Record<KpiId, [unit: string, better: string]> = {
    nps: ['points', 'higher'],
    csat: ['percent', 'higher'],
    ces: ['percent', 'higher'],
    retention: ['percent', 'higher'],
    churn: ['percent', 'lower'],
    resolution_delay: ['seconds', 'lower'],
    backlog: ['count', 'lower'],
    wait_time: ['seconds', 'lower'],
    abandonment: ['percent', 'lower'],
    complaint_rate: ['percent', 'lower'],
    conversion: ['percent', 'higher'],
    return_rate: ['percent', 'lower'],
    revenue: ['currency', 'higher'],
    follow_up_rate: ['percent', 'higher'],
    time_to_close: ['seconds', 'lower'],
  };

  it('defines every KPI id exactly once, keyed by its own id', () => {
    expect([...KPI_IDS].sort()).toEqual(Object.keys(table).sort());
    expect(Object.keys(KPIS).sort()).toEqual([...KPI_IDS].sort());
    for (const id of KPI_IDS) expect(KPIS[id].id).toBe(id);
  });

  it.each(KPI_IDS)('%s has the unit and better direction of the table', (id) => {
    expect([KPIS[id].unit, KPIS[id].better]).toEqual(table[id]);
    expect(KPIS[id].label.en).not.toBe('');
    expect(KPIS[id].label.fr).not.toBe('');
  });

  it('maps KPIs to the records they need', () => {
    expect(kpiSourcesOf(['nps', 'csat'])).toEqual(new Set(['feedback']));
    expect(kpiSourcesOf(['retention', 'wait_time', 'backlog', 'time_to_close'])).toEqual(
      new Set(['customers', 'interactions', 'backlog', 'cases']),
    );
    expect(kpiSourcesOf([])).toEqual(new Set());
  });
});

describe('an empty population is null ("no data"), never 0', () => {
  it.each(KPI_IDS)('%s over empty measures has value null and n = 0', (id) => {
    const r = computeKpi(id, measures());
    expect(r.value).toBeNull();
    expect(r.n).toBe(0);
    expect(r.moe).toBeNull();
    expect(r.lowSample).toBe(true);
  });

  it.each(KPI_IDS)('%s is null when its customer and case measures are present but zero', (id) => {
    const r = computeKpi(
      id,
      measures({
        retention: { base: 0, retained: 0 },
        followUp: { followed_up: 0, closed_n: 0, close_ms: 0 },
      }),
    );
    expect(r.value).toBeNull();
    expect(r.n).toBe(0);
  });

  it('time KPIs over an empty population have null percentiles too', () => {
    for (const id of ['wait_time', 'resolution_delay'] as const) {
      const r = computeKpi(id, measures());
      expect(r.p50).toBeNull();
      expect(r.p90).toBeNull();
    }
  });

  it('feedback of one survey does not give a value to the others', () => {
    const m = measures({ feedback: scores('csat', 5, 5) });
    expect(computeKpi('csat', m).value).toBe(100);
    expect(computeKpi('nps', m)).toMatchObject({ value: null, n: 0 });
    expect(computeKpi('ces', m)).toMatchObject({ value: null, n: 0 });
  });
});

// ── feedback KPIs ───────────────────────────────────────────────────────────────────────

describe('NPS = 100 × (promoters − detractors) / responses', () => {
  it.each([
    [0, -100],
    [6, -100], // 6 is still a detractor
    [7, 0], // 7 and 8 are passives: counted in n, in neither side
    [8, 0],
    [9, 100], // 9 is the first promoter score
    [10, 100],
  ])('a single answer of %i gives %i', (score, expected) => {
    const r = computeKpi('nps', measures({ feedback: scores('nps', score) }));
    expect(r.value).toBe(expected);
    expect(r.n).toBe(1);
  });

  it('classifies 6/7/8/9 at the boundaries', () => {
    // 6 → detractor, 7 and 8 → passive, 9 → promoter: 100 × (1 − 1) / 4 = 0
    const m = measures({ feedback: scores('nps', 6, 7, 8, 9) });
    expect(npsCounts(m.feedback)).toEqual({ promoters: 1, passives: 2, detractors: 1, n: 4 });
    expect(computeKpi('nps', m).value).toBe(0);
  });

  it('50 promoters, 30 passives and 20 detractors give NPS 30 ± 15.31', () => {
    const m = measures({
      feedback: [
        ...scores('nps', ...repeat(50, 10)),
        ...scores('nps', ...repeat(30, 7)),
        ...scores('nps', ...repeat(20, 3)),
      ],
    });
    const r = computeKpi('nps', m);
    // 100 × (50 − 20) / 100 = 30
    expect(r.value).toBe(30);
    expect(r.n).toBe(100);
    // p = 0.5, d = 0.2: 196 × sqrt((0.7 − 0.09) / 100) = 196 × sqrt(0.0061) = 196 × 0.0781025 = 15.30809
    expect(r.moe).toBeCloseTo(15.30809, 4);
    expect(r.lowSample).toBe(false);
  });

  it('mixes scores: 2 promoters, 1 passive, 3 detractors of 6 give −16.67', () => {
    // 100 × (2 − 3) / 6 = −16.666…
    const r = computeKpi('nps', measures({ feedback: scores('nps', 10, 9, 8, 6, 0, 5) }));
    expect(r.value).toBeCloseTo(-16.6667, 4);
    expect(r.n).toBe(6);
    expect(r.lowSample).toBe(true);
  });

  it('npsDistribution lists the count of each score 0…10', () => {
    const m = measures({ feedback: scores('nps', 0, 10, 10, 7) });
    expect(npsDistribution(m.feedback)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2]);
  });
});

describe('CSAT = 100 × answers scoring 4 or 5 / answers', () => {
  it('3 is not satisfied, 4 is satisfied', () => {
    expect(computeKpi('csat', measures({ feedback: scores('csat', 3) })).value).toBe(0);
    expect(computeKpi('csat', measures({ feedback: scores('csat', 4) })).value).toBe(100);
    expect(computeKpi('csat', measures({ feedback: scores('csat', 5) })).value).toBe(100);
    expect(computeKpi('csat', measures({ feedback: scores('csat', 1) })).value).toBe(0);
  });

  it('5 satisfied of 8 answers give 62.5% ± 33.55', () => {
    const r = computeKpi('csat', measures({ feedback: scores('csat', 1, 2, 3, 4, 5, 5, 4, 4) }));
    // 100 × 5 / 8 = 62.5
    expect(r.value).toBe(62.5);
    expect(r.n).toBe(8);
    // q = 0.625: 196 × sqrt(0.625 × 0.375 / 8) = 196 × sqrt(0.029296875) = 196 × 0.171163 = 33.548
    expect(r.moe).toBeCloseTo(33.548, 3);
  });
});

describe('CES = 100 × answers scoring 5–7 / answers', () => {
  it('4 is not easy, 5 is easy', () => {
    expect(computeKpi('ces', measures({ feedback: scores('ces', 4) })).value).toBe(0);
    expect(computeKpi('ces', measures({ feedback: scores('ces', 5) })).value).toBe(100);
    expect(computeKpi('ces', measures({ feedback: scores('ces', 7) })).value).toBe(100);
    expect(computeKpi('ces', measures({ feedback: scores('ces', 1) })).value).toBe(0);
  });

  it('one answer per score 1…7 gives 3/7 = 42.86% ± 36.66', () => {
    const r = computeKpi('ces', measures({ feedback: scores('ces', 1, 2, 3, 4, 5, 6, 7) }));
    // 100 × 3 / 7 = 42.857…
    expect(r.value).toBeCloseTo(42.857143, 5);
    expect(r.n).toBe(7);
    // q = 3/7: 196 × sqrt((3/7)(4/7) / 7) = 196 × sqrt(0.0349854) = 196 × 0.187044 = 36.6606
    expect(r.moe).toBeCloseTo(36.6606, 3);
  });
});

// ── customer KPIs ───────────────────────────────────────────────────────────────────────

describe('retention and churn', () => {
  it('170 of 200 retained: retention 85% ± 4.95, churn 15% ± 4.95', () => {
    const m = measures({ retention: { base: 200, retained: 170 } });
    const retention = computeKpi('retention', m);
    const churn = computeKpi('churn', m);
    expect(retention.value).toBe(85);
    expect(churn.value).toBe(15);
    expect(retention.n).toBe(200);
    expect(churn.n).toBe(200);
    // q = 0.85: 196 × sqrt(0.85 × 0.15 / 200) = 196 × sqrt(0.0006375) = 196 × 0.0252488 = 4.94876
    expect(retention.moe).toBeCloseTo(4.94876, 4);
    // churn's q = 0.15 has the same q(1 − q), hence the same margin
    expect(churn.moe).toBeCloseTo(4.94876, 4);
  });

  it('churn is 100 − retention', () => {
    for (const [base, retained] of [
      [3, 1],
      [7, 7],
      [7, 0],
      [1000, 999],
    ] as const) {
      const m = measures({ retention: { base, retained } });
      const retention = computeKpi('retention', m).value ?? Number.NaN;
      const churn = computeKpi('churn', m).value ?? Number.NaN;
      expect(retention + churn).toBeCloseTo(100, 10);
    }
  });

  it('everyone retained gives 100% retention and 0% churn, with a zero margin', () => {
    const m = measures({ retention: { base: 40, retained: 40 } });
    expect(computeKpi('retention', m)).toMatchObject({ value: 100, n: 40, moe: 0 });
    expect(computeKpi('churn', m)).toMatchObject({ value: 0, n: 40, moe: 0 });
  });

  it('is no data when the customer measures were not gathered', () => {
    const m = measures({ retention: null });
    expect(computeKpi('retention', m)).toMatchObject({ value: null, n: 0 });
    expect(computeKpi('churn', m)).toMatchObject({ value: null, n: 0 });
  });
});

// ── interaction KPIs ────────────────────────────────────────────────────────────────────

describe('complaint, abandonment and conversion rates', () => {
  it('complaint rate: 3 complaints of 10 interactions is 30% ± 28.40', () => {
    const m = measures({
      interactions: [
        ...repeat(3, fact({ kind: 'complaint' })),
        ...repeat(5, fact()),
        ...repeat(2, fact({ kind: 'purchase' })),
      ],
    });
    const r = computeKpi('complaint_rate', m);
    expect(r.value).toBe(30);
    expect(r.n).toBe(10);
    // q = 0.3: 196 × sqrt(0.21 / 10) = 196 × 0.144914 = 28.4031
    expect(r.moe).toBeCloseTo(28.4031, 3);
  });

  it('abandonment: only interactions where `abandoned` is present count (2 of 4 = 50% ± 49)', () => {
    const m = measures({
      interactions: [
        fact({ abandoned: true }),
        fact({ abandoned: false }),
        fact({ abandoned: false }),
        fact({ abandoned: true }),
        fact(), // absent: not in the population
        fact(),
      ],
    });
    const r = computeKpi('abandonment', m);
    expect(r.value).toBe(50);
    expect(r.n).toBe(4);
    // q = 0.5: 196 × sqrt(0.25 / 4) = 196 × 0.25 = 49
    expect(r.moe).toBeCloseTo(49, 10);
  });

  it('conversion: only interactions where `converted` is present count (1 of 5 = 20% ± 35.06)', () => {
    const m = measures({
      interactions: [
        fact({ converted: true }),
        ...repeat(4, fact({ converted: false })),
        ...repeat(3, fact({ kind: 'purchase' })), // absent: not in the population
      ],
    });
    const r = computeKpi('conversion', m);
    expect(r.value).toBe(20);
    expect(r.n).toBe(5);
    // q = 0.2: 196 × sqrt(0.16 / 5) = 196 × 0.178885 = 35.0615
    expect(r.moe).toBeCloseTo(35.0615, 3);
  });

  it('abandonment and conversion are no data when no interaction carries the field', () => {
    const m = measures({ interactions: repeat(5, fact()) });
    expect(computeKpi('abandonment', m)).toMatchObject({ value: null, n: 0, moe: null });
    expect(computeKpi('conversion', m)).toMatchObject({ value: null, n: 0, moe: null });
    expect(computeKpi('complaint_rate', m)).toMatchObject({ value: 0, n: 5 });
  });
});

describe('return rate = 100 × returns / purchases', () => {
  it('1 return for 4 purchases is 25% ± 42.44', () => {
    const m = measures({
      interactions: [
        ...repeat(4, fact({ kind: 'purchase' })),
        fact({ kind: 'return' }),
        fact({ kind: 'visit' }),
      ],
    });
    const r = computeKpi('return_rate', m);
    expect(r.value).toBe(25);
    expect(r.n).toBe(4);
    // q = 0.25: 196 × sqrt(0.1875 / 4) = 196 × 0.216506 = 42.4352
    expect(r.moe).toBeCloseTo(42.4352, 3);
  });

  it('more returns than purchases gives a value above 100 and no margin', () => {
    const m = measures({
      interactions: [...repeat(2, fact({ kind: 'purchase' })), ...repeat(3, fact({ kind: 'return' }))],
    });
    const r = computeKpi('return_rate', m);
    // 100 × 3 / 2 = 150
    expect(r.value).toBe(150);
    expect(r.n).toBe(2);
    expect(r.moe).toBeNull();
  });

  it('as many returns as purchases still has a (zero) margin', () => {
    const m = measures({
      interactions: [...repeat(2, fact({ kind: 'purchase' })), ...repeat(2, fact({ kind: 'return' }))],
    });
    expect(computeKpi('return_rate', m)).toMatchObject({ value: 100, n: 2, moe: 0 });
  });

  it('returns without any purchase are no data, not infinity', () => {
    const m = measures({ interactions: repeat(2, fact({ kind: 'return' })) });
    expect(computeKpi('return_rate', m)).toMatchObject({ value: null, n: 0, moe: null });
  });
});

describe('revenue = sum of revenue', () => {
  it('sums amounts, refunds included, over the interactions that carry one', () => {
    const m = measures({
      interactions: [
        fact({ kind: 'purchase', revenue: 19.99 }),
        fact({ kind: 'purchase', revenue: 5.005 }),
        fact({ kind: 'return', revenue: -3.5 }),
        fact(), // no revenue: not in n
      ],
    });
    const r = computeKpi('revenue', m);
    // 19990 + 5005 − 3500 = 21495 thousandths = 21.495
    expect(r.value).toBe(21.495);
    expect(r.n).toBe(3);
    expect(r.moe).toBeNull();
  });

  it('is exact to the thousandth (0.1 + 0.2 is 0.3, not 0.30000000000000004)', () => {
    const m = measures({ interactions: [fact({ revenue: 0.1 }), fact({ revenue: 0.2 })] });
    expect(computeKpi('revenue', m).value).toBe(0.3);
  });

  it('a total of exactly 0 is a value, not no data', () => {
    const m = measures({ interactions: [fact({ revenue: 10 }), fact({ revenue: -10 })] });
    expect(computeKpi('revenue', m)).toMatchObject({ value: 0, n: 2 });
  });
});

describe('open backlog = contacts and complaints opened − closed', () => {
  it('5 opened, 2 resolved: 3 open; visits and purchases never enter the backlog', () => {
    const m = measures({
      interactions: [
        fact({ kind: 'contact' }),
        fact({ kind: 'contact' }),
        fact({ kind: 'contact', resolved_at: T0 + HOUR }),
        fact({ kind: 'complaint' }),
        fact({ kind: 'complaint', resolved_at: T0 + 2 * HOUR }),
        fact({ kind: 'visit', resolved_at: T0 + HOUR }), // resolved but not a backlog kind
        fact({ kind: 'purchase' }),
      ],
    });
    expect(m.interactions.backlog_opened).toBe(5);
    expect(m.interactions.backlog_closed).toBe(2);
    const r = computeKpi('backlog', m);
    expect(r.value).toBe(3);
    expect(r.n).toBe(3);
    expect(r.moe).toBeNull();
  });

  it('every request resolved is a backlog of 0 (a real zero: requests exist)', () => {
    const m = measures({
      interactions: [
        fact({ kind: 'contact', resolved_at: T0 + HOUR }),
        fact({ kind: 'complaint', resolved_at: T0 + HOUR }),
      ],
    });
    expect(computeKpi('backlog', m)).toMatchObject({ value: 0, n: 0, moe: null });
  });

  it('no contact or complaint at all is no data', () => {
    const m = measures({ interactions: [fact({ kind: 'visit' }), fact({ kind: 'purchase' })] });
    expect(computeKpi('backlog', m)).toMatchObject({ value: null, n: 0 });
  });
});

describe('resolution delay: mean of resolved_at − occurred_at, with p50 and p90', () => {
  // 60 s, 120 s, 300 s, 600 s, plus two interactions never resolved
  const delays = [60, 120, 300, 600];
  const m = measures({
    interactions: [
      ...delays.map((s) => fact({ kind: 'contact', resolved_at: T0 + s * 1000 })),
      fact({ kind: 'contact' }),
      fact({ kind: 'complaint' }),
    ],
  });

  it('takes the mean over resolved interactions only', () => {
    const r = computeKpi('resolution_delay', m);
    // (60 + 120 + 300 + 600) / 4 = 1080 / 4 = 270
    expect(r.value).toBe(270);
    expect(r.n).toBe(4);
    // Σx² = 3600 + 14400 + 90000 + 360000 = 468000; n·mean² = 4 × 72900 = 291600
    // s² = (468000 − 291600) / 3 = 58800, s = 242.487; MoE = 1.96 × 242.487 / √4 = 237.637
    // The variance is read from the sketch's bucket values (each within 1% of its value,
    // docs/kpi-decisions.md), so the margin is within ~2% of the exact one.
    expect(Math.abs((r.moe ?? Number.NaN) - 237.637)).toBeLessThanOrEqual(237.637 * 0.02);
  });

  it('reads p50 and p90 from the sketch, within 1%, and says so', () => {
    const r = computeKpi('resolution_delay', m);
    expect(r.percentiles).toBe('sketch');
    // nearest rank: p50 = rank ⌈0.5 × 4⌉ = 2 → 120; p90 = rank ⌈0.9 × 4⌉ = 4 → 600
    expect(Math.abs((r.p50 ?? Number.NaN) - 120)).toBeLessThanOrEqual(1.2);
    expect(Math.abs((r.p90 ?? Number.NaN) - 600)).toBeLessThanOrEqual(6);
    expect(r.p50).not.toBe(120); // the sketch returns a bucket midpoint, not the raw value
  });

  it('gives exact p50 and p90 when raw values are present, and says so', () => {
    const exact: Measures = { ...m, interactions: { ...m.interactions, res_values: [600, 60, 300, 120] } };
    const r = computeKpi('resolution_delay', exact);
    expect(r.percentiles).toBe('exact');
    expect(r.p50).toBe(120);
    expect(r.p90).toBe(600);
    expect(r.value).toBe(270);
  });

  it('a single resolved request has a mean but no margin (the sample variance needs n ≥ 2)', () => {
    const one = measures({ interactions: [fact({ kind: 'contact', resolved_at: T0 + 90_000 })] });
    expect(computeKpi('resolution_delay', one)).toMatchObject({
      value: 90,
      n: 1,
      moe: null,
      lowSample: true,
    });
  });
});

describe('wait time: mean of wait_seconds, with p50 and p90', () => {
  // 0, 10, 20, 30, 90 seconds, plus one interaction without a wait
  const waits = [0, 10, 20, 30, 90];
  const m = measures({ interactions: [...waits.map((w) => fact({ wait_seconds: w })), fact()] });

  it('takes the mean over interactions with wait_seconds (a wait of 0 counts)', () => {
    const r = computeKpi('wait_time', m);
    // (0 + 10 + 20 + 30 + 90) / 5 = 150 / 5 = 30
    expect(r.value).toBe(30);
    expect(r.n).toBe(5);
    // Σx² = 0 + 100 + 400 + 900 + 8100 = 9500; n·mean² = 5 × 900 = 4500
    // s² = (9500 − 4500) / 4 = 1250, s = 35.3553; MoE = 1.96 × 35.3553 / √5 = 30.9903
    // (variance from the sketch's bucket values: within ~2%)
    expect(Math.abs((r.moe ?? Number.NaN) - 30.9903)).toBeLessThanOrEqual(30.9903 * 0.02);
  });

  it('sketch percentiles are within 1% of the nearest-rank ones', () => {
    const r = computeKpi('wait_time', m);
    expect(r.percentiles).toBe('sketch');
    // p50 = rank ⌈2.5⌉ = 3 → 20; p90 = rank ⌈4.5⌉ = 5 → 90
    expect(Math.abs((r.p50 ?? Number.NaN) - 20)).toBeLessThanOrEqual(0.2);
    expect(Math.abs((r.p90 ?? Number.NaN) - 90)).toBeLessThanOrEqual(0.9);
  });

  it('exact percentiles from wait_values', () => {
    const exact: Measures = { ...m, interactions: { ...m.interactions, wait_values: [90, 30, 20, 10, 0] } };
    expect(computeKpi('wait_time', exact)).toMatchObject({ p50: 20, p90: 90, percentiles: 'exact' });
  });

  it('a median of zero waits is exactly 0 from the sketch', () => {
    const zeros = measures({ interactions: [0, 0, 0, 5].map((w) => fact({ wait_seconds: w })) });
    // p50 = rank 2 of [0, 0, 0, 5] → 0
    expect(computeKpi('wait_time', zeros).p50).toBe(0);
  });
});

describe('follow-up rate and time to close', () => {
  it('6 of 8 detractor answers followed up in time is 75% ± 30.01', () => {
    // detractors: NPS 0–6 and CSAT 1–2; NPS 7 and CSAT 3 are not
    const answers: [Survey, number][] = [
      ['nps', 0],
      ['nps', 3],
      ['nps', 6],
      ['nps', 6],
      ['nps', 7],
      ['csat', 1],
      ['csat', 2],
      ['csat', 2],
      ['csat', 2],
      ['csat', 3],
    ];
    const r = computeKpi(
      'follow_up_rate',
      measures({ feedback: answers, followUp: { followed_up: 6, closed_n: 0, close_ms: 0 } }),
    );
    expect(r.value).toBe(75);
    expect(r.n).toBe(8);
    // q = 0.75: 196 × sqrt(0.1875 / 8) = 196 × 0.153093 = 30.0062
    expect(r.moe).toBeCloseTo(30.0062, 3);
  });

  it('time to close is the mean of closed_at − opened_at (1 h, 2 h, 6 h → 3 h)', () => {
    const r = computeKpi(
      'time_to_close',
      measures({ followUp: { followed_up: 0, closed_n: 3, close_ms: 9 * HOUR } }),
    );
    // 9 h / 3 = 3 h = 10800 s
    expect(r.value).toBe(10_800);
    expect(r.n).toBe(3);
    expect(r.moe).toBeNull();
  });

  it('is no data when the case measures were not gathered', () => {
    expect(computeKpi('follow_up_rate', measures())).toMatchObject({ value: null, n: 0 });
    expect(computeKpi('time_to_close', measures())).toMatchObject({ value: null, n: 0 });
  });
});

describe('low sample: fewer than 30 records', () => {
  it('29 CSAT answers are flagged, 30 are not', () => {
    expect(computeKpi('csat', measures({ feedback: scores('csat', ...repeat(29, 5)) })).lowSample).toBe(true);
    expect(computeKpi('csat', measures({ feedback: scores('csat', ...repeat(30, 5)) })).lowSample).toBe(
      false,
    );
  });

  it('29 NPS answers are flagged, 30 are not', () => {
    expect(computeKpi('nps', measures({ feedback: scores('nps', ...repeat(29, 9)) })).lowSample).toBe(true);
    expect(computeKpi('nps', measures({ feedback: scores('nps', ...repeat(30, 9)) })).lowSample).toBe(false);
  });

  it('29 waits are flagged, 30 are not', () => {
    const waits = (k: number) => measures({ interactions: repeat(k, fact({ wait_seconds: 12 })) });
    expect(computeKpi('wait_time', waits(29))).toMatchObject({ n: 29, lowSample: true });
    expect(computeKpi('wait_time', waits(30))).toMatchObject({ n: 30, lowSample: false });
  });

  it('the flag follows the KPI population, not the number of records gathered', () => {
    // 29 purchases among 100 interactions: the return rate's n is 29
    const m = measures({ interactions: [...repeat(29, fact({ kind: 'purchase' })), ...repeat(71, fact())] });
    expect(computeKpi('return_rate', m)).toMatchObject({ n: 29, lowSample: true });
    expect(computeKpi('complaint_rate', m)).toMatchObject({ n: 100, lowSample: false });
  });

  it('retention over a base of 29 is flagged, 30 is not', () => {
    expect(computeKpi('retention', measures({ retention: { base: 29, retained: 20 } })).lowSample).toBe(true);
    expect(computeKpi('retention', measures({ retention: { base: 30, retained: 20 } })).lowSample).toBe(
      false,
    );
  });
});
