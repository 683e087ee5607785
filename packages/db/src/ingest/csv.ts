/**
 * CSV import: the same validation and writer as the HTTP API, streamed. The file is read
 * with csv-parse in chunks; the whole file is one transaction, so a file with any bad row
 * changes nothing, and errors name the file's line number and the column.
 */
import type { Readable } from 'node:stream';
import {
  BOOLEAN_FIELDS,
  type ErrorDetail,
  type IngestResult,
  NUMERIC_FIELDS,
  RECORD_SCHEMAS,
  type RecordKind,
} from '@parcours/domain';
import { parse } from 'csv-parse';
import { type Database, lockWriters } from '../dialect.ts';
import { loadSettings } from '../queries/settings.ts';
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
  for (const [field, text] of Object.entries(row)) {
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

export async function importCsv(
  database: Database,
  kind: RecordKind,
  input: Readable,
  options: CsvImportOptions = {},
): Promise<IngestResult> {
  const chunkSize = options.chunkSize ?? 5000;
  const { db, engine } = database;
  const columns = knownColumns(kind);
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx, engine);
    const { time_zone: zone } = await loadSettings(trx);
    const errors: ErrorDetail[] = [];
    const totals = { inserted: 0, updated: 0, unchanged: 0 };
    let rows = 0;
    let headerChecked = false;
    let chunk: { line: number; record: Record<string, unknown> }[] = [];

    const flush = async () => {
      if (chunk.length === 0) return;
      const lines = chunk.map((c) => c.line);
      const { valid, errors: bad } = validateBatch(
        kind,
        chunk.map((c) => c.record),
        zone,
      );
      const refErrors: ErrorDetail[] = [];
      // once a row failed the file will be rolled back: keep checking, stop writing
      const counts = await writeBatch({ trx, engine, zone, now: Date.now() }, kind, valid, refErrors);
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

    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string>;
        info: { lines: number };
      }>) {
        if (!headerChecked) {
          headerChecked = true;
          const unknown = Object.keys(record).filter((c) => !columns.has(c));
          for (const c of unknown) errors.push({ row: 1, field: c, reason: `unknown column for ${kind}` });
          if (unknown.length) break;
        }
        rows++;
        chunk.push({ line: info.lines, record: coerceCsvRecord(record) });
        if (chunk.length >= chunkSize) await flush();
        if (errors.length >= MAX_ERROR_DETAILS) break;
      }
      await flush();
    } catch (err) {
      const e = err as { code?: string; lines?: number; message: string };
      if (!e.code?.startsWith('CSV_')) throw err;
      errors.push({ row: e.lines ?? rows + 1, field: '(row)', reason: e.message });
    }
    if (errors.length) {
      errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      throw new IngestError(invalidMessage(errors, rows).replace('records', 'rows'), errors);
    }
    return { kind, received: rows, ...totals };
  });
}
