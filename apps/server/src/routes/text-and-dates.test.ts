/**
 * One byte form for every id and string, and dates only in the accepted years
 * (docs/decisions/010-one-byte-form-for-strings-and-dates.md), through the HTTP API on both
 * engines: what cannot be stored as sent is refused with 400 naming the field, and what is
 * accepted comes back byte for byte, so a re-sent record is found and changes nothing.
 */
import { type Database, rollupsAreClean, verifyRollups } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import {
  NOT_UTF8_REASON,
  textProblem,
  YEAR_RANGE_REASON,
  ZDrillResponse,
  ZGoal,
  ZIngestResult,
} from '@parcours/domain';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ok, refused, type TestApp } from '../testing.ts';

let database: Database;
let app: TestApp;

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  app = await createTestApp({ database });
});
afterEach(async () => {
  await database.close();
});

const complaint = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  customer_id: 'c1',
  touchpoint_id: 'phone',
  occurred_at: '2026-03-10T10:00:00Z',
  kind: 'complaint',
  ...extra,
});

const send = (kind: string, records: unknown[]) =>
  ok(ZIngestResult, app, 'POST', `/api/v1/ingest/${kind}`, { records });

async function storedInteractionIds(): Promise<string[]> {
  const rows = await database.db.selectFrom('interactions').select('id').execute();
  return rows.map((r) => r.id);
}

async function expectRollupsClean() {
  expect(rollupsAreClean(await verifyRollups(database.db, 'UTC'))).toBe(true);
}

describe('ids and text that have no stored form', () => {
  it.each([
    ['a lone surrogate in the id', complaint('SUR-\ud800'), 'id', 'lone surrogate U+D800'],
    ['NUL in the id', complaint('NUL-\u0000'), 'id', 'NUL'],
    ['NUL in a reference', complaint('i-1', { customer_id: 'c1\u0000' }), 'customer_id', 'NUL'],
    ['a lone surrogate in the kind', complaint('i-1', { kind: 'complaint\udc00' }), 'kind', 'U+DC00'],
  ])('%s: 400 naming the record and the field, nothing written', async (_, record, field, reason) => {
    const error = await refused(app, 'POST', '/api/v1/ingest/interactions', { records: [record] }, 400);
    expect(error.code).toBe('invalid_records');
    expect(error.details).toEqual([
      { index: 0, id: expect.any(String), field, reason: expect.stringContaining(reason) },
    ]);
    expect(await storedInteractionIds()).toEqual([]);
  });

  it('a comment or a customer name: 400 naming the field', async () => {
    const answer = {
      id: 'f-1',
      customer_id: 'c1',
      touchpoint_id: 'phone',
      submitted_at: '2026-03-10T10:00:00Z',
      survey: 'nps',
      score: 3,
      comment: 'Trop long \ud83d',
    };
    const error = await refused(app, 'POST', '/api/v1/ingest/feedback', { records: [answer] }, 400);
    expect(error.details?.map((d) => d.field)).toEqual(['comment']);
    const named = await refused(
      app,
      'POST',
      '/api/v1/ingest/customers',
      { records: [{ id: 'c9', name: 'Zo\u0000é' }] },
      400,
    );
    expect(named.details?.map((d) => d.field)).toEqual(['name']);
  });

  it('a body whose bytes are not UTF-8: 400 naming the field, rather than storing U+FFFD', async () => {
    const json = Buffer.from(JSON.stringify({ records: [complaint('SUR-@')] }), 'utf8');
    const at = json.indexOf('@'.charCodeAt(0));
    // CESU-8 for U+D800: what a "utf8" database exports for a lone surrogate
    const body = Buffer.concat([
      json.subarray(0, at),
      Buffer.from([0xed, 0xa0, 0x80]),
      json.subarray(at + 1),
    ]);
    const res = await app.request('/api/v1/ingest/interactions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'the body is not UTF-8 text; nothing was written',
        details: [{ field: 'records.0.id', reason: NOT_UTF8_REASON }],
      },
    });
    expect(await storedInteractionIds()).toEqual([]);
  });

  it.each([
    ['a query filter', '/api/v1/kpis?segment=a%00b', 'segment.0'],
    ['a search', '/api/v1/customers?q=a%00', 'q'],
    ['a path id', '/api/v1/customers/c1%00', 'id'],
    ['a generated-row id', '/api/v1/goals/g%00', 'id'],
    ['a cursor', '/api/v1/customers/c1/timeline?cursor=%00', 'cursor'],
  ])('NUL in %s: 400 naming it (PostgreSQL answered 500)', async (_, path, field) => {
    const error = await refused(app, 'GET', path, undefined, 400);
    expect(error.details?.map((d) => d.field)).toEqual([field]);
  });

  it('NUL or a lone surrogate in a goal, a rule or a user: 400 naming the field, nothing created', async () => {
    const goal = { kpi: 'nps', scope_type: 'company', period: '2026-03', target: 40 };
    const e1 = await refused(app, 'POST', '/api/v1/goals', { ...goal, note: 'cible\u0000' }, 400);
    expect(e1.details?.map((d) => d.field)).toEqual(['note']);
    const rule = {
      name: 'Détracteurs \ud800',
      target: 'feedback',
      conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }],
      assign_team_id: 'lyon',
      due_hours: 24,
    };
    const e2 = await refused(app, 'POST', '/api/v1/alert-rules', rule, 400);
    expect(e2.details?.map((d) => d.field)).toEqual(['name']);
    const user = { email: 'x@example.fr', name: 'X\u0000', role: 'admin', password: 'a long password' };
    const e3 = await refused(app, 'POST', '/api/v1/users', user, 400);
    expect(e3.details?.map((d) => d.field)).toEqual(['name']);
    const goals = await ok(ZGoal.array(), app, 'GET', '/api/v1/goals');
    expect(goals).toEqual([]);
  });
});

