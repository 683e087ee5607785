/**
 * CSV import: the same validation and writer as the HTTP API, streamed. The file is read
 * with csv-parse in chunks; the whole file is one transaction, so a file with any bad row
 * changes nothing, and every error names the file's line number and the column (by name,
 * or by position where the column has none). A header-only file is a valid import of no
 * rows; an empty file has no header and is refused (docs/decisions/011-input-hardening.md).
 */
import type { Readable } from 'node:stream';
import {
  BOOLEAN_FIELDS,
  type ErrorDetail,
  type IngestResult,
  NOT_UTF8_REASON,
  NUMERIC_FIELDS,
  RECORD_SCHEMAS,
  type RecordKind,
} from '@parcours/domain';
import { CsvError, parse } from 'csv-parse';
import { type Database, lockWriters, writeHandle } from '../dialect.ts';
import { loadSettings } from '../queries/settings.ts';
import { customerCacheOf } from './customer-cache.ts';
import { Utf8Watch } from './utf8-watch.ts';
import { IngestError, MAX_ERROR_DETAILS, validateBatch } from './validate.ts';
import { invalidMessage, writeBatch } from './writer.ts';

export type CsvImportOptions = {
  /** rows per write; the memory held is about one chunk */
  chunkSize?: number;
  onProgress?: (rowsDone: number) => void;
};

const TRUE = new Set(['true', '1', 'yes', 'y', 'oui', 'vrai']);
const FALSE = new Set(['false', '0', 'no', 'n', 'non', 'faux']);

/** Text cells to the JSON values the record schemas expect; an empty cell is "absent". */
export function coerceCsvRecord(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field in row) {
    const text = row[field] as string;
    if (text === '') continue;
    if (NUMERIC_FIELDS.has(field)) {
      const n = Number(text.trim().replace(',', '.'));
      out[field] = text.trim() !== '' && Number.isFinite(n) ? n : text;
    } else if (BOOLEAN_FIELDS.has(field)) {
      const t = text.trim().toLowerCase();
      out[field] = TRUE.has(t) ? true : FALSE.has(t) ? false : text;
    } else out[field] = text;
  }
  return out;
}

function knownColumns(kind: RecordKind): Set<string> {
  return new Set(Object.keys(RECORD_SCHEMAS[kind].shape));
}

/** Names that would reach an object's prototype machinery rather than a field of its own. */
const RESERVED_COLUMNS = new Set(['__proto__', 'constructor', 'prototype']);

/** A column as the errors name it: its name, or its position (1-based) when it has none. */
const columnLabel = (name: string, index: number) => name || String(index + 1);

/**
 * The header's problems, each on line 1 naming its column: no name, a reserved name, a
 * column the kind does not have, a column named twice (csv-parse would keep the last cell).
 */
function headerErrors(kind: RecordKind, header: readonly string[]): ErrorDetail[] {
  const columns = knownColumns(kind);
  const errors: ErrorDetail[] = [];
  const firstAt = new Map<string, number>();
  header.forEach((name, i) => {
    const field = columnLabel(name, i);
    if (name === '') errors.push({ row: 1, field, reason: `column ${i + 1} has no name` });
    else if (RESERVED_COLUMNS.has(name))
      errors.push({ row: 1, field, reason: 'is not an acceptable column name' });
    else if (!columns.has(name)) errors.push({ row: 1, field, reason: `unknown column for ${kind}` });
    const first = firstAt.get(name);
    if (first === undefined) firstAt.set(name, i);
    else if (name !== '')
      errors.push({ row: 1, field, reason: `named twice in the header (columns ${first + 1} and ${i + 1})` });
  });
  return errors;
}

/**
 * The column a csv-parse error is in: csv-parse names it once the header is known, gives
 * its index (0-based) on the header line, and nothing for a cell beyond the header's.
 */
function parseErrorColumn(err: CsvError, header: readonly string[] | null): string {
  const { column } = err as CsvError & { column?: unknown };
  if (typeof column === 'string' && column !== '') return column;
  if (typeof column === 'number') return columnLabel(header?.[column] ?? '', column);
  return columnLabel('', header?.length ?? 0);
}

