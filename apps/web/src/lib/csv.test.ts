import { describe, expect, it } from 'vitest';
import { csvField, csvFilename, filterNameParts, toCsv } from './csv.ts';

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
