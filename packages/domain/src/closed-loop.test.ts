/** Rule matching, one condition kind at a time, and the case life cycle. */
import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  type CaseStatus,
  canTransition,
  caseSummary,
  closedInTime,
  commentContains,
  foldText,
  isOverdue,
  type MatchableRecord,
  ROOT_CAUSE_LABELS,
  ROOT_CAUSES,
  ruleMatches,
} from './closed-loop.ts';
import { type AlertRuleSpec, ZAlertRuleInput, ZAlertRulePatch, ZCasePatch } from './schemas/closed-loop.ts';

const answer = (over: Partial<Extract<MatchableRecord, { type: 'feedback' }>> = {}): MatchableRecord => ({
  type: 'feedback',
  touchpoint_id: 'phone',
  team_id: 'lyon',
  survey: 'nps',
  score: 3,
  comment: null,
  ...over,
});
const interaction = (
  over: Partial<Extract<MatchableRecord, { type: 'interaction' }>> = {},
): MatchableRecord => ({
  type: 'interaction',
  touchpoint_id: 'phone',
  team_id: 'lyon',
  kind: 'contact',
  wait_seconds: null,
  abandoned: null,
  ...over,
});
const rule = (over: Partial<AlertRuleSpec>): AlertRuleSpec => ({
  target: 'feedback',
  conditions: [],
  touchpoint_ids: null,
  stages: null,
  team_ids: null,
  segments: null,
  ...over,
});
const none = { stage: null, segment: null };

describe('ruleMatches: score_at_most', () => {
  const npsAtMost6 = rule({ conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }] });
  it.each([
    [0, true],
    [6, true],
    [7, false],
    [10, false],
  ])('NPS %i → %s', (score, expected) => {
    expect(ruleMatches(npsAtMost6, answer({ score }), none)).toBe(expected);
  });
  it('reads the survey: a CSAT 2 is not an NPS answer', () => {
    expect(ruleMatches(npsAtMost6, answer({ survey: 'csat', score: 2 }), none)).toBe(false);
    const csat = rule({ conditions: [{ kind: 'score_at_most', survey: 'csat', score: 2 }] });
    expect(ruleMatches(csat, answer({ survey: 'csat', score: 2 }), none)).toBe(true);
    expect(ruleMatches(csat, answer({ survey: 'csat', score: 3 }), none)).toBe(false);
  });
});

describe('ruleMatches: comment_contains', () => {
  const words = rule({
    conditions: [{ kind: 'comment_contains', words: ['attente', 'trop long', 'rembours*'] }],
  });
  it.each([
    ['Attente interminable', true],
    ['ATTENTE', true],
    ["l'attente était longue", true],
    ['l’attènte', true],
    ['c’était TROP    long !', true],
    ['trop… long', true],
    ['Je veux être remboursé', true],
    ['remboursement refusé', true],
    // whole words only, unless the word ends with *
    ['attentes', false],
    ['mise en attenteX', false],
    ['trop longue', false],
    ['très bien', false],
  ])('%s → %s', (comment, expected) => {
    expect(ruleMatches(words, answer({ comment }), none)).toBe(expected);
  });
  it('an answer without a comment does not match', () => {
    expect(ruleMatches(words, answer({ comment: null }), none)).toBe(false);
    expect(ruleMatches(words, answer({ comment: '' }), none)).toBe(false);
  });
  it('folds accents, case and ligatures', () => {
    expect(foldText('Cœur ÉTÉ Straße')).toBe('coeur ete strasse');
    expect(commentContains('Mon cœur', ['COEUR'])).toBe(true);
    expect(commentContains('Été', ['ete'])).toBe(true);
  });
});