describe('dates outside the years 1900–2200', () => {
  it.each([
    ['occurred_at', complaint('i-1', { occurred_at: '0026-11-20T09:12:00Z' })],
    ['resolved_at', complaint('i-1', { resolved_at: '9999-12-31T00:00:00Z' })],
  ])('%s: 400 naming the field, never shifted to 19xx', async (field, record) => {
    const error = await refused(app, 'POST', '/api/v1/ingest/interactions', { records: [record] }, 400);
    expect(error.details).toEqual([{ index: 0, id: 'i-1', field, reason: YEAR_RANGE_REASON }]);
    expect(await storedInteractionIds()).toEqual([]);
  });

  it('a customer acquired in year 0026: 400 naming acquired_at', async () => {
    const error = await refused(
      app,
      'POST',
      '/api/v1/ingest/customers',
      { records: [{ id: 'c9', name: 'Old', acquired_at: '0026-01-01' }] },
      400,
    );
    expect(error.details?.map((d) => d.field)).toEqual(['acquired_at']);
  });

  it.each([
    ['a KPI window', '/api/v1/kpis?from=0000-01-01&to=0001-01-01', ['from', 'to']],
    ['a drill-down window', '/api/v1/kpis/nps/records?from=2026-01-01&to=9999-01-01', ['to']],
    ['a goal period', '/api/v1/goals/status?period=0026', ['period']],
  ])('%s: 400 naming the field', async (_, path, fields) => {
    const error = await refused(app, 'GET', path, undefined, 400);
    expect(error.details?.map((d) => d.field)).toEqual(fields);
    expect(error.details?.every((d) => d.reason === YEAR_RANGE_REASON)).toBe(true);
  });

  it('the ends of the range are accepted', async () => {
    await send('interactions', [
      complaint('first', { occurred_at: '1900-01-01T00:00:00Z' }),
      complaint('last', { occurred_at: '2200-12-31T23:59:59Z' }),
    ]);
    await expectRollupsClean();
  });
});

// ── the property ────────────────────────────────────────────────────────────────────────
/** Pieces of ids from source systems: what tends to break an encoding. */
const PIECE = fc.oneof(
  fc.constantFrom(
    'SUR-\ud800', // lone high surrogate
    '\udc00', // lone low surrogate
    '\u00e9', // é, precomposed (NFC)
    'e\u0301', // é, decomposed (NFD)
    '\u1e9b\u0323', // a character whose NFC, NFD, NFKC and NFKD all differ
    '\u200b', // zero-width space
    '\u200d', // zero-width joiner
    '\ufeff', // zero-width no-break space (BOM)
    '\u{1f600}', // astral plane: a surrogate pair
    '\u{10ffff}', // the last code point
    '\ufffd', // the replacement character itself
    '%ED%A0%80', // a URL-encoded surrogate, as text
    ' ', // white space, trimmed at the ends
  ),
  fc.integer({ min: 1, max: 0xffff }).map((u) => String.fromCharCode(u)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
);
const ID = fc.array(PIECE, { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join(''));

describe('random Unicode ids sent twice (property)', () => {
  it('are refused whole when any cannot be stored; otherwise stored as sent, and unchanged the second time', async () => {
    let run = 0;
    let expected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(ID, { minLength: 1, maxLength: 6 }), async (raw) => {
        run++;
        // a prefix per run keeps runs apart in one database (and no id empty once trimmed)
        const ids = raw.map((id) => `r${run}-${id}`);
        const records = ids.map((id) => complaint(id));
        const storable = ids.every((id) => textProblem(id) === null && id.trim().length <= 128);
        if (!storable) {
          const error = await refused(app, 'POST', '/api/v1/ingest/interactions', { records }, 400);
          expect(error.details?.length).toBeGreaterThan(0);
          return;
        }
        const distinct = new Set(ids.map((id) => id.trim()));
        const first = await send('interactions', records);
        expect(first.inserted).toBe(distinct.size);
        const again = await send('interactions', records);
        expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: distinct.size });
        expected += distinct.size;
        // byte for byte: NFC and NFD stay two ids, nothing is normalised
        const stored = (await storedInteractionIds()).filter((id) => id.startsWith(`r${run}-`));
        expect(stored.sort()).toEqual([...distinct].sort());
      }),
      { numRuns: 60 },
    );
    expect(await storedInteractionIds()).toHaveLength(expected);
    await expectRollupsClean();
    // the drill-down counts what the rollups count
    const drill = await ok(
      ZDrillResponse,
      app,
      'GET',
      '/api/v1/kpis/complaint_rate/records?from=2026-03-01&to=2026-04-01&pageSize=1',
    );
    expect(drill.total).toBe(expected);
  });
});
