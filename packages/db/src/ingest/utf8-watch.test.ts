import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incompleteTail, Utf8Watch } from './utf8-watch.ts';

/** Runs `bytes`, cut at `cuts`, through a watch: whether it saw bytes that are not UTF-8, and what it passed on. */
async function watch(bytes: Uint8Array, cuts: number[]) {
  const ends = [...new Set([...cuts.map((c) => c % (bytes.length + 1)), bytes.length])].sort((a, b) => a - b);
  const pieces = ends
    .map((end, i) => Buffer.from(bytes.subarray(ends[i - 1] ?? 0, end)))
    .filter((p) => p.length);
  const w = new Utf8Watch();
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), w, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return { invalid: w.invalid, passed: Buffer.concat(out) };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('Utf8Watch', () => {
  it('passes UTF-8 through unchanged, however it is cut (sequences split between chunks)', async () => {
    const bytes = utf8('id,name\nC-\u{1f600},Hélène\u200b\n');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = await watch(bytes, [cut, cut + 1, cut + 2]);
      expect(r.invalid, `cut at ${cut}`).toBe(false);
      expect(r.passed.equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it.each([
    ['CESU-8 surrogates (a "utf8" database)', [0x53, 0xed, 0xa0, 0x80]],
    ['Latin-1 é', [0x48, 0xe9, 0x6c]],
    ['a sequence cut short at the end of the file', [0x61, 0xf0, 0x9f, 0x98]],
    ['a continuation byte alone', [0x80]],
  ])('notices %s', async (_, bytes) => {
    expect((await watch(Uint8Array.from(bytes), [])).invalid).toBe(true);
  });

  it('agrees with isUtf8 on the whole, for any bytes cut anywhere', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }).map(utf8),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.array(fc.nat(), { maxLength: 6 }), async (b, cuts) => {
        const r = await watch(b, cuts);
        expect(r.invalid).toBe(!isUtf8(b));
        expect(r.passed.equals(Buffer.from(b))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps back only the start of a split sequence', () => {
    expect(incompleteTail(utf8('ab'))).toBe(0);
    expect(incompleteTail(utf8('a\u{1f600}'))).toBe(0);
    expect(incompleteTail(utf8('a\u{1f600}').subarray(0, 4))).toBe(3);
    expect(incompleteTail(utf8('é').subarray(0, 1))).toBe(1);
  });
});