describe('ruleMatches: not_satisfied, alone and beside comment words', () => {
  const unhappy = rule({ conditions: [{ kind: 'not_satisfied' }] });
  it.each([
    ['nps', 6, true],
    ['nps', 7, false],
    ['csat', 3, true],
    ['csat', 4, false],
    ['ces', 4, true],
    ['ces', 5, false],
  ] as const)('%s %i → %s', (survey, score, expected) => {
    expect(ruleMatches(unhappy, answer({ survey, score }), none)).toBe(expected);
  });
  it('never holds for an interaction, and an interaction rule may not ask it', () => {
    expect(ruleMatches(unhappy, interaction(), none)).toBe(false);
    const refused = ZAlertRuleInput.safeParse({
      name: 'x',
      target: 'interaction',
      conditions: [{ kind: 'not_satisfied' }],
      assign_team_id: 'lyon',
      due_hours: 24,
    });
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['conditions.0.kind']);
  });
  it('keeps praise that names a refund out of the queue, and the complaint in', () => {
    const refunds = rule({
      conditions: [{ kind: 'comment_contains', words: ['rembours*'] }, { kind: 'not_satisfied' }],
    });
    const praise = answer({ survey: 'csat', score: 5, comment: 'Remboursement reçu en quelques jours !' });
    const complaint = answer({ survey: 'csat', score: 1, comment: 'Toujours aucun remboursement' });
    const detractor = answer({ survey: 'nps', score: 2, comment: 'Je demande un remboursement.' });
    expect(ruleMatches(refunds, praise, none)).toBe(false);
    expect(ruleMatches(refunds, complaint, none)).toBe(true);
    expect(ruleMatches(refunds, detractor, none)).toBe(true);
  });
});

describe('ruleMatches: wait_over_minutes', () => {
  const wait = rule({ target: 'interaction', conditions: [{ kind: 'wait_over_minutes', minutes: 5 }] });
  it.each([
    [null, false],
    [299, false],
    [300, false],
    [301, true],
    [3600, true],
  ])('waited %s s → %s', (wait_seconds, expected) => {
    expect(ruleMatches(wait, interaction({ wait_seconds }), none)).toBe(expected);
  });
});

describe('ruleMatches: interaction_kind and abandoned', () => {
  const complaint = rule({
    target: 'interaction',
    conditions: [{ kind: 'interaction_kind', kinds: ['complaint', 'return'] }],
  });
  it.each([
    ['complaint', true],
    ['return', true],
    ['contact', false],
  ])('%s → %s', (kind, expected) => {
    expect(ruleMatches(complaint, interaction({ kind }), none)).toBe(expected);
  });
  it('abandoned: only a record that says so', () => {
    const abandoned = rule({ target: 'interaction', conditions: [{ kind: 'abandoned' }] });
    expect(ruleMatches(abandoned, interaction({ abandoned: true }), none)).toBe(true);
    expect(ruleMatches(abandoned, interaction({ abandoned: false }), none)).toBe(false);
    expect(ruleMatches(abandoned, interaction({ abandoned: null }), none)).toBe(false);
  });
});

describe('ruleMatches: every condition, target and narrowing', () => {
  const both = rule({
    conditions: [
      { kind: 'score_at_most', survey: 'nps', score: 6 },
      { kind: 'comment_contains', words: ['attente'] },
    ],
  });
  it('needs every condition', () => {
    expect(ruleMatches(both, answer({ score: 2, comment: 'attente' }), none)).toBe(true);
    expect(ruleMatches(both, answer({ score: 2, comment: 'accueil' }), none)).toBe(false);
    expect(ruleMatches(both, answer({ score: 9, comment: 'attente' }), none)).toBe(false);
  });
  it('a record of the other target never matches', () => {
    const r = rule({
      target: 'interaction',
      conditions: [{ kind: 'interaction_kind', kinds: ['complaint'] }],
    });
    expect(ruleMatches(r, answer(), none)).toBe(false);
  });
  const base = { conditions: [{ kind: 'score_at_most' as const, survey: 'nps' as const, score: 6 }] };
  it('narrows by touchpoint and team', () => {
    expect(ruleMatches(rule({ ...base, touchpoint_ids: ['phone'] }), answer(), none)).toBe(true);
    expect(ruleMatches(rule({ ...base, touchpoint_ids: ['site'] }), answer(), none)).toBe(false);
    expect(ruleMatches(rule({ ...base, team_ids: ['lyon', 'chat'] }), answer(), none)).toBe(true);
    expect(ruleMatches(rule({ ...base, team_ids: ['web'] }), answer(), none)).toBe(false);
  });
  it('narrows by stage and segment, from the context', () => {
    const byStage = rule({ ...base, stages: ['service'] });
    expect(ruleMatches(byStage, answer(), { stage: 'service', segment: null })).toBe(true);
    expect(ruleMatches(byStage, answer(), { stage: 'purchase', segment: null })).toBe(false);
    expect(ruleMatches(byStage, answer(), none)).toBe(false);
    const bySegment = rule({ ...base, segments: ['Premium'] });
    expect(ruleMatches(bySegment, answer(), { stage: null, segment: 'Premium' })).toBe(true);
    expect(ruleMatches(bySegment, answer(), { stage: null, segment: 'Particulier' })).toBe(false);
    expect(ruleMatches(bySegment, answer(), none)).toBe(false);
  });
});

