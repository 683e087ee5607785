/** Rows → CSV text (RFC 4180) with exactly the columns and rows shown, and a file name that carries the filters. */

export type CsvCell = string | number | boolean | null | undefined;
export type CsvColumn<Row> = { header: string; value: (row: Row) => CsvCell };

/**
 * The separator of every export, whatever the dashboard's language: one file format for
 * everyone, read as RFC 4180 by tools and by `parcours import`; numbers keep their `.`.
 * A French spreadsheet splits on `;` instead: csvField keeps a cell safe for both.
 */
export const CSV_SEPARATOR = ',';

/**
 * Where a spreadsheet may start a cell: the start of ours, and after any list separator
 * (`,` or `;`, whichever the reader's locale uses; a tab) or line break inside it, which a
 * reader splitting on another separator than ours takes for a cell boundary. Quotes right
 * after it are skipped, as a lenient reader drops them. A formula starts with = + - @, a tab
 * or a carriage return (OWASP, CSV injection).
 */
// (a lookbehind, so a tab or CR that starts a formula is itself a cell start for the next)
const CELL_START_BEFORE_FORMULA = /(?<=^|[,;\t\r\n])"*(?=[=+\-@\t\r])/g;
/** A cell holding one of these is quoted: both separators, a tab, a quote, a line break. */
const NEEDS_QUOTES = /[,;\t"\r\n]/;

export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  // a leading apostrophe makes a spreadsheet show the rest as text, never run it
  const text = cell.replace(CELL_START_BEFORE_FORMULA, "$&'");
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvField(c.header))];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))));
  return `${lines.map((l) => l.join(CSV_SEPARATOR)).join('\r\n')}\r\n`;
}

/** "parcours-drill-nps-detractors-2026-q4-department-sales.csv" */
export function csvFilename(parts: readonly (string | number | null | undefined)[]): string {
  const slug = parts
    .filter((p): p is string | number => p !== null && p !== undefined && p !== '')
    .map((p) =>
      String(p)
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join('-')
    .slice(0, 180);
  return `${slug || 'export'}.csv`;
}

/** The filter part of a file name: "department-sales-stage-service". */
export function filterNameParts(filters: Partial<Record<string, readonly string[] | undefined>>): string[] {
  const parts: string[] = [];
  for (const [dim, values] of Object.entries(filters)) {
    if (values && values.length > 0) parts.push(dim, ...values);
  }
  return parts;
}
