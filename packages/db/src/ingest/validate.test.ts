/** The validator's normalisation: what the writer receives for what a client sent. */
import { describe, expect, it } from 'vitest';
import { validateBatch } from './validate.ts';

describe('validateBatch', () => {
  it('turns absent and null optional fields into null, and times into epoch ms in the zone', () => {
    const { valid, errors } = validateBatch(
      'interactions',
      [
        {
          id: 'i1',
          customer_id: 'c1',
          touchpoint_id: 'site',
          occurred_at: '2026-03-14T23:30:00Z',
          kind: ' Visit ',
        },
        {
          id: 'i2',
          customer_id: 'c1',
          touchpoint_id: 'site',
          team_id: null,
          occurred_at: '2026-03-15',
          kind: 'contact',
          wait_seconds: 12.5,
          resolved_at: null,
          abandoned: false,
        },
      ],
      'Europe/Paris',
    );
    expect(errors).toEqual([]);
    expect(valid.map((v) => v.record)).toEqual([
      {
        id: 'i1',
        customer_id: 'c1',
        touchpoint_id: 'site',
        team_id: null,
        occurred_at: Date.parse('2026-03-14T23:30:00Z'),
        kind: 'visit',
        wait_seconds: null,
        resolved_at: null,
        abandoned: null,
        converted: null,
        revenue: null,
      },
      {
        id: 'i2',
        customer_id: 'c1',
        touchpoint_id: 'site',
        team_id: null,
        // a plain date is midnight in the organisation's zone
        occurred_at: Date.parse('2026-03-15T00:00:00+01:00'),
        kind: 'contact',
        wait_seconds: 12.5,
        resolved_at: null,
        abandoned: false,
        converted: null,
        revenue: null,
      },
    ]);
  });

  it('gives answers and customers every field, absent ones as null', () => {
    const answers = validateBatch(
      'feedback',
      [
        {
          id: 'f1',
          customer_id: 'c1',
          touchpoint_id: 'site',
          submitted_at: '2026-03-15T10:00:00Z',
          survey: 'nps',
          score: 9,
        },
      ],
      'UTC',
    );
    expect(answers.valid[0]?.record).toEqual({
      id: 'f1',
      customer_id: 'c1',
      touchpoint_id: 'site',
      interaction_id: null,
      team_id: null,
      submitted_at: Date.parse('2026-03-15T10:00:00Z'),
      survey: 'nps',
      score: 9,
      comment: null,
      mode: 'transactional',
    });
    const customers = validateBatch('customers', [{ id: 'c1', name: 'Ada' }], 'UTC');
    expect(customers.valid[0]?.record).toEqual({
      id: 'c1',
      name: 'Ada',
      email: null,
      segment: null,
      region: null,
      acquired_at: null,
      churned_at: null,
    });
  });

  it('keeps the last version of an id sent twice in one batch', () => {
    const base = { customer_id: 'c1', touchpoint_id: 'site', occurred_at: '2026-03-15T10:00:00Z' };
    const { valid } = validateBatch(
      'interactions',
      [
        { id: 'i1', ...base, kind: 'visit' },
        { id: 'i1', ...base, kind: 'purchase' },
      ],
      'UTC',
    );
    expect(valid.map((v) => [v.index, v.record.kind])).toEqual([[1, 'purchase']]);
  });
});
