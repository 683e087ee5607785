import { describe, expect, it } from 'vitest';
import { createFormatters } from './format.ts';
import { MESSAGES } from './messages.ts';

/** Intl uses (narrow) no-break spaces; compare with plain ones */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('the sign-in refusal while throttled', () => {
  it.each([
    ['en', 4, 'Too many attempts: try again in 4 s.'],
    ['en', 270, 'Too many attempts: try again in 4 min 30 s.'],
    ['en', 900, 'Too many attempts: try again in 15 min.'],
    ['fr', 4, 'Trop de tentatives : réessayez dans 4 s.'],
    ['fr', 270, 'Trop de tentatives : réessayez dans 4 min 30 s.'],
    ['fr', 900, 'Trop de tentatives : réessayez dans 15 min.'],
  ] as const)('%s, %i s: %s', (locale, seconds, text) => {
    const fmt = createFormatters({ locale, timeZone: 'UTC', currency: 'EUR' });
    expect(plain(MESSAGES[locale].auth.throttled(fmt.duration(seconds)))).toBe(text);
  });

  it('asks for a few minutes when the server gave no wait', () => {
    expect(MESSAGES.en.auth.throttled(null)).toMatch(/wait a few minutes/);
    expect(MESSAGES.fr.auth.throttled(null)).toMatch(/patientez quelques minutes/);
  });
});
