import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_SEPARATOR, csvField, csvFilename, filterNameParts, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('writes a header and one line per row with CRLF line ends', () => {
    const rows = [
      { name: 'Zoé', score: 3, comment: 'Trop long, "vraiment"' },
      { name: 'Bob', score: 10, comment: null },
    ];
    const csv = toCsv(
      [
        { header: 'Client', value: (r: (typeof rows)[number]) => r.name },
        { header: 'Note', value: (r) => r.score },
        { header: 'Commentaire', value: (r) => r.comment },
      ],
      rows,
    );
    expect(csv).toBe('Client,Note,Commentaire\r\nZoé,3,"Trop long, ""vraiment"""\r\nBob,10,\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv([{ header: 'a', value: () => 1 }], [])).toBe('a\r\n');
  });
});

describe('csvField', () => {
  it('quotes line breaks and neutralises formulas', () => {
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(true)).toBe('true');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});

describe('CSV injection (OWASP), whatever separator the spreadsheet splits on', () => {
  // cells a customer can write (a comment, a name): each tries to start a formula somewhere
  const HOSTILE: [string, string][] = [
    // [the cell, what a CSV reader gets back]
    [';=1+1', ";'=1+1"],
    ['=1+1', "'=1+1"],
    ['+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t'=1"],
    ['\r=1', "'\r'=1"],
    ['ok;=HYPERLINK("http://x")', `ok;'=HYPERLINK("http://x")`],
    ['ok,=1+1', "ok,'=1+1"],
    ['ok;"=1+1', `ok;"'=1+1`],
    ['a;;=1', "a;;'=1"],
    ['two\nlines\n=1+1', "two\nlines\n'=1+1"],
    ['crlf\r\n@x', "crlf\r\n'@x"],
    ['"=1"', `"'=1"`],
    ['tab\t-1', "tab\t'-1"],
    ['2026-03-14, 10:00 - fine', '2026-03-14, 10:00 - fine'],
  ];
  // what starts a formula, once quotes a lenient reader drops are gone; a number is a number
  const startsFormula = (piece: string) => {
    const text = piece.replace(/^"+/, '');
    return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text);
  };
  type Row = { value: string };
  // every hostile cell, first in its line and after another cell
  const rows: Row[] = HOSTILE.map(([value]) => ({ value }));
  const file = toCsv<Row>(
    [
      { header: 'value', value: (r) => r.value },
      { header: 'again', value: (r) => r.value },
      { header: 'n', value: () => -12.5 },
    ],
    rows,
  );

  it('one separator, the comma, whatever the language', () => {
    expect(CSV_SEPARATOR).toBe(',');
    expect(file.split('\r\n')[0]).toBe('value,again,n');
  });

  it('read back as CSV, each cell is its text with an apostrophe before each formula start', () => {
    const read = parse(file, { columns: true }) as Record<string, string>[];
    expect(read.map((r) => r.value)).toEqual(HOSTILE.map(([, back]) => back));
    expect(read.map((r) => r.again)).toEqual(HOSTILE.map(([, back]) => back));
    // numbers are numbers, never neutralised
    expect(read.every((r) => r.n === '-12.5')).toBe(true);
  });

  it.each([',', ';', '\t'])('split on %j, ignoring quotes: no piece starts a formula', (separator) => {
    for (const line of file.split(/\r\n|\n|\r/)) {
      for (const piece of line.split(separator)) {
        expect(startsFormula(piece), JSON.stringify(line)).toBe(false);
      }
    }
  });

  it('read by a lenient CSV reader splitting on ";": no cell starts a formula', () => {
    const cells = (
      parse(file, { delimiter: ';', relax_quotes: true, relax_column_count: true }) as string[][]
    ).flat();
    expect(cells.length).toBeGreaterThan(rows.length);
    for (const cell of cells) expect(startsFormula(cell), JSON.stringify(cell)).toBe(false);
  });

  it('a cell holding either separator, a tab, a quote or a line break is quoted', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a\tb')).toBe('"a\tb"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(';=1+1')).toBe(`";'=1+1"`);
    expect(csvField('plain text-with-dash')).toBe('plain text-with-dash');
  });
});

describe('csvFilename', () => {
  it('slugs the parts, filters included', () => {
    expect(
      csvFilename([
        'parcours',
        'nps',
        'détracteurs',
        '2026-Q4',
        ...filterNameParts({ department: ['Service client'] }),
      ]),
    ).toBe('parcours-nps-detracteurs-2026-q4-department-service-client.csv');
    expect(csvFilename([undefined, ''])).toBe('export.csv');
  });
});
