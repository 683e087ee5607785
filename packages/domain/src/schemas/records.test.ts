import { describe, expect, it } from 'vitest';
import { YEAR_RANGE_REASON } from '../time.ts';
import {
  ZCustomerRecord,
  ZFeedbackRecord,
  ZInstant,
  ZInteractionRecord,
  ZTouchpointRecord,
} from './records.ts';

const feedback = {
  id: 'f-1',
  customer_id: 'c-1',
  touchpoint_id: 'tp-web',
  submitted_at: '2026-03-14T23:30:00Z',
  survey: 'nps',
  score: 9,
};

const interaction = {
  id: 'i-1',
  customer_id: 'c-1',
  touchpoint_id: 'tp-phone',
  occurred_at: '2026-03-14T10:00:00+01:00',
  kind: 'contact',
};

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => i.path);
}

describe('feedback records', () => {
  it('accepts a minimal answer and fills the defaults (absent fields stay absent: the writer nulls them)', () => {
    const r = ZFeedbackRecord.parse(feedback);
    expect(r).toEqual({ ...feedback, mode: 'transactional' });
    expect(ZFeedbackRecord.parse({ ...feedback, comment: null }).comment).toBeNull();
  });

  it.each([
    ['nps', 0],
    ['nps', 10],
    ['csat', 1],
    ['csat', 5],
    ['ces', 1],
    ['ces', 7],
  ] as const)('accepts %s score %i (the ends of its range)', (survey, score) => {
    expect(ZFeedbackRecord.safeParse({ ...feedback, survey, score }).success).toBe(true);
  });

  it.each([
    ['nps', -1],
    ['nps', 11],
    ['csat', 0],
    ['csat', 6],
    ['ces', 0],
    ['ces', 8],
  ] as const)('rejects %s score %i with the issue on ["score"]', (survey, score) => {
    expect(issuePaths(ZFeedbackRecord.safeParse({ ...feedback, survey, score }))).toEqual([['score']]);
  });

  it('rejects a score that is not a whole number, on ["score"]', () => {
    expect(issuePaths(ZFeedbackRecord.safeParse({ ...feedback, score: 8.5 }))).toEqual([['score']]);
  });

  it('rejects an unknown survey and an unknown mode', () => {
    expect(issuePaths(ZFeedbackRecord.safeParse({ ...feedback, survey: 'ces2' }))).toContainEqual(['survey']);
    expect(issuePaths(ZFeedbackRecord.safeParse({ ...feedback, mode: 'hot' }))).toContainEqual(['mode']);
  });

  it('rejects unknown keys (strict object)', () => {
    const r = ZFeedbackRecord.safeParse({ ...feedback, rating: 9 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});

describe('interaction records', () => {
  it('accepts a minimal record and normalises the kind', () => {
    const r = ZInteractionRecord.parse({ ...interaction, kind: ' Complaint ' });
    expect(r).toEqual({ ...interaction, kind: 'complaint' });
    expect(ZInteractionRecord.parse({ ...interaction, revenue: null }).revenue).toBeNull();
  });

  it('accepts a wait of 0 and rejects a negative wait on ["wait_seconds"]', () => {
    expect(ZInteractionRecord.parse({ ...interaction, wait_seconds: 0 }).wait_seconds).toBe(0);
    expect(issuePaths(ZInteractionRecord.safeParse({ ...interaction, wait_seconds: -1 }))).toEqual([
      ['wait_seconds'],
    ]);
    expect(issuePaths(ZInteractionRecord.safeParse({ ...interaction, wait_seconds: -0.001 }))).toEqual([
      ['wait_seconds'],
    ]);
  });

  it('accepts negative revenue (a refund)', () => {
    expect(ZInteractionRecord.parse({ ...interaction, revenue: -3.5 }).revenue).toBe(-3.5);
  });

  it('rejects unknown keys (strict object)', () => {
    const r = ZInteractionRecord.safeParse({ ...interaction, channel: 'phone' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('rejects an empty id and a kind that is not a word', () => {
    expect(issuePaths(ZInteractionRecord.safeParse({ ...interaction, id: '  ' }))).toContainEqual(['id']);
    expect(issuePaths(ZInteractionRecord.safeParse({ ...interaction, kind: 'call back' }))).toContainEqual([
      'kind',
    ]);
  });

  it('rejects a boolean given as text', () => {
    expect(issuePaths(ZInteractionRecord.safeParse({ ...interaction, abandoned: 'true' }))).toContainEqual([
      'abandoned',
    ]);
  });
});

describe('ISO instants', () => {
  it.each([
    '2026-03-14',
    '2026-03-14T23:30',
    '2026-03-14T23:30:00Z',
    '2026-03-14T23:30:00.123Z',
    '2026-03-14 23:30:00',
    '2026-03-15T00:30:00+01:00',
    '2026-03-15T05:00:00+0530',
  ])('accepts %j', (text) => {
    expect(ZInstant.safeParse(text).success).toBe(true);
  });

  it.each(['14/03/2026', '2026-3-14', '2026-03-14T23', 'yesterday', ''])('rejects %j', (text) => {
    expect(ZInstant.safeParse(text).success).toBe(false);
  });

  it.each(['0026-11-20T09:12:00Z', '0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31T23:59:59Z'])(
    'rejects %j: a year outside 1900–2200, with one reason',
    (text) => {
      expect(ZInstant.safeParse(text).error?.issues.map((i) => i.message)).toEqual([YEAR_RANGE_REASON]);
    },
  );

  it('gives one reason for a malformed instant (not also the year)', () => {
    expect(ZInstant.safeParse('abcd').error?.issues).toHaveLength(1);
  });

  it.each([
    ['occurred_at', { ...interaction, occurred_at: '0026-11-20T09:12:00Z' }],
    ['resolved_at', { ...interaction, resolved_at: '9999-12-31' }],
  ])('names the field of an out-of-range date: %s', (field, record) => {
    expect(issuePaths(ZInteractionRecord.safeParse(record))).toEqual([[field]]);
  });
});

describe('ids and text fields', () => {
  it.each([
    ['an astral character', 'C-\u{1f600}'],
    ['a decomposed accent (NFD), kept decomposed', 'He\u0301le\u0300ne'],
    ['a zero-width space', 'C\u200b1'],
  ])('keep %s exactly as sent (no normalisation)', (_, id) => {
    expect(ZInteractionRecord.parse({ ...interaction, id, customer_id: id }).id).toBe(id);
  });

  it.each([
    ['id', { ...interaction, id: 'SUR-\ud800' }],
    ['customer_id', { ...interaction, customer_id: 'NUL-\u0000' }],
    ['kind', { ...interaction, kind: 'complaint\u0000' }],
  ])('refuse a lone surrogate or NUL, naming the field: %s', (field, record) => {
    expect(issuePaths(ZInteractionRecord.safeParse(record))).toEqual([[field]]);
  });

  it('refuse a lone surrogate in free text (a comment cut in the middle of an emoji)', () => {
    expect(issuePaths(ZFeedbackRecord.safeParse({ ...feedback, comment: 'très bien\ud83d' }))).toEqual([
      ['comment'],
    ]);
  });

  it.each([
    ['name', { id: 'c-1', name: 'Zo\u0000é' }],
    ['segment', { id: 'c-1', name: 'Zoé', segment: 'Pro\udc00' }],
    ['email', { id: 'c-1', name: 'Zoé', email: 'zoe\u0000@example.fr' }],
  ])('refuse it in customer fields: %s', (field, record) => {
    expect(issuePaths(ZCustomerRecord.safeParse(record))).toEqual([[field]]);
  });
});

describe('customer and touchpoint records', () => {
  it('rejects a malformed e-mail on ["email"], accepts none', () => {
    const customer = { id: 'c-1', name: 'Ada' };
    expect(ZCustomerRecord.parse(customer)).toEqual(customer);
    expect(ZCustomerRecord.parse({ ...customer, email: null }).email).toBeNull();
    expect(issuePaths(ZCustomerRecord.safeParse({ ...customer, email: 'not-an-email' }))).toEqual([
      ['email'],
    ]);
  });

  it('defaults a touchpoint to active and rejects an unknown stage', () => {
    const tp = {
      id: 'tp-web',
      name: 'Website',
      channel: 'web',
      stage: 'consideration',
      media: 'owned',
      presence: 'digital',
      team_id: 't-1',
    };
    expect(ZTouchpointRecord.parse(tp).status).toBe('active');
    expect(issuePaths(ZTouchpointRecord.safeParse({ ...tp, stage: 'delight' }))).toEqual([['stage']]);
  });
});
