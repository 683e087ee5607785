/**
 * The closed loop in the data layer: cases opened by ingestion (API batches and CSV files)
 * in the writer's transaction, never twice; the follow-up KPIs against hand-computed
 * examples; the root-cause Pareto; events, outbox rows and notifications.
 */
import { Readable } from 'node:stream';
import { type Scope, ZAlertRuleInput } from '@parcours/domain';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../dialect.ts';
import { importCsv } from '../ingest/csv.ts';
import { ingest } from '../ingest/writer.ts';
import { createUser } from '../queries/access.ts';
import { drillRecords } from '../queries/drill.ts';
import { computeKpis } from '../queries/kpis.ts';
import { openTestDatabase, seedOrganisation } from '../testing.ts';
import { type CaseActor, rootCausePareto, sweepOverdueCases, updateCase } from './cases.ts';
import { backfillRule } from './matching.ts';
import { createRule, deleteRule, updateRule } from './rules.ts';
import { createWebhook } from './webhooks.ts';

const ALL: Scope = { kind: 'all' };
const H = 3_600_000;
let database: Database;

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
});
afterEach(async () => {
  vi.useRealTimers();
  await database.close();
});

async function addRule(input: Record<string, unknown>) {
  return createRule(
    database.db,
    ZAlertRuleInput.parse({ name: 'r', target: 'feedback', assign_team_id: 'lyon', due_hours: 24, ...input }),
    { email: null, scope: ALL },
  );
}
const NPS_LE_6 = { conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }] };

const fb = (
  id: string,
  customer_id: string,
  touchpoint_id: string,
  submitted_at: string,
  survey: string,
  score: number,
  extra: Record<string, unknown> = {},
) => ({
  id,
  customer_id,
  touchpoint_id,
  submitted_at,
  survey,
  score,
  ...extra,
});

