import { describe, expect, it } from 'vitest';
import {
  addFeedbackMeasures,
  addInteractionMeasures,
  emptyFeedbackMeasures,
  emptyInteractionMeasures,
  FEEDBACK_COUNTERS,
  feedbackContribution,
  type InteractionFacts,
  interactionContribution,
  isDetractorAnswer,
  isZeroFeedbackMeasures,
  isZeroInteractionMeasures,
} from './measures.ts';
import { serializeSketch, sketchCount } from './sketch.ts';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

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

describe('empty measures', () => {
  it('start at zero with empty sketches', () => {
    const m = emptyInteractionMeasures();
    expect(isZeroInteractionMeasures(m)).toBe(true);
    expect(serializeSketch(m.wait_sketch)).toBe('0');
    expect(serializeSketch(m.res_sketch)).toBe('0');
    expect(isZeroFeedbackMeasures(emptyFeedbackMeasures())).toBe(true);
  });

  it('keep one counter per score of each survey (11 NPS + 5 CSAT + 7 CES)', () => {
    expect(FEEDBACK_COUNTERS).toHaveLength(23);
    expect(FEEDBACK_COUNTERS).toContain('nps_0');
    expect(FEEDBACK_COUNTERS).toContain('nps_10');
    expect(FEEDBACK_COUNTERS).toContain('csat_1');
    expect(FEEDBACK_COUNTERS).not.toContain('csat_0');
    expect(FEEDBACK_COUNTERS).toContain('ces_7');
  });

  it('are fresh objects each time (no shared sketch)', () => {
    const a = emptyInteractionMeasures();
    const b = emptyInteractionMeasures();
    expect(a.wait_sketch).not.toBe(b.wait_sketch);
  });
});

describe('what one interaction contributes', () => {
  it('a bare visit counts once and nothing else', () => {
    const { atOccurred, closedAt } = interactionContribution(fact());
    expect(atOccurred.n).toBe(1);
    expect(atOccurred.complaints + atOccurred.returns + atOccurred.purchases).toBe(0);
    expect(atOccurred.backlog_opened).toBe(0);
    expect(atOccurred.wait_n + atOccurred.res_n + atOccurred.abandon_n + atOccurred.convert_n).toBe(0);
    expect(atOccurred.revenue_n).toBe(0);
    expect(closedAt).toBeNull();
  });

  it('kinds: complaint, return and purchase each have their counter', () => {
    expect(interactionContribution(fact({ kind: 'complaint' })).atOccurred.complaints).toBe(1);
    expect(interactionContribution(fact({ kind: 'return' })).atOccurred.returns).toBe(1);
    expect(interactionContribution(fact({ kind: 'purchase' })).atOccurred.purchases).toBe(1);
  });

  it('contacts and complaints open a backlog item and close it on their resolution time', () => {
    const resolved = T0 + 5 * 60_000;
    for (const kind of ['contact', 'complaint']) {
      const open = interactionContribution(fact({ kind }));
      expect(open.atOccurred.backlog_opened).toBe(1);
      expect(open.closedAt).toBeNull();
      const done = interactionContribution(fact({ kind, resolved_at: resolved }));
      expect(done.atOccurred.backlog_opened).toBe(1);
      expect(done.closedAt).toBe(resolved);
    }
  });

  it('a resolved visit has a resolution delay but no backlog item', () => {
    const c = interactionContribution(fact({ resolved_at: T0 + 90_000 }));
    expect(c.atOccurred.res_n).toBe(1);
    expect(c.atOccurred.res_ms).toBe(90_000);
    expect(sketchCount(c.atOccurred.res_sketch)).toBe(1);
    expect(c.atOccurred.backlog_opened).toBe(0);
    expect(c.closedAt).toBeNull();
  });

  it('a wait is kept in whole milliseconds', () => {
    const c = interactionContribution(fact({ wait_seconds: 12.5 })).atOccurred;
    expect(c.wait_n).toBe(1);
    expect(c.wait_ms).toBe(12_500);
    expect(sketchCount(c.wait_sketch)).toBe(1);
  });

  it('a wait of 0 is a measured wait', () => {
    const c = interactionContribution(fact({ wait_seconds: 0 })).atOccurred;
    expect(c.wait_n).toBe(1);
    expect(c.wait_sketch.zero).toBe(1);
  });

  it('abandoned / converted false is present (counted in the denominator only)', () => {
    const c = interactionContribution(fact({ abandoned: false, converted: false })).atOccurred;
    expect([c.abandon_n, c.abandoned, c.convert_n, c.converted]).toEqual([1, 0, 1, 0]);
    const d = interactionContribution(fact({ abandoned: true, converted: true })).atOccurred;
    expect([d.abandon_n, d.abandoned, d.convert_n, d.converted]).toEqual([1, 1, 1, 1]);
  });

  it('revenue is kept in integer thousandths', () => {
    const c = interactionContribution(fact({ revenue: 19.99 })).atOccurred;
    expect(c.revenue_n).toBe(1);
    expect(c.revenue_milli).toBe(19_990);
    expect(interactionContribution(fact({ revenue: 0 })).atOccurred.revenue_n).toBe(1);
  });
});