export async function importCsv(
  database: Database,
  kind: RecordKind,
  input: Readable,
  options: CsvImportOptions = {},
): Promise<IngestResult> {
  // as many rows per write as an HTTP batch: fewer rollup merges per row
  const chunkSize = options.chunkSize ?? 10_000;
  const { db, engine } = database;
  let parsedThrough = 1;
  // the header as read (trimmed); null until csv-parse has read a first line
  let header: string[] | null = null;
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx, engine);
    const { time_zone: zone } = await loadSettings(trx);
    const customers = customerCacheOf(db);
    await customers.sync(trx);
    // the parser starts reading when piped: create it when its consumer is ready, so an early
    // parse error (a bad first line) always reaches the loop below
    const utf8 = new Utf8Watch();
    const parser = input.pipe(utf8).pipe(
      parse({
        columns: (names: string[]) => {
          header = names.map((h) => h.trim());
          return header;
        },
        bom: true,
        skip_empty_lines: true,
        // called as each record is parsed, ahead of the consumer: the record's position, and
        // where the parser stands when it fails (the async iterator may give up before
        // yielding earlier records). (`info: true` would build the same context again.)
        on_record: (record: Record<string, string>, context: { lines: number; empty_lines: number }) => {
          parsedThrough = context.lines;
          return { record, lines: context.lines, emptyLines: context.empty_lines };
        },
      }),
    );
    const errors: ErrorDetail[] = [];
    const totals = { inserted: 0, updated: 0, unchanged: 0 };
    let rows = 0;
    let invalidRows = 0;
    let headerChecked = false;
    let chunk: { line: number; record: Record<string, unknown> }[] = [];
    // csv-parse tells where a record ends; a record starts on the line after the previous
    // one ended (plus any empty lines skipped), which is the line a person looks for
    let previousEnd = 1;
    let previousEmpty = 0;

    const flush = async () => {
      if (chunk.length === 0) return;
      const lines = chunk.map((c) => c.line);
      const {
        valid,
        errors: bad,
        invalid,
      } = validateBatch(
        kind,
        chunk.map((c) => c.record),
        zone,
      );
      const refErrors: ErrorDetail[] = [];
      // once a row failed the file will be rolled back: keep checking, stop writing
      const counts = await writeBatch(
        { h: writeHandle(database, trx), zone, now: Date.now(), customers },
        kind,
        valid,
        refErrors,
      );
      invalidRows += invalid + new Set(refErrors.map((e) => e.index)).size;
      if (errors.length === 0 && bad.length === 0 && refErrors.length === 0) {
        totals.inserted += counts.inserted;
        totals.updated += counts.updated;
        totals.unchanged += counts.unchanged;
      }
      for (const e of [...bad, ...refErrors]) {
        if (errors.length >= MAX_ERROR_DETAILS) break;
        const { index, ...rest } = e;
        errors.push({ ...rest, row: lines[index ?? 0] ?? 0 });
      }
      chunk = [];
      options.onProgress?.(rows);
    };

    let message: string | null = null;
    /** true when the header may be imported; otherwise its errors are recorded */
    const headerAccepted = (names: readonly string[]): boolean => {
      headerChecked = true;
      const bad = headerErrors(kind, names);
      if (bad.length === 0) return true;
      errors.push(...bad);
      message = `the header of this ${kind} file is invalid; nothing was written`;
      return false;
    };
    try {
      for await (const { record, lines, emptyLines } of parser as AsyncIterable<{
        record: Record<string, string>;
        lines: number;
        emptyLines: number;
      }>) {
        if (!headerChecked && !headerAccepted(header ?? [])) break;
        rows++;
        const line = previousEnd + 1 + (emptyLines - previousEmpty);
        previousEnd = lines;
        previousEmpty = emptyLines;
        // the watch has seen this record's bytes: after bytes that were not UTF-8, U+FFFD
        // in a cell is where they were
        const replaced = utf8.invalid ? Object.keys(record).filter((c) => record[c]?.includes('\ufffd')) : [];
        if (replaced.length > 0) {
          invalidRows++;
          for (const field of replaced) errors.push({ row: line, field, reason: NOT_UTF8_REASON });
        } else chunk.push({ line, record: coerceCsvRecord(record) });
        if (chunk.length >= chunkSize) await flush();
        if (errors.length >= MAX_ERROR_DETAILS) break;
      }
      if (message === null) {
        // no record: a header-only file imports nothing; a file without a header is refused
        if (header === null) {
          errors.push({ row: 1, field: '(header)', reason: 'the first line must name the columns' });
          message = 'the file is empty: it has no header line; nothing was written';
        } else if (headerChecked || headerAccepted(header)) await flush();
      }
      if (utf8.invalid && errors.length === 0) {
        errors.push({ row: 1, field: '(file)', reason: NOT_UTF8_REASON });
        message = 'the file is not UTF-8 text; nothing was written';
      }
    } catch (err) {
      // every csv-parse error (some codes lack the CSV_ prefix, e.g. INVALID_OPENING_QUOTE)
      if (!(err instanceof CsvError)) throw err;
      const lines = (err as CsvError & { lines?: number }).lines;
      // an unclosed quote runs to the end of the file: the record starts after the last one
      // read; any other error is reported on the line where the parser found it
      const row = err.code === 'CSV_QUOTE_NOT_CLOSED' ? parsedThrough + 1 : (lines ?? parsedThrough + 1);
      errors.push({ row, field: parseErrorColumn(err, header), reason: err.message });
      message = `the file is not valid CSV at line ${row}; nothing was written`;
    }
    if (errors.length) {
      errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      throw new IngestError(message ?? invalidMessage(invalidRows, rows, 'rows'), errors);
    }
    return { kind, received: rows, ...totals };
  });
}
