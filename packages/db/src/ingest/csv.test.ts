/**
 * CSV import: the same validation and writer as the API, streamed in chunks, one
 * transaction per file. Errors name the file's line number (the header is line 1) and the
 * column.
 */
import { Readable } from 'node:stream';
import { NOT_UTF8_REASON, type RecordKind } from '@parcours/domain';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../dialect.ts';
import { IngestError, importCsv, rollupsAreClean, verifyRollups } from '../index.ts';
import { openTestDatabase, seedOrganisation } from '../testing.ts';

let database: Database;

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
});
afterEach(async () => {
  await database.close();
});

type Table = 'departments' | 'teams' | 'touchpoints' | 'customers' | 'interactions' | 'feedback';

async function count(table: Table): Promise<number> {
  const row = await database.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function counts() {
  const out: Record<string, number> = {};
  for (const t of ['departments', 'teams', 'touchpoints', 'customers', 'interactions', 'feedback'] as const)
    out[t] = await count(t);
  return out;
}

/** The text, optionally cut into small pieces so records straddle stream chunks. */
function stream(text: string, piece?: number): Readable {
  if (!piece) return Readable.from([text]);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += piece) parts.push(text.slice(i, i + piece));
  return Readable.from(parts);
}

async function importOk(kind: RecordKind, text: string, options = {}) {
  return importCsv(database, kind, stream(text), options);
}

async function importError(kind: RecordKind, text: string | Readable, options = {}): Promise<IngestError> {
  try {
    await importCsv(database, kind, typeof text === 'string' ? stream(text) : text, options);
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    return err as IngestError;
  }
  throw new Error('the file was accepted');
}

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

