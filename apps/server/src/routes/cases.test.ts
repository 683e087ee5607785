/**
 * Follow-up cases through the API: cases opened by ingestion, the queue and its scoping
 * (team lead, agent, another department), the case page, status changes and their rules,
 * notes, notifications, the root-cause Pareto, and the follow-up KPIs in /kpis, drill-down
 * and goals. Every body is parsed with its contract.
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import {
  type CaseDetail,
  type CaseList,
  ZAlertRule,
  ZAuditList,
  ZCaseDetail,
  ZCaseEvent,
  ZCaseList,
  ZDrillResponse,
  ZError,
  ZGoal,
  ZGoalStatusResponse,
  ZKpiResponse,
  ZNotificationList,
  ZNotificationsReadResult,
  ZRootCausePareto,
  ZSession,
  ZTimeline,
} from '@parcours/domain';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApp as App, createTestApp, ok, refused } from '../testing.ts';

// Time stands still at T0 (dates only: timers run), so due times and windows are exact.
const T0 = Date.parse('2026-03-20T10:00:00Z');
const H = 3_600_000;
const JSON_HEADERS = { 'content-type': 'application/json' };

let database: Database;
let admin: App;
let leadSvc: App; // team lead of lyon: department svc (lyon, chat)
let agentLyon: App;
let agentLyon2: App;
let agentChat: App;
let leadMkt: App; // team lead of web: department mkt
let exec: App;
const ids: Record<string, string> = {};

async function userId(app: App): Promise<string> {
  return ZSession.parse(await (await app.request('/api/v1/session')).json()).user.id;
}

const queue = (app: App, query = '') => ok(ZCaseList, app, 'GET', `/api/v1/cases${query ? `?${query}` : ''}`);
const caseOf = (list: CaseList, recordId: string) => {
  const c = list.items.find((i) => i.recordId === recordId);
  if (!c) throw new Error(`no case for ${recordId}`);
  return c;
};

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(T0));
  database = await openTestDatabase();
  await seedOrganisation(database);
  admin = await createTestApp({ database });
  leadSvc = await createTestApp({ database }, 'team_lead', 'lyon');
  agentLyon = await createTestApp({ database }, 'agent', 'lyon');
  agentLyon2 = await createTestApp({ database }, 'agent', 'lyon');
  agentChat = await createTestApp({ database }, 'agent', 'chat');
  leadMkt = await createTestApp({ database }, 'team_lead', 'web');
  exec = await createTestApp({ database }, 'executive');
  for (const [name, app] of Object.entries({ leadSvc, agentLyon, agentLyon2, agentChat, leadMkt }))
    ids[name] = await userId(app);

  // R1: NPS ≤ 6 → lyon, 24 h; R2: complaints → web, 48 h
  await ok(
    ZAlertRule,
    admin,
    'POST',
    '/api/v1/alert-rules',
    {
      name: 'Détracteurs',
      target: 'feedback',
      conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }],
      assign_team_id: 'lyon',
      due_hours: 24,
    },
    201,
  );
  await ok(
    ZAlertRule,
    admin,
    'POST',
    '/api/v1/alert-rules',
    {
      name: 'Réclamations',
      target: 'interaction',
      conditions: [{ kind: 'interaction_kind', kinds: ['complaint'] }],
      assign_team_id: 'web',
      due_hours: 48,
    },
    201,
  );
  // through the ingestion route, as a source system would
  const post = async (kind: string, records: unknown[]) => {
    const res = await admin.request(`/api/v1/ingest/${kind}`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ records }),
    });
    expect(res.status).toBe(200);
  };
  await post('interactions', [
    {
      id: 'i1',
      customer_id: 'c2',
      touchpoint_id: 'site',
      occurred_at: '2026-03-18T09:00:00Z',
      kind: 'complaint',
    },
  ]);
  await post('feedback', [
    {
      id: 'f1',
      customer_id: 'c1',
      touchpoint_id: 'phone',
      submitted_at: '2026-03-19T09:00:00Z',
      survey: 'nps',
      score: 2,
      comment: 'Attente interminable',
    },
    // answered on the web site (team web), but the rule gives the case to lyon
    {
      id: 'f2',
      customer_id: 'c3',
      touchpoint_id: 'site',
      submitted_at: '2026-03-19T10:00:00Z',
      survey: 'nps',
      score: 5,
    },
    {
      id: 'f3',
      customer_id: 'c4',
      touchpoint_id: 'phone',
      submitted_at: '2026-03-19T11:00:00Z',
      survey: 'nps',
      score: 10,
    },
  ]);
});
afterEach(async () => {
  vi.useRealTimers();
  await database.close();
});

describe('cases from ingestion, in the queue', () => {
  it('an admin sees every case, most urgent first, with the record’s gist', async () => {
    const q = await queue(admin);
    expect(q.total).toBe(3);
    expect(q.items.map((c) => [c.recordId, c.teamId, c.status, c.dueAt])).toEqual([
      ['f1', 'lyon', 'open', '2026-03-21T10:00:00.000Z'],
      ['f2', 'lyon', 'open', '2026-03-21T10:00:00.000Z'],
      ['i1', 'web', 'open', '2026-03-22T10:00:00.000Z'],
    ]);
    expect(caseOf(q, 'f1')).toMatchObject({
      type: 'case',
      ruleName: 'Détracteurs',
      teamName: 'Centre Lyon',
      customerName: 'Hélène Dupont',
      touchpointName: 'Téléphone',
      summary: 'NPS 2 · “Attente interminable”',
      openedAt: '2026-03-20T10:00:00.000Z',
      overdue: false,
      closedAt: null,
      closedInTime: null,
    });
    expect(q.counts).toEqual({ open: 3, in_progress: 0, closed: 0, overdue: 0 });
  });

  it('a team lead sees their department’s teams’ cases; an agent their team’s; another department nothing of it', async () => {
    expect((await queue(leadSvc)).items.map((c) => c.recordId)).toEqual(['f1', 'f2']);
    expect((await queue(agentLyon)).items.map((c) => c.recordId)).toEqual(['f1', 'f2']);
    expect((await queue(agentChat)).total).toBe(0);
    expect((await queue(leadMkt)).items.map((c) => c.recordId)).toEqual(['i1']);
    expect((await queue(exec)).total).toBe(3);
    // asking by filter for a team outside one's scope is refused, not emptied
    const e = await refused(leadSvc, 'GET', '/api/v1/cases?team=web', undefined, 403);
    expect(e.details).toEqual([{ field: 'team', reason: "team 'web' is outside your scope" }]);
    await refused(agentChat, 'GET', '/api/v1/cases?team=lyon', undefined, 403);
    await refused(admin, 'GET', '/api/v1/cases?team=nowhere', undefined, 400);
  });

  it('outside the scope, the case page is not found, like an unknown case', async () => {
    const f1 = caseOf(await queue(admin), 'f1');
    await refused(agentChat, 'GET', `/api/v1/cases/${f1.id}`, undefined, 404);
    await refused(leadMkt, 'GET', `/api/v1/cases/${f1.id}`, undefined, 404);
    await refused(admin, 'GET', '/api/v1/cases/nope', undefined, 404);
  });

  it('filters: status, owner (me, none), overdue, touchpoint, customer, rule; pages', async () => {
    const f1 = caseOf(await queue(admin), 'f1');
    await ok(ZCaseDetail, agentLyon, 'PATCH', `/api/v1/cases/${f1.id}`, { owner_id: ids.agentLyon });
    expect((await queue(agentLyon, 'owner=me')).items.map((c) => c.recordId)).toEqual(['f1']);
    expect((await queue(agentLyon, 'owner=none')).items.map((c) => c.recordId)).toEqual(['f2']);
    expect((await queue(admin, `owner=${ids.agentLyon}`)).total).toBe(1);
    expect((await queue(admin, 'touchpoint=site')).items.map((c) => c.recordId)).toEqual(['f2', 'i1']);
    expect((await queue(admin, 'customer=c3')).items.map((c) => c.recordId)).toEqual(['f2']);
    expect((await queue(admin, 'status=open&status=in_progress')).total).toBe(3);
    expect((await queue(admin, 'status=closed')).total).toBe(0);
    // overdue: open past its due time
    await sql`update cases set due_at = ${T0 - H} where record_id = 'f2'`.execute(database.db);
    const overdue = await queue(admin, 'overdue=true');
    expect(overdue.items.map((c) => [c.recordId, c.overdue])).toEqual([['f2', true]]);
    expect(overdue.counts.overdue).toBe(1);
    expect((await queue(admin, 'overdue=false')).total).toBe(2);
    const page2 = await queue(admin, 'pageSize=2&page=2');
    expect([page2.total, page2.items.length]).toEqual([3, 1]);
    expect((await queue(admin, 'sort=recent')).items).toHaveLength(3);
    await refused(admin, 'GET', '/api/v1/cases?status=done', undefined, 400);
    await refused(admin, 'GET', '/api/v1/cases?overdue=maybe', undefined, 400);
  });
});

describe('the case page', () => {
  it('shows the record, the customer, the history, who may own it and what the user may do', async () => {
    const f2 = caseOf(await queue(admin), 'f2');
    const d = await ok(ZCaseDetail, agentLyon, 'GET', `/api/v1/cases/${f2.id}`);
    expect(d.record).toMatchObject({ type: 'feedback', id: 'f2', score: 5, teamId: 'web' });
    expect(d.customer).toMatchObject({ id: 'c3', name: 'Zoé Martin' });
    expect(d.rule).toMatchObject({ name: 'Détracteurs', due_hours: 24 });
    expect(d.events.map((e) => [e.type, e.actor])).toEqual([['case.created', null]]);
    expect(d.assignees.map((u) => u.id).sort()).toEqual([ids.leadSvc, ids.agentLyon, ids.agentLyon2].sort());
    expect(d.allowed).toEqual({ assign: false, take: true, changeStatus: true, note: true });
    expect((await ok(ZCaseDetail, leadSvc, 'GET', `/api/v1/cases/${f2.id}`)).allowed.assign).toBe(true);
    expect((await ok(ZCaseDetail, exec, 'GET', `/api/v1/cases/${f2.id}`)).allowed).toEqual({
      assign: false,
      take: false,
      changeStatus: false,
      note: false,
    });
  });

  it('the customer’s timeline opens beside it, though the answer was handled by another team', async () => {
    const f2 = caseOf(await queue(admin), 'f2');
    const d = await ok(ZCaseDetail, agentLyon, 'GET', `/api/v1/cases/${f2.id}`);
    const timeline = await ok(ZTimeline, agentLyon, 'GET', `/api/v1/customers/${d.customer.id}/timeline`);
    expect(timeline.items.map((i) => i.id)).toEqual(['f2']);
  });

  it('every opening is in the audit trail', async () => {
    const f1 = caseOf(await queue(admin), 'f1');
    await ok(ZCaseDetail, agentLyon, 'GET', `/api/v1/cases/${f1.id}`);
    const trail = await ok(ZAuditList, admin, 'GET', '/api/v1/audit?action=case.view');
    expect(trail.items.map((e) => [e.target, e.details])).toEqual([
      [f1.id, JSON.stringify({ customer: 'c1' })],
    ]);
  });
});

describe('working on a case', () => {
  let f1 = '';
  beforeEach(async () => {
    f1 = caseOf(await queue(admin), 'f1').id;
  });

  it('an agent takes it by starting it, then closes it with a root cause and a resolution', async () => {
    let d: CaseDetail = await ok(ZCaseDetail, agentLyon, 'PATCH', `/api/v1/cases/${f1}`, {
      status: 'in_progress',
    });
    expect(d.case).toMatchObject({ status: 'in_progress', ownerId: ids.agentLyon });
    // closing needs both the root cause and the resolution
    const e = await refused(agentLyon, 'PATCH', `/api/v1/cases/${f1}`, { status: 'closed' }, 400);
    expect(e.details?.map((x) => x.field)).toEqual(['root_cause', 'resolution']);
    await refused(agentLyon, 'PATCH', `/api/v1/cases/${f1}`, { status: 'closed', root_cause: 'wait' }, 400);
    vi.setSystemTime(new Date(T0 + 5 * H));
    d = await ok(ZCaseDetail, agentLyon, 'PATCH', `/api/v1/cases/${f1}`, {
      status: 'closed',
      root_cause: 'wait',
      resolution: 'Rappelée, geste commercial',
    });
    expect(d.case).toMatchObject({
      status: 'closed',
      closedAt: '2026-03-20T15:00:00.000Z',
      closedInTime: true,
      closeSeconds: 5 * 3600,
      rootCause: 'wait',
      resolution: 'Rappelée, geste commercial',
    });
    expect(d.events.map((x) => x.type)).toEqual([
      'case.created',
      'case.assigned',
      'case.status_changed',
      'case.closed',
    ]);
    expect(d.events[3]?.details).toMatchObject({ from: 'in_progress', root_cause: 'wait', in_time: true });
    // a closed case is final
    const again = await refused(leadSvc, 'PATCH', `/api/v1/cases/${f1}`, { status: 'open' }, 400);
    expect(again.details?.[0]?.field).toBe('status');
  });

  it('closing straight from open; unknown root causes and empty resolutions are refused', async () => {
    await refused(
      leadSvc,
      'PATCH',
      `/api/v1/cases/${f1}`,
      { status: 'closed', root_cause: 'weather', resolution: 'x' },
      400,
    );
    await refused(
      leadSvc,
      'PATCH',
      `/api/v1/cases/${f1}`,
      { status: 'closed', root_cause: 'wait', resolution: '  ' },
      400,
    );
    await refused(leadSvc, 'PATCH', `/api/v1/cases/${f1}`, {}, 400);
    await refused(leadSvc, 'PATCH', `/api/v1/cases/${f1}`, { status: 'done' }, 400);
    const d = await ok(ZCaseDetail, leadSvc, 'PATCH', `/api/v1/cases/${f1}`, {
      status: 'closed',
      root_cause: 'staff',
      resolution: 'Excuses',
    });
    expect(d.case.status).toBe('closed');
  });

  it('team leads assign to a user of the case’s team; agents only take or give back', async () => {
    let d = await ok(ZCaseDetail, leadSvc, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: ids.agentLyon2 });
    expect(d.case.ownerId).toBe(ids.agentLyon2);
    // not of the case's team
    const e = await refused(leadSvc, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: ids.agentChat }, 400);
    expect(e.details?.[0]?.field).toBe('owner_id');
    await refused(leadSvc, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: 'nobody' }, 400);
    // an agent cannot take someone else's case, nor work on it, nor assign others
    await refused(agentLyon, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: ids.agentLyon }, 403);
    await refused(agentLyon, 'PATCH', `/api/v1/cases/${f1}`, { status: 'in_progress' }, 403);
    await refused(agentLyon2, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: ids.agentLyon }, 403);
    // the owner gives it back; then another agent takes it
    d = await ok(ZCaseDetail, agentLyon2, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: null });
    expect(d.case.ownerId).toBeNull();
    d = await ok(ZCaseDetail, agentLyon, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: ids.agentLyon });
    expect(d.case.ownerId).toBe(ids.agentLyon);
    // outside the scope (not found, like an unknown case), and executives (read only)
    await refused(agentChat, 'PATCH', `/api/v1/cases/${f1}`, { status: 'in_progress' }, 404);
    await refused(leadMkt, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: null }, 404);
    await refused(exec, 'PATCH', `/api/v1/cases/${f1}`, { status: 'in_progress' }, 403);
  });

  it('notes: added by the team, shown in the history', async () => {
    const note = await ok(
      ZCaseEvent,
      agentLyon,
      'POST',
      `/api/v1/cases/${f1}/notes`,
      { text: 'Client rappelé, messagerie.' },
      201,
    );
    expect(note).toMatchObject({
      type: 'case.note_added',
      note: 'Client rappelé, messagerie.',
      actor: { id: ids.agentLyon },
    });
    await refused(agentLyon, 'POST', `/api/v1/cases/${f1}/notes`, { text: '' }, 400);
    await refused(agentChat, 'POST', `/api/v1/cases/${f1}/notes`, { text: 'x' }, 404);
    await refused(exec, 'POST', `/api/v1/cases/${f1}/notes`, { text: 'x' }, 403);
    const d = await ok(ZCaseDetail, leadSvc, 'GET', `/api/v1/cases/${f1}`);
    expect(d.events.map((e) => e.type)).toEqual(['case.created', 'case.note_added']);
  });

  it('changes need the session’s CSRF token', async () => {
    const { 'x-csrf-token': _, ...cookieOnly } = agentLyon.session;
    const res = await agentLyon.app.request(`/api/v1/cases/${f1}`, {
      method: 'PATCH',
      headers: { ...cookieOnly, ...JSON_HEADERS },
      body: JSON.stringify({ status: 'in_progress' }),
    });
    expect(res.status).toBe(403);
    expect(ZError.parse(await res.json()).error.code).toBe('csrf');
  });
});

describe('notifications', () => {
  it('a new case in my team, a case assigned to me; read one, read all', async () => {
    const mine = await ok(ZNotificationList, agentLyon, 'GET', '/api/v1/notifications');
    expect(mine.unread).toBe(2);
    expect(mine.items.map((n) => [n.type, n.case.customerName, n.read])).toEqual([
      ['case.created', 'Zoé Martin', false],
      ['case.created', 'Hélène Dupont', false],
    ]);
    expect((await ok(ZNotificationList, agentChat, 'GET', '/api/v1/notifications')).items).toEqual([]);
    expect(
      (await ok(ZNotificationList, leadMkt, 'GET', '/api/v1/notifications')).items.map((n) => n.case.summary),
    ).toEqual(['complaint']);

    const f1 = caseOf(await queue(admin), 'f1').id;
    await ok(ZCaseDetail, leadSvc, 'PATCH', `/api/v1/cases/${f1}`, { owner_id: ids.agentLyon });
    const after = await ok(ZNotificationList, agentLyon, 'GET', '/api/v1/notifications?unread=true');
    expect(after.items.map((n) => n.type)).toEqual(['case.assigned', 'case.created', 'case.created']);
    const first = after.items[0]?.id ?? '';
    expect(
      await ok(ZNotificationsReadResult, agentLyon, 'POST', '/api/v1/notifications/read', { ids: [first] }),
    ).toEqual({ unread: 2 });
    // someone else's notification ids change nothing
    expect(
      await ok(ZNotificationsReadResult, agentLyon2, 'POST', '/api/v1/notifications/read', {
        ids: [after.items[1]?.id],
      }),
    ).toEqual({ unread: 2 });
    expect(
      await ok(ZNotificationsReadResult, agentLyon, 'POST', '/api/v1/notifications/read', { all: true }),
    ).toEqual({ unread: 0 });
    await refused(agentLyon, 'POST', '/api/v1/notifications/read', {}, 400);
    // paging
    const page = await ok(ZNotificationList, agentLyon, 'GET', '/api/v1/notifications?limit=2');
    expect(page.items).toHaveLength(2);
    const rest = await ok(
      ZNotificationList,
      agentLyon,
      'GET',
      `/api/v1/notifications?limit=2&before=${page.nextCursor}`,
    );
    expect(rest.items.map((n) => n.type)).toEqual(['case.created']);
    expect(rest.nextCursor).toBeNull();
  });
});

describe('the follow-up KPIs in the API', () => {
  // f1 closed in time (after 5 h), f2 closed late (after 30 h): 1 of 2 detractors followed up
  beforeEach(async () => {
    // sessions end 8 idle hours or 12 hours after sign-in: keep these ones alive across the
    // jump in time, as if signed in again on the second day
    await sql`update sessions set created_at = ${T0 + 24 * H}, expires_at = ${T0 + 100 * H}`.execute(
      database.db,
    );
    const q = await queue(admin);
    vi.setSystemTime(new Date(T0 + 5 * H));
    await ok(ZCaseDetail, leadSvc, 'PATCH', `/api/v1/cases/${caseOf(q, 'f1').id}`, {
      status: 'closed',
      root_cause: 'wait',
      resolution: 'Rappel',
    });
    vi.setSystemTime(new Date(T0 + 30 * H));
    await ok(ZCaseDetail, leadSvc, 'PATCH', `/api/v1/cases/${caseOf(q, 'f2').id}`, {
      status: 'closed',
      root_cause: 'website',
      resolution: 'Bug corrigé',
    });
    await ok(ZCaseDetail, leadMkt, 'PATCH', `/api/v1/cases/${caseOf(q, 'i1').id}`, {
      status: 'closed',
      root_cause: 'wait',
      resolution: 'Remboursé',
    });
  });
  const MARCH = 'from=2026-03-01&to=2026-04-01';

  it('GET /kpis: follow-up rate over detractor answers, time to close over closed cases', async () => {
    const k = await ok(
      ZKpiResponse,
      admin,
      'GET',
      `/api/v1/kpis?${MARCH}&kpis=follow_up_rate,time_to_close&compare=false`,
    );
    expect(k.total.follow_up_rate).toMatchObject({ value: 50, n: 2 });
    // 5 h, 30 h and 30 h (the complaint, opened at T0 and closed at T0 + 30 h)
    expect(k.total.time_to_close).toMatchObject({ value: (65 / 3) * 3600, n: 3 });
    const byTeam = await ok(
      ZKpiResponse,
      admin,
      'GET',
      `/api/v1/kpis?${MARCH}&kpis=follow_up_rate,time_to_close&groupBy=team&compare=false`,
    );
    const lyon = byTeam.groups.find((g) => g.key === 'lyon');
    const web = byTeam.groups.find((g) => g.key === 'web');
    expect(lyon?.kpis.follow_up_rate).toMatchObject({ value: 100, n: 1 });
    expect(web?.kpis.follow_up_rate).toMatchObject({ value: 0, n: 1 });
    expect(web?.kpis.time_to_close).toMatchObject({ value: 30 * 3600, n: 2 });
    // scoped: the Service client team lead sees only their teams' records
    const scoped = await ok(
      ZKpiResponse,
      leadSvc,
      'GET',
      `/api/v1/kpis?${MARCH}&kpis=follow_up_rate,time_to_close&compare=false`,
    );
    expect(scoped.total.follow_up_rate).toMatchObject({ value: 100, n: 1 });
    expect(scoped.total.time_to_close).toMatchObject({ value: 5 * 3600, n: 1 });
  });

  it('drill-down: the subsets add up to the KPI', async () => {
    const drill = (kpi: string, subset: string) =>
      ok(ZDrillResponse, admin, 'GET', `/api/v1/kpis/${kpi}/records?${MARCH}&subset=${subset}`);
    expect((await drill('follow_up_rate', 'detractors')).total).toBe(2);
    expect((await drill('follow_up_rate', 'followed_up')).items.map((i) => i.id)).toEqual(['f1']);
    const closed = await drill('time_to_close', 'closed');
    expect(closed.total).toBe(3);
    expect(closed.items.map((i) => (i.type === 'case' ? i.recordId : '')).sort()).toEqual(['f1', 'f2', 'i1']);
  });

  it('goals on the follow-up KPIs get their actual', async () => {
    for (const [kpi, target] of [
      ['follow_up_rate', 80],
      ['time_to_close', 86_400],
    ] as const)
      await ok(
        ZGoal,
        admin,
        'POST',
        '/api/v1/goals',
        { kpi, scope_type: 'team', scope_id: 'lyon', period: '2026-03', target },
        201,
      );
    const board = await ok(
      ZGoalStatusResponse,
      admin,
      'GET',
      '/api/v1/goals/status?period=2026-03&asOf=2026-03-31',
    );
    const goals = board.departments.flatMap((d) => d.goals);
    expect(goals.map((g) => [g.goal.kpi, g.actual, g.n, g.status])).toEqual([
      ['follow_up_rate', 100, 1, 'met'],
      ['time_to_close', 5 * 3600, 1, 'met'],
    ]);
  });

  it('the root-cause Pareto, with filters and scope', async () => {
    const p = await ok(ZRootCausePareto, admin, 'GET', `/api/v1/cases/root-causes?${MARCH}`);
    expect(p.items.map((i) => [i.code, i.count, Math.round(i.cumulative)])).toEqual([
      ['wait', 2, 67],
      ['website', 1, 100],
    ]);
    const site = await ok(
      ZRootCausePareto,
      admin,
      'GET',
      `/api/v1/cases/root-causes?${MARCH}&touchpoint=site`,
    );
    expect(site.items.map((i) => [i.code, i.count])).toEqual([
      ['wait', 1],
      ['website', 1],
    ]);
    const lead = await ok(ZRootCausePareto, leadSvc, 'GET', `/api/v1/cases/root-causes?${MARCH}`);
    expect(lead.items.map((i) => [i.code, i.count])).toEqual([['wait', 1]]);
    await refused(leadSvc, 'GET', `/api/v1/cases/root-causes?${MARCH}&department=mkt`, undefined, 403);
    const empty = await ok(
      ZRootCausePareto,
      admin,
      'GET',
      '/api/v1/cases/root-causes?from=2025-01-01&to=2025-02-01',
    );
    expect(empty).toMatchObject({ total: 0, items: [] });
  });
});