describe('adding and removing contributions', () => {
  it('adding then subtracting the same contribution restores zero exactly', () => {
    const total = emptyInteractionMeasures();
    const a = interactionContribution(
      fact({
        kind: 'complaint',
        wait_seconds: 42.25,
        resolved_at: T0 + 123_456,
        abandoned: true,
        revenue: 7.5,
      }),
    ).atOccurred;
    const b = interactionContribution(
      fact({ kind: 'purchase', wait_seconds: 0.001, converted: true }),
    ).atOccurred;
    addInteractionMeasures(total, a);
    addInteractionMeasures(total, b);
    expect(total.n).toBe(2);
    expect(total.wait_ms).toBe(42_251);
    addInteractionMeasures(total, a, -1);
    addInteractionMeasures(total, b, -1);
    expect(isZeroInteractionMeasures(total)).toBe(true);
    expect(serializeSketch(total.wait_sketch)).toBe('0');
    expect(serializeSketch(total.res_sketch)).toBe('0');
  });

  it('moves a replaced record: old out, new in equals the new alone', () => {
    const old = interactionContribution(fact({ wait_seconds: 30 })).atOccurred;
    const replacement = interactionContribution(fact({ wait_seconds: 45 })).atOccurred;
    const total = emptyInteractionMeasures();
    addInteractionMeasures(total, old);
    addInteractionMeasures(total, old, -1);
    addInteractionMeasures(total, replacement);
    expect(total.wait_ms).toBe(replacement.wait_ms);
    expect(serializeSketch(total.wait_sketch)).toBe(serializeSketch(replacement.wait_sketch));
  });

  it('feedback contributions add and subtract per score', () => {
    const f = emptyFeedbackMeasures();
    addFeedbackMeasures(f, feedbackContribution('nps', 9));
    addFeedbackMeasures(f, feedbackContribution('nps', 9));
    addFeedbackMeasures(f, feedbackContribution('csat', 4));
    expect(f.nps_9).toBe(2);
    expect(f.csat_4).toBe(1);
    addFeedbackMeasures(f, feedbackContribution('nps', 9), -1);
    addFeedbackMeasures(f, feedbackContribution('nps', 9), -1);
    addFeedbackMeasures(f, feedbackContribution('csat', 4), -1);
    expect(isZeroFeedbackMeasures(f)).toBe(true);
  });
});

describe('detractor answers for follow-up (NPS 0–6, CSAT 1–2)', () => {
  it.each([
    ['nps', 0, true],
    ['nps', 6, true],
    ['nps', 7, false],
    ['nps', 10, false],
    ['csat', 1, true],
    ['csat', 2, true],
    ['csat', 3, false],
    ['ces', 1, false],
  ] as const)('%s %i → %s', (survey, score, expected) => {
    expect(isDetractorAnswer(survey, score)).toBe(expected);
  });
});
