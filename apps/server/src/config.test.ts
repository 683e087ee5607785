/** Configuration from the environment: what an operator sets, and what a typo does. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('PARCOURS_WEBHOOK_ALLOW_PRIVATE', () => {
  it('is off unless the operator turns it on', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ PARCOURS_WEBHOOK_ALLOW_PRIVATE: '' }).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ PARCOURS_WEBHOOK_ALLOW_PRIVATE: '0' }).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ PARCOURS_WEBHOOK_ALLOW_PRIVATE: '1' }).webhookAllowPrivate).toBe(true);
  });

  it('a value that is neither 1 nor 0 stops the server rather than guessing', () => {
    expect(() => loadConfig({ PARCOURS_WEBHOOK_ALLOW_PRIVATE: 'sometimes' })).toThrow(
      "PARCOURS_WEBHOOK_ALLOW_PRIVATE must be 1 or 0, got 'sometimes'",
    );
  });
});