async function cases() {
  return database.db.selectFrom('cases').selectAll().orderBy('record_id').orderBy('team_id').execute();
}
async function count(table: 'cases' | 'case_events' | 'outbox' | 'notifications') {
  const r = await database.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

describe('cases opened at ingestion', () => {
  it('an answer matching a rule opens one case, assigned to the rule’s team, due from its creation', async () => {
    const rule = await addRule({ ...NPS_LE_6, assign_team_id: 'chat', due_hours: 48 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-20T10:00:00Z'));
    await ingest(database, 'feedback', [
      fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3, { comment: 'Attente' }),
      fb('f2', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 8),
    ]);
    const [c, ...more] = await cases();
    expect(more).toEqual([]);
    expect(c).toMatchObject({
      rule_id: rule.id,
      record_type: 'feedback',
      record_id: 'f1',
      customer_id: 'c1',
      touchpoint_id: 'phone',
      record_team_id: 'lyon',
      team_id: 'chat',
      status: 'open',
      owner_id: null,
      // opened when the answer arrived, not when it was given
      opened_at: Date.parse('2026-03-20T10:00:00Z'),
      due_at: Date.parse('2026-03-22T10:00:00Z'),
      record_at: Date.parse('2026-03-18T09:00:00Z'),
    });
    const events = await database.db.selectFrom('case_events').selectAll().execute();
    expect(events.map((e) => [e.case_id, e.type, e.actor_id])).toEqual([[c?.id, 'case.created', null]]);
  });

  it('re-sending the record, unchanged or changed, never opens a second case; a record that stops matching keeps its case', async () => {
    await addRule(NPS_LE_6);
    const answer = fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3);
    await ingest(database, 'feedback', [answer]);
    await ingest(database, 'feedback', [answer]);
    await ingest(database, 'feedback', [{ ...answer, score: 2, comment: 'toujours mécontent' }]);
    await ingest(database, 'feedback', [{ ...answer, score: 9 }]);
    await ingest(database, 'feedback', [{ ...answer, score: 1 }]);
    expect((await cases()).map((c) => [c.record_id, c.status])).toEqual([['f1', 'open']]);
    expect(await count('case_events')).toBe(1);
  });

  it('the same record twice in one batch opens one case', async () => {
    await addRule(NPS_LE_6);
    const answer = fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3);
    await ingest(database, 'feedback', [answer, { ...answer, score: 4 }]);
    expect(await count('cases')).toBe(1);
  });

  it('one case per matching rule', async () => {
    await addRule({ ...NPS_LE_6, assign_team_id: 'lyon' });
    await addRule({ conditions: [{ kind: 'comment_contains', words: ['attente'] }], assign_team_id: 'chat' });
    await ingest(database, 'feedback', [
      fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3, { comment: "L'ATTENTE !" }),
    ]);
    expect((await cases()).map((c) => c.team_id)).toEqual(['chat', 'lyon']);
  });

  it('interactions: a wait over N minutes, a complaint', async () => {
    await addRule({
      target: 'interaction',
      conditions: [{ kind: 'wait_over_minutes', minutes: 10 }],
      assign_team_id: 'lyon',
    });
    await addRule({
      target: 'interaction',
      conditions: [{ kind: 'interaction_kind', kinds: ['complaint'] }],
      assign_team_id: 'chat',
    });
    await ingest(database, 'interactions', [
      {
        id: 'i1',
        customer_id: 'c1',
        touchpoint_id: 'phone',
        occurred_at: '2026-03-02T09:00:00Z',
        kind: 'contact',
        wait_seconds: 601,
      },
      {
        id: 'i2',
        customer_id: 'c2',
        touchpoint_id: 'phone',
        occurred_at: '2026-03-02T09:00:00Z',
        kind: 'contact',
        wait_seconds: 600,
      },
      {
        id: 'i3',
        customer_id: 'c3',
        touchpoint_id: 'livechat',
        occurred_at: '2026-03-03T09:00:00Z',
        kind: 'complaint',
      },
    ]);
    expect((await cases()).map((c) => [c.record_type, c.record_id, c.team_id])).toEqual([
      ['interaction', 'i1', 'lyon'],
      ['interaction', 'i3', 'chat'],
    ]);
  });

  it('narrowing by stage and segment reads the touchpoint and the customer', async () => {
    await addRule({ ...NPS_LE_6, stages: ['purchase'], segments: ['Particulier'] });
    await ingest(database, 'feedback', [
      fb('f1', 'c3', 'site', '2026-03-18T09:00:00Z', 'nps', 3), // purchase, Particulier
      fb('f2', 'c1', 'site', '2026-03-18T09:00:00Z', 'nps', 3), // purchase, Premium
      fb('f3', 'c3', 'phone', '2026-03-18T09:00:00Z', 'nps', 3), // service, Particulier
    ]);
    expect((await cases()).map((c) => c.record_id)).toEqual(['f1']);
  });

  it('inactive and deleted rules open nothing; rules apply to records arriving after them', async () => {
    await ingest(database, 'feedback', [fb('old', 'c1', 'phone', '2026-03-01T09:00:00Z', 'nps', 0)]);
    const inactive = await addRule({ ...NPS_LE_6, active: false });
    const deleted = await addRule(NPS_LE_6);
    await deleteRule(database.db, deleted.id, ALL);
    await ingest(database, 'feedback', [fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3)]);
    expect(await count('cases')).toBe(0);
    await updateRule(database.db, inactive.id, { active: true }, ALL);
    // the old answer, re-sent unchanged, does not "arrive" again
    await ingest(database, 'feedback', [fb('old', 'c1', 'phone', '2026-03-01T09:00:00Z', 'nps', 0)]);
    expect(await count('cases')).toBe(0);
    await ingest(database, 'feedback', [fb('f2', 'c1', 'phone', '2026-03-19T09:00:00Z', 'nps', 3)]);
    expect((await cases()).map((c) => c.record_id)).toEqual(['f2']);
  });

  it('backfill: applies a rule to the last N days on request, without duplicates', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-20T12:00:00Z'));
    await ingest(database, 'feedback', [
      fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3),
      fb('f2', 'c1', 'phone', '2026-03-01T09:00:00Z', 'nps', 3),
      fb('f3', 'c1', 'phone', '2026-03-19T09:00:00Z', 'nps', 9),
    ]);
    const rule = await addRule(NPS_LE_6);
    expect(await backfillRule(database, rule.id, 7, ALL)).toEqual({ examined: 2, created: 1 });
    expect(await backfillRule(database, rule.id, 30, ALL)).toEqual({ examined: 3, created: 1 });
    expect(await backfillRule(database, rule.id, 30, ALL)).toEqual({ examined: 3, created: 0 });
    expect((await cases()).map((c) => c.record_id)).toEqual(['f1', 'f2']);
  });

  it('a changed record moves its cases with it (team, touchpoint, customer, time) for the filters', async () => {
    await addRule(NPS_LE_6);
    const answer = fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3);
    await ingest(database, 'feedback', [answer]);
    await ingest(database, 'feedback', [
      { ...answer, touchpoint_id: 'livechat', customer_id: 'c2', submitted_at: '2026-03-19T09:00:00Z' },
    ]);
    expect(await cases()).toMatchObject([
      {
        customer_id: 'c2',
        touchpoint_id: 'livechat',
        record_team_id: 'chat',
        record_at: Date.parse('2026-03-19T09:00:00Z'),
        team_id: 'lyon',
      },
    ]);
  });

  it('CSV imports open cases too, in the file’s transaction: a bad row anywhere opens none', async () => {
    await addRule(NPS_LE_6);
    const csv = (rows: string[]) =>
      Readable.from([`id,customer_id,touchpoint_id,submitted_at,survey,score,comment\n${rows.join('\n')}\n`]);
    await expect(
      importCsv(
        database,
        'feedback',
        csv(['f1,c1,phone,2026-03-18T09:00:00Z,nps,3,', 'f2,c9,phone,2026-03-18T09:00:00Z,nps,3,']),
      ),
    ).rejects.toThrow();
    expect(await count('cases')).toBe(0);
    await importCsv(
      database,
      'feedback',
      csv(['f1,c1,phone,2026-03-18T09:00:00Z,nps,3,', 'f2,c2,phone,2026-03-18T09:00:00Z,nps,7,']),
      { chunkSize: 1 },
    );
    await importCsv(database, 'feedback', csv(['f1,c1,phone,2026-03-18T09:00:00Z,nps,3,"encore"']));
    expect((await cases()).map((c) => c.record_id)).toEqual(['f1']);
  });

  it('a rejected API batch opens no case', async () => {
    await addRule(NPS_LE_6);
    await expect(
      ingest(database, 'feedback', [
        fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3),
        fb('f2', 'nobody', 'phone', '2026-03-18T09:00:00Z', 'nps', 3),
      ]),
    ).rejects.toThrow();
    expect(await count('cases')).toBe(0);
  });
});

