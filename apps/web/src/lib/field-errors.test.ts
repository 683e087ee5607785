import { describe, expect, it } from 'vitest';
import { fieldErrors } from './field-errors.ts';

describe('fieldErrors', () => {
  it('puts each reason on its field and keeps the rest apart', () => {
    expect(
      fieldErrors(
        [
          { field: 'email', reason: 'must be an e-mail address' },
          { field: 'body.password', reason: 'must be at least 12 characters' },
          { field: 'team_id', reason: 'is required for an agent' },
          { field: 'team_id', reason: 'no such team' },
          { field: 'extra', reason: 'unknown key' },
          { field: '(body)', reason: 'invalid JSON' },
        ],
        ['email', 'password', 'team_id', 'name'],
      ),
    ).toEqual({
      byField: {
        email: 'must be an e-mail address',
        password: 'must be at least 12 characters',
        team_id: 'is required for an agent; no such team',
      },
      other: ['extra: unknown key', 'invalid JSON'],
    });
  });
});