// ── one happy path per kind ─────────────────────────────────────────────────────────────
describe('importing each kind', () => {
  it('departments, teams and touchpoints', async () => {
    expect(await importOk('departments', csv('id,name', 'ops,Opérations'))).toEqual({
      kind: 'departments',
      received: 1,
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await importOk('teams', csv('id,name,department_id', 'field,Terrain,ops'))).toMatchObject({
      inserted: 1,
    });
    // an empty status is absent: the default applies; the channel is a lower-case slug
    const r = await importOk(
      'touchpoints',
      csv(
        'id,name,channel,stage,media,presence,team_id,status',
        'store,Boutique Rennes,Store,purchase,paid,physical,field,',
      ),
    );
    expect(r).toMatchObject({ kind: 'touchpoints', received: 1, inserted: 1 });
    const tp = await database.db
      .selectFrom('touchpoints')
      .selectAll()
      .where('id', '=', 'store')
      .executeTakeFirst();
    expect(tp).toMatchObject({ channel: 'store', status: 'active', team_id: 'field', presence: 'physical' });
  });

  it('customers: empty cells are absent, quoted commas kept', async () => {
    const r = await importOk(
      'customers',
      csv(
        'id,name,email,segment,region,acquired_at,churned_at',
        'c7,"Petit, Élodie",,Premium,,2026-01-15,',
        'c8,Yann Le Gall,yann@example.fr,,Bretagne,,',
      ),
    );
    expect(r).toEqual({ kind: 'customers', received: 2, inserted: 2, updated: 0, unchanged: 0 });
    const rows = await database.db
      .selectFrom('customers')
      .select(['id', 'name', 'email', 'segment', 'region', 'acquired_at', 'churned_at'])
      .where('id', 'in', ['c7', 'c8'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        id: 'c7',
        name: 'Petit, Élodie',
        email: null,
        segment: 'Premium',
        region: null,
        acquired_at: Date.UTC(2026, 0, 15),
        churned_at: null,
      },
      {
        id: 'c8',
        name: 'Yann Le Gall',
        email: 'yann@example.fr',
        segment: null,
        region: 'Bretagne',
        acquired_at: null,
        churned_at: null,
      },
    ]);
  });

  it('interactions: booleans true/false/1/0/oui/non, decimal commas, defaults', async () => {
    const r = await importOk(
      'interactions',
      csv(
        'id,customer_id,touchpoint_id,team_id,occurred_at,kind,wait_seconds,resolved_at,abandoned,converted,revenue',
        'x1,c1,phone,,2026-03-02T09:00:00Z,contact,"12,5",2026-03-02T10:00:00Z,oui,,',
        'x2,c2,site,web,2026-03-03 10:00,purchase,,,non,1,"99,90"',
        'x3,c3,livechat,,2026-03-04,visit,0,,false,0,',
        'x4,c4,phone,chat,2026-03-05T08:00:00+01:00,Complaint,,,TRUE,Oui,-5',
      ),
    );
    expect(r).toEqual({ kind: 'interactions', received: 4, inserted: 4, updated: 0, unchanged: 0 });
    const rows = await database.db
      .selectFrom('interactions')
      .select([
        'id',
        'team_id',
        'occurred_at',
        'kind',
        'wait_seconds',
        'resolved_at',
        'abandoned',
        'converted',
        'revenue',
      ])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        id: 'x1',
        team_id: 'lyon', // empty: the touchpoint's owner
        occurred_at: Date.UTC(2026, 2, 2, 9),
        kind: 'contact',
        wait_seconds: 12.5,
        resolved_at: Date.UTC(2026, 2, 2, 10),
        abandoned: 1,
        converted: null, // empty: absent, not false
        revenue: null,
      },
      {
        id: 'x2',
        team_id: 'web',
        occurred_at: Date.UTC(2026, 2, 3, 10), // no offset: local to the zone (UTC)
        kind: 'purchase',
        wait_seconds: null,
        resolved_at: null,
        abandoned: 0,
        converted: 1,
        revenue: 99.9,
      },
      {
        id: 'x3',
        team_id: 'chat',
        occurred_at: Date.UTC(2026, 2, 4),
        kind: 'visit',
        wait_seconds: 0, // 0 is a value, not an absence
        resolved_at: null,
        abandoned: 0,
        converted: 0,
        revenue: null,
      },
      {
        id: 'x4',
        team_id: 'chat',
        occurred_at: Date.UTC(2026, 2, 5, 7),
        kind: 'complaint',
        wait_seconds: null,
        resolved_at: null,
        abandoned: 1,
        converted: 1,
        revenue: -5,
      },
    ]);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it('feedback: default mode, the interaction’s team, comments with commas', async () => {
    await importOk(
      'interactions',
      csv(
        'id,customer_id,touchpoint_id,team_id,occurred_at,kind',
        'x1,c1,phone,chat,2026-03-02T09:00:00Z,contact',
      ),
    );
    const r = await importOk(
      'feedback',
      csv(
        'id,customer_id,touchpoint_id,interaction_id,team_id,submitted_at,survey,score,comment,mode',
        'y1,c1,phone,x1,,2026-03-02T12:00:00Z,nps,9,"Très bien, merci",',
        'y2,c2,site,,,2026-03-03,csat,"4,0",,relational',
      ),
    );
    expect(r).toEqual({ kind: 'feedback', received: 2, inserted: 2, updated: 0, unchanged: 0 });
    const rows = await database.db
      .selectFrom('feedback')
      .select(['id', 'team_id', 'interaction_id', 'survey', 'score', 'comment', 'mode'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        id: 'y1',
        team_id: 'chat',
        interaction_id: 'x1',
        survey: 'nps',
        score: 9,
        comment: 'Très bien, merci',
        mode: 'transactional',
      },
      {
        id: 'y2',
        team_id: 'web',
        interaction_id: null,
        survey: 'csat',
        score: 4,
        comment: null,
        mode: 'relational',
      },
    ]);
  });

  it('a Windows file (BOM, CRLF, padded header) imports the same', async () => {
    const text = '\uFEFFid , name \r\nops,Opérations\r\nfin,Finance\r\n';
    expect(await importOk('departments', text)).toMatchObject({ received: 2, inserted: 2 });
  });

  it('times without an offset are local to the organisation’s zone', async () => {
    await database.db.updateTable('settings').set({ time_zone: 'Europe/Paris' }).execute();
    await importOk(
      'interactions',
      csv(
        'id,customer_id,touchpoint_id,occurred_at,kind',
        'x1,c1,phone,2026-03-15 00:30,visit',
        'x2,c1,phone,2026-03-15,visit',
      ),
    );
    const rows = await database.db
      .selectFrom('interactions')
      .select(['id', 'occurred_at'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'x1', occurred_at: Date.parse('2026-03-14T23:30:00Z') },
      { id: 'x2', occurred_at: Date.parse('2026-03-14T23:00:00Z') },
    ]);
  });
});

