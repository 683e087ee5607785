/**
 * Text Parcours accepts: whatever Unicode text a source system sends, stored and echoed back
 * byte for byte, never normalised. Two things have no stored form both engines agree on, so
 * they are refused wherever text comes in (docs/decisions/010-one-byte-form-for-strings-and-dates.md):
 *
 * - a lone UTF-16 surrogate (half of a pair, e.g. "\ud800"): UTF-8 cannot encode it, so
 *   SQLite stored CESU-8 bytes that no lookup matched, and PostgreSQL refused it;
 * - NUL (U+0000), which PostgreSQL text cannot hold.
 *
 * Every string schema of an input starts from `ZText` (or carries `STORABLE_TEXT`); a test
 * (apps/server/src/text-inputs.test.ts) walks every route's inputs to keep it so.
 */
import { z } from 'zod';

/** With the u flag a well-formed pair is one code point: only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The 1-based position of code unit `index` in characters (code points), as an editor counts. */
function characterAt(text: string, index: number): number {
  return [...text.slice(0, index)].length + 1;
}

/** Why `text` cannot be stored as it is, or null when it can. */
export function textProblem(text: string): string | null {
  const nul = text.indexOf('\u0000');
  if (nul >= 0)
    return `must not contain the NUL character (U+0000), found at character ${characterAt(text, nul)}`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return (
      `is not well-formed Unicode: a lone surrogate U+${unit} at character ${characterAt(text, lone.index)} ` +
      '(half of a UTF-16 pair, which has no UTF-8 form)'
    );
  }
  return null;
}

/**
 * The reason given for text whose bytes were not UTF-8 (a Latin-1 export, CESU-8 surrogates
 * from a "utf8" database): decoding made them U+FFFD, so it is refused rather than stored
 * unlike what was sent (the CSV import and JSON bodies check the bytes).
 */
export const NOT_UTF8_REASON =
  'is not UTF-8 text: it was sent with bytes that are not UTF-8 (send, save or export it as UTF-8)';

/**
 * The check itself, for string schemas that do not start from `ZText` (z.email(), z.url()).
 * Its issue stops the schema's later checks: one reason per field.
 */
export const STORABLE_TEXT = z.check<string>((payload) => {
  const problem = textProblem(payload.value);
  if (problem !== null) payload.issues.push({ code: 'custom', message: problem, input: payload.value });
});

/** A string that can be stored and echoed back as sent: the base of every input string. */
export const ZText = z.string().check(STORABLE_TEXT);