describe('events: outbox and notifications, in the same transaction', () => {
  it('a new case notifies its team and queues one delivery per subscribed active webhook', async () => {
    const lyon1 = await createUser(database.db, {
      email: 'a@x.fr',
      name: 'A',
      role: 'agent',
      team_id: 'lyon',
      passwordHash: 'x',
    });
    const lyon2 = await createUser(database.db, {
      email: 'b@x.fr',
      name: 'B',
      role: 'team_lead',
      team_id: 'lyon',
      passwordHash: 'x',
    });
    await createUser(database.db, {
      email: 'c@x.fr',
      name: 'C',
      role: 'agent',
      team_id: 'chat',
      passwordHash: 'x',
    });
    await createWebhook(database.db, {
      name: 'crm',
      url: 'http://127.0.0.1:9/a',
      events: ['case.created'],
      active: true,
    });
    await createWebhook(database.db, {
      name: 'closed only',
      url: 'http://127.0.0.1:9/b',
      events: ['case.closed'],
      active: true,
    });
    await createWebhook(database.db, {
      name: 'off',
      url: 'http://127.0.0.1:9/c',
      events: ['case.created'],
      active: false,
    });
    await addRule(NPS_LE_6);
    await ingest(database, 'feedback', [
      fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3, { comment: 'Nom et commentaire privés' }),
    ]);
    const outbox = await database.db.selectFrom('outbox').selectAll().execute();
    expect(outbox).toHaveLength(1);
    const body = JSON.parse(outbox[0]?.body ?? '{}');
    expect(body).toMatchObject({
      type: 'case.created',
      case: { record_id: 'f1', customer_id: 'c1', team_id: 'lyon', status: 'open' },
    });
    // a webhook carries ids and states, not comments or names
    expect(outbox[0]?.body).not.toContain('privés');
    const notified = await database.db
      .selectFrom('notifications')
      .select(['user_id', 'type'])
      .orderBy('user_id')
      .execute();
    expect(notified).toEqual(
      [lyon1.id, lyon2.id].sort().map((user_id) => ({ user_id, type: 'case.created' })),
    );
  });

  it('overdue cases get one event each, notified to their owner, else their team', async () => {
    const agent = await createUser(database.db, {
      email: 'a@x.fr',
      name: 'A',
      role: 'agent',
      team_id: 'lyon',
      passwordHash: 'x',
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-20T10:00:00Z'));
    await addRule({ ...NPS_LE_6, due_hours: 2 });
    await ingest(database, 'feedback', [fb('f1', 'c1', 'phone', '2026-03-18T09:00:00Z', 'nps', 3)]);
    const now = Date.parse('2026-03-20T10:00:00Z');
    expect(await sweepOverdueCases(database, now + H)).toBe(0);
    expect(await sweepOverdueCases(database, now + 3 * H)).toBe(1);
    expect(await sweepOverdueCases(database, now + 4 * H)).toBe(0);
    const types = await database.db
      .selectFrom('notifications')
      .select(['user_id', 'type'])
      .orderBy('id')
      .execute();
    expect(types).toEqual([
      { user_id: agent.id, type: 'case.created' },
      { user_id: agent.id, type: 'case.overdue' },
    ]);
  });
});

// ── the follow-up KPIs, by hand ─────────────────────────────────────────────────────────
//
// Rules: R1 NPS ≤ 6 → lyon, 24 h; R2 comment contains "attente" → chat, 72 h.
// Every case opens at T0 = 2026-03-20 08:00 UTC (ingestion), except a6's (2 April).
//
//  answer  tp        team  survey score  comment     cases (closed after)          in the March population?
//  a1      phone     lyon  nps    2      attente     R1 30 h (late), R2 30 h (ok)  yes → followed up (R2 in time)
//  a2      livechat  chat  nps    5                  R1 10 h (ok)                  yes → followed up
//  a3      site      web   nps    6                  R1 30 h (late)                yes → not followed up
//  a4      phone     lyon  csat   1                  none (no rule for CSAT)       yes → not followed up
//  a5      livechat  chat  nps    9      attente     R2 5 h (ok)                   no (not a detractor)
//  a6      phone     lyon  nps    3   (in April)     R1 1 h (ok), closed in April  no (April)
//  a7      phone     lyon  ces    1                  none                          no (CES is not in the population)
//
// March: follow_up_rate = 2 / 4 = 50 %, n = 4.
//        time_to_close over cases closed in March: 30, 30, 10, 30, 5 h → mean 21 h, n = 5.
// By record team: lyon follow-up 1/2 (a1, a4), time 30, 30 h; chat 1/1, time 10, 5 h → 7.5 h;
//                 web 0/1, time 30 h.
// Root causes (closed in March): wait ×3 (a1 R1, a1 R2, a5), staff (a2), product (a3).
describe('follow_up_rate and time_to_close, against hand-computed values', () => {
  const T0 = Date.parse('2026-03-20T08:00:00Z');
  const MARCH = { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-04-01T00:00:00Z') };
  const admin: CaseActor = { id: 'admin', role: 'admin', teamId: null, scope: ALL };
  let r1 = '';
  let r2 = '';

  async function close(recordId: string, ruleId: string, hours: number, root_cause: string, openedAt = T0) {
    const c = await database.db
      .selectFrom('cases')
      .select('id')
      .where('record_id', '=', recordId)
      .where('rule_id', '=', ruleId)
      .executeTakeFirstOrThrow();
    await updateCase(
      database,
      'UTC',
      c.id,
      { status: 'closed', root_cause: root_cause as 'wait', resolution: 'Rappel du client' },
      admin,
      openedAt + hours * H,
    );
  }

  beforeEach(async () => {
    r1 = (await addRule({ ...NPS_LE_6, assign_team_id: 'lyon', due_hours: 24 })).id;
    r2 = (
      await addRule({
        conditions: [{ kind: 'comment_contains', words: ['attente'] }],
        assign_team_id: 'chat',
        due_hours: 72,
      })
    ).id;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(T0));
    await ingest(database, 'feedback', [
      fb('a1', 'c1', 'phone', '2026-03-10T09:00:00Z', 'nps', 2, { comment: 'Attente beaucoup trop longue' }),
      fb('a2', 'c2', 'livechat', '2026-03-11T09:00:00Z', 'nps', 5),
      fb('a3', 'c3', 'site', '2026-03-12T09:00:00Z', 'nps', 6),
      fb('a4', 'c4', 'phone', '2026-03-13T09:00:00Z', 'csat', 1),
      fb('a5', 'c5', 'livechat', '2026-03-14T09:00:00Z', 'nps', 9, { comment: "un peu d'attente" }),
      fb('a7', 'c1', 'phone', '2026-03-15T09:00:00Z', 'ces', 1),
    ]);
    const april = Date.parse('2026-04-02T08:00:00Z');
    vi.setSystemTime(new Date(april));
    await ingest(database, 'feedback', [fb('a6', 'c1', 'phone', '2026-04-01T09:00:00Z', 'nps', 3)]);
    await close('a1', r1, 30, 'wait');
    await close('a1', r2, 30, 'wait');
    await close('a2', r1, 10, 'staff');
    await close('a3', r1, 30, 'product');
    await close('a5', r2, 5, 'wait');
    await close('a6', r1, 1, 'price', april);
  });

  const ask = async (
    extra: {
      groupBy?: 'team' | 'touchpoint' | 'department' | 'stage' | 'channel' | 'media' | 'day' | 'month';
      filters?: Record<string, string[]>;
      forceRaw?: boolean;
      window?: { from: number; to: number };
    } = {},
  ) =>
    computeKpis(database.db, 'UTC', {
      window: extra.window ?? MARCH,
      filters: extra.filters ?? {},
      groupBy: extra.groupBy ?? null,
      kpis: ['follow_up_rate', 'time_to_close'],
      compare: false,
      forceRaw: extra.forceRaw,
    });

  it('over the company', async () => {
    const t = (await ask()).total;
    expect(t.follow_up_rate).toMatchObject({ value: 50, n: 4, lowSample: true });
    expect(t.time_to_close).toMatchObject({ value: 21 * 3600, n: 5 });
    // the same from raw records (the population above came from the rollups)
    const raw = (await ask({ forceRaw: true })).total;
    expect(raw.follow_up_rate).toMatchObject({ value: 50, n: 4 });
    expect(raw.time_to_close).toMatchObject({ value: 21 * 3600, n: 5 });
  });

  it('grouped by the record’s team and department', async () => {
    const byTeam = Object.fromEntries((await ask({ groupBy: 'team' })).groups.map((g) => [g.key, g.kpis]));
    expect(byTeam.lyon?.follow_up_rate).toMatchObject({ value: 50, n: 2 });
    expect(byTeam.lyon?.time_to_close).toMatchObject({ value: 30 * 3600, n: 2 });
    expect(byTeam.chat?.follow_up_rate).toMatchObject({ value: 100, n: 1 });
    expect(byTeam.chat?.time_to_close).toMatchObject({ value: 7.5 * 3600, n: 2 });
    expect(byTeam.web?.follow_up_rate).toMatchObject({ value: 0, n: 1 });
    expect(byTeam.web?.time_to_close).toMatchObject({ value: 30 * 3600, n: 1 });
    const byDept = Object.fromEntries(
      (await ask({ groupBy: 'department' })).groups.map((g) => [g.key, g.kpis]),
    );
    expect(byDept.svc?.follow_up_rate).toMatchObject({ value: (100 * 2) / 3, n: 3 });
    expect(byDept.svc?.time_to_close).toMatchObject({ value: 18.75 * 3600, n: 4 });
    expect(byDept.mkt?.follow_up_rate).toMatchObject({ value: 0, n: 1 });
  });

  it('grouped by touchpoint attributes and by time (time to close by the day it closed)', async () => {
    const byStage = Object.fromEntries((await ask({ groupBy: 'stage' })).groups.map((g) => [g.key, g.kpis]));
    expect(byStage.service?.follow_up_rate).toMatchObject({ value: (100 * 2) / 3, n: 3 });
    expect(byStage.purchase?.time_to_close).toMatchObject({ value: 30 * 3600, n: 1 });
    const byDay = (await ask({ groupBy: 'day' })).groups.filter(
      (g) => (g.kpis.time_to_close?.n ?? 0) > 0 || (g.kpis.follow_up_rate?.n ?? 0) > 0,
    );
    expect(
      byDay.map((g) => [
        g.key,
        g.kpis.follow_up_rate?.n,
        g.kpis.follow_up_rate?.value,
        g.kpis.time_to_close?.n,
      ]),
    ).toEqual([
      ['2026-03-10', 1, 100, 0],
      ['2026-03-11', 1, 100, 0],
      ['2026-03-12', 1, 0, 0],
      ['2026-03-13', 1, 0, 0],
      ['2026-03-20', 0, null, 2], // a2 closed after 10 h, a5 after 5 h
      ['2026-03-21', 0, null, 3], // the three 30 h cases
    ]);
  });

  it('filtered by touchpoint, and by survey mode', async () => {
    const phone = (await ask({ filters: { touchpoint: ['phone'] } })).total;
    expect(phone.follow_up_rate).toMatchObject({ value: 50, n: 2 });
    expect(phone.time_to_close).toMatchObject({ value: 30 * 3600, n: 2 });
    const relational = (await ask({ filters: { mode: ['relational'] } })).total;
    expect(relational.follow_up_rate).toMatchObject({ value: null, n: 0 });
    expect(relational.time_to_close).toMatchObject({ value: null, n: 0 });
  });

  it('April: a6 followed up in time', async () => {
    const april = await ask({
      window: { from: Date.parse('2026-04-01T00:00:00Z'), to: Date.parse('2026-05-01T00:00:00Z') },
    });
    expect(april.total.follow_up_rate).toMatchObject({ value: 100, n: 1 });
    expect(april.total.time_to_close).toMatchObject({ value: 3600, n: 1 });
  });

  it('an answer whose score changes leaves the population, and keeps its case', async () => {
    await ingest(database, 'feedback', [fb('a3', 'c3', 'site', '2026-03-12T09:00:00Z', 'nps', 8)]);
    const t = (await ask()).total;
    expect(t.follow_up_rate).toMatchObject({ value: (100 * 2) / 3, n: 3 });
    expect(t.time_to_close).toMatchObject({ n: 5 });
  });

  it('the drill-down subsets equal the KPI: detractors = n, followed_up = numerator, closed = time_to_close n', async () => {
    const drill = (kpi: 'follow_up_rate' | 'time_to_close', subset: string, filters = {}) =>
      drillRecords(database.db, 'UTC', {
        kpi,
        subset,
        window: MARCH,
        filters,
        sort: 'recent',
        page: 1,
        pageSize: 50,
      });
    expect((await drill('follow_up_rate', 'detractors')).items.map((i) => i.id).sort()).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
    ]);
    expect((await drill('follow_up_rate', 'followed_up')).items.map((i) => i.id).sort()).toEqual([
      'a1',
      'a2',
    ]);
    const closed = await drill('time_to_close', 'closed');
    expect(closed.total).toBe(5);
    expect(closed.items.every((i) => i.type === 'case')).toBe(true);
    expect((await drill('time_to_close', 'closed', { team: ['chat'] })).total).toBe(2);
    expect((await drill('follow_up_rate', 'followed_up', { team: ['chat'] })).items.map((i) => i.id)).toEqual(
      ['a2'],
    );
  });

  it('the root-cause Pareto: closed cases by root cause, most frequent first, with the cumulative share', async () => {
    const p = await rootCausePareto(database.db, 'UTC', MARCH, {}, ALL);
    expect(p.total).toBe(5);
    expect(p.items.map((i) => [i.code, i.count, i.share, i.cumulative])).toEqual([
      ['wait', 3, 60, 60],
      ['staff', 1, 20, 80],
      ['product', 1, 20, 100],
    ]);
    expect(p.items[0]?.label).toEqual({ en: 'Waiting time', fr: 'Temps d’attente' });
    const web = await rootCausePareto(database.db, 'UTC', MARCH, { department: ['mkt'] }, ALL);
    expect(web.items.map((i) => [i.code, i.count])).toEqual([['product', 1]]);
    // a team lead of Service client sees their department's cases only
    const lead = await rootCausePareto(
      database.db,
      'UTC',
      MARCH,
      {},
      { kind: 'department', departmentId: 'svc' },
    );
    expect(lead.items.map((i) => [i.code, i.count])).toEqual([
      ['wait', 3],
      ['staff', 1],
    ]);
  });
});