// ── re-imports ──────────────────────────────────────────────────────────────────────────
describe('re-importing', () => {
  const FILE = csv(
    'id,customer_id,touchpoint_id,occurred_at,kind,wait_seconds',
    'x1,c1,phone,2026-03-02T09:00:00Z,contact,60',
    'x2,c2,site,2026-03-03T10:00:00Z,purchase,',
    'x3,c3,livechat,2026-03-04T11:00:00Z,complaint,"7,5"',
  );

  it('the same file again: everything unchanged', async () => {
    expect(await importOk('interactions', FILE)).toMatchObject({ received: 3, inserted: 3 });
    expect(await importOk('interactions', FILE)).toEqual({
      kind: 'interactions',
      received: 3,
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(await importOk('interactions', FILE, { chunkSize: 1 })).toMatchObject({ unchanged: 3 });
    expect(await count('interactions')).toBe(3);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it('a changed row is updated', async () => {
    await importOk('interactions', FILE);
    const changed = FILE.replace('contact,60', 'contact,90');
    expect(await importOk('interactions', changed)).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const x1 = await database.db
      .selectFrom('interactions')
      .select('wait_seconds')
      .where('id', '=', 'x1')
      .executeTakeFirst();
    expect(x1?.wait_seconds).toBe(90);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it.each([1, 10])('the same id twice in a file: the last row wins (chunk size %i)', async (chunkSize) => {
    const r = await importOk('departments', csv('id,name', 'ops,First', 'ops,Opérations'), { chunkSize });
    expect(r.received).toBe(2);
    expect(r.inserted).toBe(1);
    const row = await database.db
      .selectFrom('departments')
      .select('name')
      .where('id', '=', 'ops')
      .executeTakeFirst();
    expect(row?.name).toBe('Opérations');
  });
});

// ── bad rows ────────────────────────────────────────────────────────────────────────────
describe('a file with bad rows', () => {
  it('one bad row: nothing is written, the error names the line and the column', async () => {
    const before = await counts();
    const error = await importError(
      'customers',
      csv(
        'id,name,email', // line 1
        'c7,Élodie Petit,elodie@example.fr', // 2
        'c8,Yann Le Gall,', // 3
        'c9,Nina Roux,not-an-email', // 4
        'c10,Ana Lima,ana@example.fr', // 5
      ),
    );
    expect(error.message).toBe('1 of 4 rows is invalid; nothing was written');
    expect(error.details).toEqual([
      { row: 4, id: 'c9', field: 'email', reason: 'must be an e-mail address' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('several bad rows are all reported, in line order', async () => {
    const error = await importError(
      'interactions',
      csv(
        'id,customer_id,touchpoint_id,occurred_at,kind,wait_seconds,abandoned', // 1
        'x1,c1,phone,2026-03-02T09:00:00Z,contact,60,', // 2 ok
        'x2,c1,phone,2026-03-02T09:00:00Z,contact,-3,', // 3 wait < 0
        'x3,ghost,phone,2026-03-02T09:00:00Z,visit,,', // 4 unknown customer
        'x4,c1,phone,2026-03-02T09:00:00Z,contact,"1 234",peut-être', // 5 two bad cells
        'x5,c1,phone,02/03/2026,visit,,', // 6 bad date
        'x6,c1,phone,2026-03-02T09:00:00Z,,,', // 7 kind missing
      ),
    );
    expect(error.message).toBe('5 of 6 rows are invalid; nothing was written');
    expect(error.details.map((d) => [d.row, d.id, d.field])).toEqual([
      [3, 'x2', 'wait_seconds'],
      [4, 'x3', 'customer_id'],
      [5, 'x4', 'wait_seconds'],
      [5, 'x4', 'abandoned'],
      [6, 'x5', 'occurred_at'],
      [7, 'x6', 'kind'],
    ]);
    expect(error.details.find((d) => d.field === 'kind')?.reason).toBe('is required');
    expect(await count('interactions')).toBe(0);
  });

  it('line numbers stay right across chunks', async () => {
    const lines = ['id,name,email'];
    for (let i = 0; i < 25; i++) lines.push(`k${i},Name ${i},${i === 17 ? 'nope' : `k${i}@example.fr`}`);
    // k17 is on line 19 (header + 18 rows); chunks of 4 rows put it in the 5th chunk
    const error = await importError('customers', csv(...lines), { chunkSize: 4 });
    expect(error.details).toEqual([
      { row: 19, id: 'k17', field: 'email', reason: 'must be an e-mail address' },
    ]);
    expect(await count('customers')).toBe(6);
  });

  it('an unknown column in the header: line 1, that column, nothing written', async () => {
    const error = await importError('departments', csv('id,name,colour', 'ops,Opérations,red'));
    expect(error.details).toEqual([{ row: 1, field: 'colour', reason: 'unknown column for departments' }]);
    expect(await count('departments')).toBe(2);
  });

  it('a column named twice is refused, naming it (csv-parse would keep the second cell)', async () => {
    for (const chunkSize of [1, 10]) {
      const error = await importError('departments', csv('id,name,name', 'ops,Opérations,Ops'), {
        chunkSize,
      });
      expect(error.message).toBe('the header of this departments file is invalid; nothing was written');
      expect(error.details).toEqual([
        { row: 1, field: 'name', reason: 'named twice in the header (columns 2 and 3)' },
      ]);
    }
    // padding does not make two names different
    const padded = await importError('departments', csv('id, name,name ', 'ops,A,B'));
    expect(padded.details.map((d) => d.field)).toEqual(['name']);
    expect(await count('departments')).toBe(2);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'a column named %s is refused, naming it',
    async (name) => {
      const error = await importError('departments', csv(`id,name,${name}`, 'ops,Opérations,x'));
      expect(error.details).toEqual([{ row: 1, field: name, reason: 'is not an acceptable column name' }]);
      expect(await count('departments')).toBe(2);
    },
  );

  it('a column without a name is named by its position', async () => {
    const error = await importError('departments', csv('id,name,', 'ops,Opérations,'));
    expect(error.details).toEqual([{ row: 1, field: '3', reason: 'column 3 has no name' }]);
  });

  it('a header-only file is a valid import of no rows; its header is still checked', async () => {
    for (const text of ['id,name\n', 'id,name', '\uFEFFid,name\r\n\r\n'])
      expect(await importOk('departments', text)).toEqual({
        kind: 'departments',
        received: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
      });
    const error = await importError('departments', csv('id,name,colour'));
    expect(error.details).toEqual([{ row: 1, field: 'colour', reason: 'unknown column for departments' }]);
  });

  it.each([
    ['nothing', ''],
    ['blank lines', '\n\n\n'],
    ['blank Windows lines', '\r\n\r\n'],
    ['a byte-order mark only', '\uFEFF'],
  ])('a file of %s has no header: refused', async (_, text) => {
    const error = await importError('departments', text);
    expect(error.message).toBe('the file is empty: it has no header line; nothing was written');
    expect(error.details).toEqual([
      { row: 1, field: '(header)', reason: 'the first line must name the columns' },
    ]);
  });

  it('a column of another kind is unknown too', async () => {
    const error = await importError('customers', csv('id,name,score', 'c7,X,9'));
    expect(error.details.map((d) => [d.row, d.field])).toEqual([[1, 'score']]);
  });

  it('a quoted field containing newlines keeps the line numbers right', async () => {
    const text = csv(
      'id,customer_id,touchpoint_id,submitted_at,survey,score,comment', // 1
      'y1,c1,phone,2026-03-02,nps,9,"Très bien,', // 2
      'vraiment.', // 3
      'Merci"', // 4
      'y2,c2,phone,2026-03-03,nps,8,', // 5
      'y3,c3,phone,2026-03-04,nps,11,"trop"', // 6: out of range
    );
    for (const piece of [undefined, 5]) {
      const error = await importError('feedback', stream(text, piece));
      expect(error.details).toEqual([
        { row: 6, id: 'y3', field: 'score', reason: 'must be between 0 and 10 for nps' },
      ]);
    }
    // without the bad row, the comment keeps its newlines
    await importOk('feedback', text.slice(0, text.indexOf('y3,')));
    const y1 = await database.db
      .selectFrom('feedback')
      .select('comment')
      .where('id', '=', 'y1')
      .executeTakeFirst();
    expect(y1?.comment).toBe('Très bien,\nvraiment.\nMerci');
  });

  // regression test (found by the first review of this suite)
  it('a bad record spanning several lines is reported on the line it starts', async () => {
    const error = await importError(
      'customers',
      csv('id,name,email', 'c7,"Élodie', 'Petit",not-an-email', 'c8,Ok,'),
    );
    expect(error.details).toEqual([
      { row: 2, id: 'c7', field: 'email', reason: 'must be an e-mail address' },
    ]);
  });

  it('a wrong number of cells names the row, and nothing is written', async () => {
    const error = await importError(
      'departments',
      csv('id,name', 'ops,Opérations', 'fin,Finance,extra', 'rh,Ressources humaines'),
    );
    // the first cell beyond the header's, by position
    expect(error.details).toEqual([{ row: 3, field: '3', reason: expect.stringContaining('line 3') }]);
    expect(await count('departments')).toBe(2);
  });

  it('a missing cell names the first missing column', async () => {
    const error = await importError('customers', csv('id,name,email', 'c7,Élodie', 'c8,Yann,'));
    expect(error.details).toEqual([{ row: 2, field: 'email', reason: expect.stringContaining('line 2') }]);
  });

  it('an unbalanced quote is an error naming a row, and nothing is written', async () => {
    const error = await importError(
      'departments',
      csv('id,name', 'ops,Opérations', 'fin,"Finance', 'rh,RH', 'it,IT'),
    );
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatchObject({ field: 'name', reason: expect.stringMatching(/quote/i) });
    expect(error.details[0]?.row).toBeGreaterThan(1);
    expect(await count('departments')).toBe(2);
  });

  // regression test (found by the first review of this suite)
  it('an unbalanced quote names the line where the quote opens', async () => {
    const error = await importError(
      'departments',
      csv('id,name', 'ops,Opérations', 'fin,"Finance', 'rh,RH', 'it,IT'),
    );
    expect(error.details[0]?.row).toBe(3);
  });

  // every csv-parse error is an import error naming a row and a column (a stray quote in an
  // unquoted cell used to escape as a raw INVALID_OPENING_QUOTE error)
  it.each([
    ['a stray quote inside an unquoted cell', csv('id,name', 'ops,Opérations', 'fin,Fin"ance'), 3, 'name'],
    ['text after a closing quote', csv('id,name', '"ops"x,Opérations'), 2, 'id'],
    ['a stray quote in the header', csv('id,na"me', 'ops,Opérations'), 1, '2'],
    ['an unclosed quote in the first cell', csv('id,name', '"ops,Opérations', 'fin,Finance'), 2, 'id'],
  ])('%s: row and column named, nothing written', async (_, text, row, field) => {
    for (const piece of [undefined, 3]) {
      const error = await importError('departments', stream(text, piece));
      expect(error.message).toBe(`the file is not valid CSV at line ${row}; nothing was written`);
      expect(error.details).toEqual([{ row, field, reason: expect.stringMatching(/quote/i) }]);
    }
    expect(await count('departments')).toBe(2);
  });

  // regression test (found by the first review of this suite)
  it('the message of a malformed file does not claim "of 0 rows"', async () => {
    const error = await importError('departments', csv('id,name', 'fin,Finance,extra', 'rh,RH'));
    expect(error.message).not.toContain('of 0 rows');
  });
});

// ── text and dates that cannot be stored as sent (decision 010) ─────────────────────────
describe('text and dates that cannot be stored as sent', () => {
  /** `text` as UTF-8 bytes, with `raw` bytes in place of each `@` */
  function bytes(text: string, raw: number[]): Buffer {
    const parts = text.split('@').map((p) => Buffer.from(p, 'utf8'));
    return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from(raw), p])));
  }
  /** the bytes cut in pieces of `piece` bytes, so sequences straddle chunks */
  const byteStream = (b: Buffer, piece = b.length) =>
    Readable.from(
      Array.from({ length: Math.ceil(b.length / piece) }, (_, i) => b.subarray(i * piece, (i + 1) * piece)),
    );

  it('NUL in a cell and years outside 1900–2200 name their row and column; nothing is written', async () => {
    const error = await importError(
      'interactions',
      csv(
        'id,customer_id,touchpoint_id,occurred_at,kind,resolved_at', // 1
        'z1,c1,phone,2026-03-02T09:00:00Z,contact,', // 2 ok
        'z2\u0000,c1,phone,2026-03-02T09:00:00Z,contact,', // 3 NUL in the id
        'z3,c1,phone,0026-11-20T09:12:00Z,contact,', // 4 year 26, not 1926
        'z4,c1,phone,2026-03-02T09:00:00Z,contact,9999-12-31', // 5 year 9999
      ),
    );
    expect(error.details.map((d) => [d.row, d.field, d.reason])).toEqual([
      [3, 'id', expect.stringContaining('NUL')],
      [4, 'occurred_at', 'must be in the years 1900 to 2200'],
      [5, 'resolved_at', 'must be in the years 1900 to 2200'],
    ]);
    expect(await count('interactions')).toBe(0);
  });

  it('bytes that are not UTF-8 name their row and column, however the file is cut; nothing is written', async () => {
    // CESU-8 for U+D800 (what a "utf8" database exports for a lone surrogate), and Latin-1 é
    const file = bytes(
      csv('id,name,segment', 'c7,Élodie,Premium', 'SUR-@,Yann,Pro', 'c9,H@l@ne,Premium'),
      [0xed, 0xa0, 0x80],
    );
    const latin1 = bytes(csv('id,name', 'c10,Ana', 'c11,Ren@'), [0xe9]);
    for (const piece of [undefined, 1, 2, 7]) {
      const error = await importError('customers', byteStream(file, piece));
      expect(error.message).toBe('2 of 3 rows are invalid; nothing was written');
      expect(error.details).toEqual([
        { row: 3, field: 'id', reason: NOT_UTF8_REASON },
        { row: 4, field: 'name', reason: NOT_UTF8_REASON },
      ]);
      const other = await importError('customers', byteStream(latin1, piece));
      expect(other.details).toEqual([{ row: 3, field: 'name', reason: NOT_UTF8_REASON }]);
    }
    expect(await count('customers')).toBe(6);
  });

  it('UTF-8 cut anywhere imports, every id exactly as written (no normalisation)', async () => {
    const ids = ['C-\u{1f600}', 'He\u0301le\u0300ne', 'H\u00e9l\u00e8ne', 'C\u200b1', 'C-\ufffd'];
    const file = Buffer.from(csv('id,name', ...ids.map((id, i) => `${id},N${i}`)), 'utf8');
    for (const piece of [1, 3]) {
      await importCsv(database, 'customers', byteStream(file, piece));
    }
    const stored = await database.db
      .selectFrom('customers')
      .select('id')
      .where('name', 'like', 'N%')
      .execute();
    expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});

// ── large files ─────────────────────────────────────────────────────────────────────────
describe('large files', () => {
  const HEADER = 'id,customer_id,touchpoint_id,occurred_at,kind,wait_seconds,abandoned';
  const KINDS = ['visit', 'contact', 'complaint', 'purchase', 'return'];
  const TPS = ['phone', 'livechat', 'site', 'reviews'];
  function* rows(n: number, bad?: number) {
    yield `${HEADER}\n`;
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 137_000).toISOString();
      const wait = i === bad ? '-1' : String(i % 50).replace(/^(\d)$/, '$1,5');
      yield `r${i},c${(i % 6) + 1},${TPS[i % 4]},${at},${KINDS[i % 5]},"${wait}",${i % 3 === 0 ? 'oui' : 'non'}\n`;
    }
  }

  it('50,000 rows import in chunks of 1,000 with the right counts', { timeout: 120_000 }, async () => {
    const progress: number[] = [];
    const r = await importCsv(database, 'interactions', Readable.from(rows(50_000)), {
      chunkSize: 1000,
      onProgress: (n) => progress.push(n),
    });
    expect(r).toEqual({ kind: 'interactions', received: 50_000, inserted: 50_000, updated: 0, unchanged: 0 });
    expect(progress).toEqual(Array.from({ length: 50 }, (_, i) => (i + 1) * 1000));
    expect(await count('interactions')).toBe(50_000);
    const complaints = await database.db
      .selectFrom('interactions')
      .select(sql<number>`count(*)`.as('n'))
      .where('kind', '=', 'complaint')
      .executeTakeFirst();
    expect(Number(complaints?.n)).toBe(10_000);
    expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
  });

  it('a bad row in the last chunk rolls back the chunks already written', async () => {
    // r2997 is on line 2999
    const error = await importError('interactions', Readable.from(rows(3000, 2997)), { chunkSize: 1000 });
    expect(error.details).toEqual([{ row: 2999, id: 'r2997', field: 'wait_seconds', reason: 'must be ≥ 0' }]);
    expect(await count('interactions')).toBe(0);
    const rollups = await database.db.selectFrom('rollup_i_day').selectAll().execute();
    expect(rollups).toEqual([]);
  });
});
