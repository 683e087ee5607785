import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textProblem, ZText } from './text.ts';

/** Whether `text` comes back unchanged through UTF-8, the stored form on both engines. */
function survivesUtf8(text: string): boolean {
  return new TextDecoder().decode(new TextEncoder().encode(text)) === text;
}

/** Any UTF-16 code unit (so lone and paired surrogates), any code point, and NUL often. */
const UNITS = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constant('\u0000'),
);

describe('text that can be stored', () => {
  it.each([
    ['plain ASCII', 'T-1001'],
    ['accents, precomposed (NFC)', 'Hélène'],
    ['accents, decomposed (NFD)', 'He\u0301le\u0300ne'],
    ['zero-width characters', 'a\u200bb\u200d\ufeff'],
    ['astral-plane characters (surrogate pairs)', 'C-\u{1f600}-\u{10ffff}'],
    ['other control characters', 'tab\there\u0001'],
  ])('accepts %s, unchanged', (_, text) => {
    expect(textProblem(text)).toBeNull();
    expect(ZText.parse(text)).toBe(text);
  });

  it.each([
    ['a lone high surrogate', 'SUR-\ud800', 'lone surrogate U+D800 at character 5'],
    ['a lone low surrogate', '\udfff-x', 'lone surrogate U+DFFF at character 1'],
    ['a reversed pair', 'x\ude00\ud83d', 'lone surrogate U+DE00 at character 2'],
    ['a lone surrogate after an astral character', '\u{1f600}\ud800', 'lone surrogate U+D800 at character 2'],
    ['NUL', 'NUL-\u0000', 'must not contain the NUL character (U+0000), found at character 5'],
  ])('refuses %s, saying where', (_, text, reason) => {
    expect(textProblem(text)).toContain(reason);
    const result = ZText.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([textProblem(text)]);
  });

  it('refuses exactly what does not survive UTF-8, and NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: UNITS }), (s) => {
        expect(textProblem(s) === null).toBe(survivesUtf8(s) && !s.includes('\u0000'));
      }),
      { numRuns: 2000 },
    );
  });

  it('stops at its own reason: one issue per field, before trimming or lengths', () => {
    const result = ZText.trim().min(3).safeParse(' \u0000 ');
    expect(result.error?.issues).toHaveLength(1);
  });
});
