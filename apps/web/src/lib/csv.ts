/** Rows → CSV text (RFC 4180) with exactly the columns and rows shown, and a file name that carries the filters. */

export type CsvCell = string | number | boolean | null | undefined;
export type CsvColumn<Row> = { header: string; value: (row: Row) => CsvCell };

export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  // a spreadsheet would run a cell starting with = + - @ as a formula: prefix it with a quote
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvField(c.header))];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))));
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
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
