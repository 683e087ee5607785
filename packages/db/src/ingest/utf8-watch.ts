/**
 * Bytes that are not UTF-8 (a Latin-1 export, CESU-8 surrogates from a "utf8" database)
 * are decoded as U+FFFD: an id would be stored unlike the one sent, and two different ids
 * could become one (decision 010). The text readers notice them instead: `Utf8Watch`
 * passes a stream through unchanged and remembers whether any of it was not UTF-8, so that
 * the cells where U+FFFD then appears can be refused, with their row and column.
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/** The length of the UTF-8 sequence a lead byte starts (1 for anything else). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

/** How many bytes at the end of `bytes` begin a sequence that the next chunk may complete. */
export function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    return sequenceLength(b) > back ? back : 0;
  }
  return 0;
}

export class Utf8Watch extends Transform {
  /** whether any byte so far was not UTF-8 */
  invalid = false;
  /** the start of a sequence split between chunks */
  private carry: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.invalid) {
      const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
      const end = bytes.length - incompleteTail(bytes);
      if (!isUtf8(bytes.subarray(0, end))) this.invalid = true;
      this.carry = Buffer.from(bytes.subarray(end));
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    // the file ended inside a sequence
    if (this.carry.length > 0) this.invalid = true;
    done();
  }
}
