/**
 * Alert rules through the API: admins manage every rule; team leads only rules that assign
 * cases to, and watch the records of, the teams of their department; agents and
 * executives none. Backfill on request. Every change in the audit trail.
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { ZAlertRule, ZAuditList, ZCaseList, ZRuleBackfillResult } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TestApp as App, createTestApp, ok, refused } from '../testing.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
let database: Database;
let admin: App;
let lead: App; // team lead of lyon → department svc (lyon, chat)

const RULE = {
  name: 'Attente au téléphone',
  target: 'feedback',
  conditions: [
    { kind: 'score_at_most', survey: 'csat', score: 2 },
    { kind: 'comment_contains', words: ['attente', 'rappel*'] },
  ],
  touchpoint_ids: ['phone'],
  assign_team_id: 'lyon',
  due_hours: 24,
};

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
  admin = await createTestApp({ database });
  lead = await createTestApp({ database }, 'team_lead', 'lyon');
});
afterEach(async () => {
  await database.close();
});

describe('alert rules', () => {
  it('an admin creates, reads, changes, lists and deletes a rule', async () => {
    const created = await ok(ZAlertRule, admin, 'POST', '/api/v1/alert-rules', RULE, 201);
    expect(created).toMatchObject({
      ...RULE,
      stages: null,
      team_ids: null,
      segments: null,
      assign_team_name: 'Centre Lyon',
      active: true,
      open_cases: 0,
      total_cases: 0,
    });
    expect(created.created_by).toMatch(/^test-admin-/);
    expect(await ok(ZAlertRule, admin, 'GET', `/api/v1/alert-rules/${created.id}`)).toEqual(created);
    const changed = await ok(ZAlertRule, admin, 'PATCH', `/api/v1/alert-rules/${created.id}`, {
      due_hours: 8,
      active: false,
    });
    expect(changed).toMatchObject({ due_hours: 8, active: false, name: RULE.name });
    expect((await ok(z.array(ZAlertRule), admin, 'GET', '/api/v1/alert-rules')).map((r) => r.id)).toEqual([
      created.id,
    ]);
    const res = await admin.request(`/api/v1/alert-rules/${created.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await ok(z.array(ZAlertRule), admin, 'GET', '/api/v1/alert-rules')).toEqual([]);
    await refused(admin, 'GET', `/api/v1/alert-rules/${created.id}`, undefined, 404);
    const trail = await ok(ZAuditList, admin, 'GET', '/api/v1/audit');
    expect(trail.items.map((e) => e.action).filter((a) => a.startsWith('rule.'))).toEqual([
      'rule.delete',
      'rule.update',
      'rule.create',
    ]);
  });

  it('refuses invalid rules, naming the field', async () => {
    const bad = async (change: Record<string, unknown>, field: string, status = 400) => {
      const e = await refused(admin, 'POST', '/api/v1/alert-rules', { ...RULE, ...change }, status);
      expect(
        e.details?.map((d) => d.field),
        JSON.stringify(e),
      ).toContain(field);
    };
    await bad({ assign_team_id: 'nowhere' }, 'assign_team_id');
    await bad({ touchpoint_ids: ['kiosque'] }, 'touchpoint_ids');
    await bad({ team_ids: ['nowhere'] }, 'team_ids');
    await bad({ conditions: [{ kind: 'wait_over_minutes', minutes: 5 }] }, 'conditions.0.kind');
    await bad({ conditions: [{ kind: 'score_at_most', survey: 'nps', score: 11 }] }, 'conditions.0.score');
    await bad({ due_hours: 0 }, 'due_hours');
    await bad({ stages: ['everywhere'] }, 'stages.0');
    const created = await ok(ZAlertRule, admin, 'POST', '/api/v1/alert-rules', RULE, 201);
    // a change is checked as a whole: an interaction rule with feedback conditions is refused
    const e = await refused(
      admin,
      'PATCH',
      `/api/v1/alert-rules/${created.id}`,
      { target: 'interaction' },
      400,
    );
    expect(e.details?.[0]?.field).toBe('conditions.0.kind');
    await refused(admin, 'PATCH', `/api/v1/alert-rules/${created.id}`, {}, 400);
  });

  it('a team lead manages the rules of their department’s teams, narrowed to those teams', async () => {
    const mine = await ok(
      ZAlertRule,
      lead,
      'POST',
      '/api/v1/alert-rules',
      { ...RULE, assign_team_id: 'chat' },
      201,
    );
    // a team lead's rule watches only the records of their teams: said in the rule itself
    expect(mine.team_ids).toEqual(['chat', 'lyon']);
    const outside = await refused(
      lead,
      'POST',
      '/api/v1/alert-rules',
      { ...RULE, assign_team_id: 'web' },
      403,
    );
    expect(outside.details).toEqual([
      { field: 'assign_team_id', reason: "team 'web' is outside your scope" },
    ]);
    await refused(lead, 'POST', '/api/v1/alert-rules', { ...RULE, team_ids: ['lyon', 'web'] }, 403);
    await refused(lead, 'PATCH', `/api/v1/alert-rules/${mine.id}`, { assign_team_id: 'web' }, 403);
    // an admin's rule for the marketing team is none of their business
    const theirs = await ok(
      ZAlertRule,
      admin,
      'POST',
      '/api/v1/alert-rules',
      { ...RULE, assign_team_id: 'web' },
      201,
    );
    expect((await ok(z.array(ZAlertRule), lead, 'GET', '/api/v1/alert-rules')).map((r) => r.id)).toEqual([
      mine.id,
    ]);
    // not found, like an unknown rule (auth/scoped-ids.test.ts)
    await refused(lead, 'GET', `/api/v1/alert-rules/${theirs.id}`, undefined, 404);
    await refused(lead, 'PATCH', `/api/v1/alert-rules/${theirs.id}`, { active: false }, 404);
    await refused(lead, 'DELETE', `/api/v1/alert-rules/${theirs.id}`, undefined, 404);
    expect((await ok(z.array(ZAlertRule), admin, 'GET', '/api/v1/alert-rules')).length).toBe(2);
  });

  it('agents and executives may not manage rules', async () => {
    for (const role of ['agent', 'executive'] as const) {
      const app = await createTestApp({ database }, role, role === 'agent' ? 'lyon' : null);
      await refused(app, 'GET', '/api/v1/alert-rules', undefined, 403);
      await refused(app, 'POST', '/api/v1/alert-rules', RULE, 403);
    }
  });

  it('applies to records arriving from its creation on; backfill opens the older ones’ cases on request', async () => {
    const detractor = {
      id: 'f1',
      customer_id: 'c1',
      touchpoint_id: 'phone',
      submitted_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      survey: 'csat',
      score: 1,
      comment: 'Toujours en attente de rappel',
    };
    const post = (records: unknown[]) =>
      admin.request('/api/v1/ingest/feedback', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ records }),
      });
    expect((await post([detractor])).status).toBe(200);
    const rule = await ok(ZAlertRule, admin, 'POST', '/api/v1/alert-rules', RULE, 201);
    expect((await ok(ZCaseList, admin, 'GET', '/api/v1/cases')).total).toBe(0);
    expect(
      await ok(ZRuleBackfillResult, admin, 'POST', `/api/v1/alert-rules/${rule.id}/backfill`, { days: 7 }),
    ).toEqual({
      examined: 1,
      created: 1,
    });
    expect(
      await ok(ZRuleBackfillResult, admin, 'POST', `/api/v1/alert-rules/${rule.id}/backfill`, { days: 7 }),
    ).toEqual({
      examined: 1,
      created: 0,
    });
    expect((await post([{ ...detractor, id: 'f2', submitted_at: new Date().toISOString() }])).status).toBe(
      200,
    );
    const q = await ok(ZCaseList, admin, 'GET', '/api/v1/cases');
    expect(q.items.map((c) => c.recordId).sort()).toEqual(['f1', 'f2']);
    expect((await ok(ZAlertRule, admin, 'GET', `/api/v1/alert-rules/${rule.id}`)).open_cases).toBe(2);
    await refused(admin, 'POST', `/api/v1/alert-rules/${rule.id}/backfill`, { days: 365 }, 400);
    await ok(ZAlertRule, admin, 'PATCH', `/api/v1/alert-rules/${rule.id}`, { active: false });
    await refused(admin, 'POST', `/api/v1/alert-rules/${rule.id}/backfill`, { days: 7 }, 400);
  });
});