describe('the rule contract', () => {
  const valid = {
    name: 'Détracteurs du centre d’appels',
    target: 'feedback',
    conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }],
    assign_team_id: 'lyon',
    due_hours: 48,
  };
  it('accepts a rule, active by default, narrowing absent', () => {
    const r = ZAlertRuleInput.parse(valid);
    expect(r).toMatchObject({
      active: true,
      touchpoint_ids: null,
      stages: null,
      team_ids: null,
      segments: null,
    });
  });
  it.each([
    [{ conditions: [] }, 'conditions'],
    [{ conditions: [{ kind: 'wait_over_minutes', minutes: 5 }] }, 'conditions.0.kind'],
    [{ conditions: [{ kind: 'score_at_most', survey: 'csat', score: 6 }] }, 'conditions.0.score'],
    [{ conditions: [{ kind: 'comment_contains', words: ['!!!'] }] }, 'conditions.0.words.0'],
    [{ conditions: [{ kind: 'sentiment', below: 0 }] }, 'conditions.0.kind'],
    [{ due_hours: 0 }, 'due_hours'],
    [{ due_hours: 1.5 }, 'due_hours'],
    [{ stages: ['delight'] }, 'stages.0'],
    [{ team_ids: [] }, 'team_ids'],
    [{ assign_team_id: '' }, 'assign_team_id'],
    [{ extra: 1 }, ''],
  ])('refuses %j (field %s)', (change, field) => {
    const r = ZAlertRuleInput.safeParse({ ...valid, ...change });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });
  it('a patch changes at least one field', () => {
    expect(ZAlertRulePatch.safeParse({}).success).toBe(false);
    expect(ZAlertRulePatch.parse({ active: false })).toEqual({ active: false });
  });
});

describe('the case life cycle', () => {
  it('open → in progress → closed, closed straight from open, handed back, never reopened', () => {
    const allowed: [CaseStatus, CaseStatus][] = [];
    for (const from of CASE_STATUSES)
      for (const to of CASE_STATUSES) if (from !== to && canTransition(from, to)) allowed.push([from, to]);
    expect(allowed).toEqual([
      ['open', 'in_progress'],
      ['open', 'closed'],
      ['in_progress', 'open'],
      ['in_progress', 'closed'],
    ]);
  });
  it('overdue while open and past due; closed in time when closed by its due time', () => {
    expect(isOverdue({ status: 'open', due_at: 100 }, 101)).toBe(true);
    expect(isOverdue({ status: 'in_progress', due_at: 100 }, 100)).toBe(false);
    expect(isOverdue({ status: 'closed', due_at: 100 }, 200)).toBe(false);
    expect(closedInTime({ status: 'closed', due_at: 100, closed_at: 100 })).toBe(true);
    expect(closedInTime({ status: 'closed', due_at: 100, closed_at: 101 })).toBe(false);
    expect(closedInTime({ status: 'open', due_at: 100, closed_at: null })).toBe(false);
  });
  it('a patch names at least one field and a known root cause', () => {
    expect(ZCasePatch.safeParse({}).success).toBe(false);
    expect(ZCasePatch.safeParse({ root_cause: 'weather' }).success).toBe(false);
    expect(ZCasePatch.parse({ status: 'closed', root_cause: 'wait', resolution: ' Rappelée ' })).toEqual({
      status: 'closed',
      root_cause: 'wait',
      resolution: 'Rappelée',
    });
  });
  it('every root cause has a French and an English label', () => {
    expect(ROOT_CAUSES).toHaveLength(10);
    for (const code of ROOT_CAUSES) {
      expect(ROOT_CAUSE_LABELS[code].en.length).toBeGreaterThan(0);
      expect(ROOT_CAUSE_LABELS[code].fr.length).toBeGreaterThan(0);
    }
  });
  it('summarises a record in one line', () => {
    expect(caseSummary(answer({ score: 3, comment: 'Attente\n trop longue' }))).toBe(
      'NPS 3 · “Attente trop longue”',
    );
    expect(caseSummary(interaction({ kind: 'contact', wait_seconds: 1260 }))).toBe('contact · wait 21 min');
    expect(caseSummary(answer({ comment: 'x'.repeat(300) })).length).toBeLessThan(140);
  });
});
