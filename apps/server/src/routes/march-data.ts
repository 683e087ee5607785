/**
 * The small March 2026 data set the KPI, drill-down and goal route suites share: every
 * expected number in those suites is computed by hand from the table below.
 */
import type { Database } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../testing.ts';

// ── the data set (organisation time zone UTC unless said otherwise) ────────────────────
//
// Org (seedOrganisation + one physical store):
//   svc "Service client": teams lyon "Centre Lyon", chat "Support chat"
//   mkt "Marketing":      team web "Acquisition web"
//   touchpoints phone (lyon, channel phone, service, owned, digital)
//               livechat (chat, channel chat, service, owned, digital)
//               site (web, channel web, purchase, owned, digital)
//               reviews (web, channel review, loyalty, earned, digital)
//               store (web, channel store, purchase, paid, physical)
//   customers c1 Premium/Bretagne acq 2024-01-10 · c2 Particulier/Bretagne churned 2026-02-10
//             c3 Particulier/Occitanie acq 2025-06-01 · c4 Professionnel/Occitanie churns 2026-03-20
//             c5 (no segment/region) acq 2026-02-01 · c6 Premium/Grand Est, no acquired_at
export const STORE = {
  id: 'store',
  name: 'Boutique Rennes',
  channel: 'store',
  stage: 'purchase',
  media: 'paid',
  presence: 'physical',
  team_id: 'web',
};
export const x = (
  id: string,
  customer_id: string,
  touchpoint_id: string,
  occurred_at: string,
  kind: string,
  extra: Record<string, unknown> = {},
) => ({ id, customer_id, touchpoint_id, occurred_at, kind, ...extra });
export const fb = (
  id: string,
  customer_id: string,
  touchpoint_id: string,
  submitted_at: string,
  survey: string,
  score: number,
  extra: Record<string, unknown> = {},
) => ({ id, customer_id, touchpoint_id, submitted_at, survey, score, ...extra });

//  id   cust tp        team  day    kind       wait  resolution     abandoned converted revenue
//  p1   c1   phone     lyon  02-10  contact    600   7200 s         true
//  p2   c3   site      web   02-15  purchase                                  false     20
//  i1   c1   phone     lyon  03-02  contact    60    3600 s         false
//  i2   c1   livechat  chat  03-03  complaint  30    172800 s       true
//  i3   c3   phone     chat  03-04  contact    120   (open)         false      ← team override
//  i4   c3   site      web   03-05  purchase                                  true      100
//  i5   c4   site      web   03-06  visit                                     false
//  i6   c5   store     web   03-07  purchase                                  true      250.5
//  i7   c5   store     web   03-10  return
//  i8   c6   livechat  chat  03-12  complaint  90    1800 s         false
//  i9   c4   phone     lyon  03-15  contact    300   (open)         true
//  i10  c2   site      web   03-16  purchase                                  true      40
//  i11  c1   phone     lyon  03-20  contact          1209600 s (resolved 04-03: open at 1 April)
export const INTERACTIONS = [
  x('p1', 'c1', 'phone', '2026-02-10T09:00:00Z', 'contact', {
    wait_seconds: 600,
    resolved_at: '2026-02-10T11:00:00Z',
    abandoned: true,
  }),
  x('p2', 'c3', 'site', '2026-02-15T10:00:00Z', 'purchase', { converted: false, revenue: 20 }),
  x('i1', 'c1', 'phone', '2026-03-02T09:00:00Z', 'contact', {
    wait_seconds: 60,
    resolved_at: '2026-03-02T10:00:00Z',
    abandoned: false,
  }),
  x('i2', 'c1', 'livechat', '2026-03-03T10:00:00Z', 'complaint', {
    wait_seconds: 30,
    resolved_at: '2026-03-05T10:00:00Z',
    abandoned: true,
  }),
  x('i3', 'c3', 'phone', '2026-03-04T08:00:00Z', 'contact', {
    team_id: 'chat',
    wait_seconds: 120,
    abandoned: false,
  }),
  x('i4', 'c3', 'site', '2026-03-05T12:00:00Z', 'purchase', { converted: true, revenue: 100 }),
  x('i5', 'c4', 'site', '2026-03-06T12:00:00Z', 'visit', { converted: false }),
  x('i6', 'c5', 'store', '2026-03-07T15:00:00Z', 'purchase', { converted: true, revenue: 250.5 }),
  x('i7', 'c5', 'store', '2026-03-10T15:00:00Z', 'return'),
  x('i8', 'c6', 'livechat', '2026-03-12T09:00:00Z', 'complaint', {
    wait_seconds: 90,
    resolved_at: '2026-03-12T09:30:00Z',
    abandoned: false,
  }),
  x('i9', 'c4', 'phone', '2026-03-15T09:00:00Z', 'contact', { wait_seconds: 300, abandoned: true }),
  x('i10', 'c2', 'site', '2026-03-16T10:00:00Z', 'purchase', { converted: true, revenue: 40 }),
  x('i11', 'c1', 'phone', '2026-03-20T09:00:00Z', 'contact', { resolved_at: '2026-04-03T09:00:00Z' }),
];
//  id   cust tp        team  day    survey score mode
//  pf1  c1   phone     lyon  02-10  nps    2
//  pf2  c3   site      web   02-15  csat   5
//  f1   c1   phone     lyon  03-02  nps    10    (interaction i1)
//  f2   c3   phone     chat  03-04  nps    3     (interaction i3: the chat team)
//  f3   c4   site      web   03-06  nps    8     relational
//  f4   c5   store     web   03-07  nps    9
//  f5   c6   livechat  chat  03-12  csat   5
//  f6   c1   livechat  chat  03-03  csat   2     (interaction i2)
//  f7   c2   site      web   03-16  csat   4     relational
//  f8   c4   phone     lyon  03-15  ces    6
//  f9   c3   reviews   web   03-20  ces    3     relational
//  f10  c6   reviews   web   03-21  nps    6     relational
export const FEEDBACK = [
  fb('pf1', 'c1', 'phone', '2026-02-10T12:00:00Z', 'nps', 2),
  fb('pf2', 'c3', 'site', '2026-02-15T11:00:00Z', 'csat', 5),
  fb('f1', 'c1', 'phone', '2026-03-02T12:00:00Z', 'nps', 10, { interaction_id: 'i1' }),
  fb('f2', 'c3', 'phone', '2026-03-04T09:00:00Z', 'nps', 3, { interaction_id: 'i3' }),
  fb('f3', 'c4', 'site', '2026-03-06T13:00:00Z', 'nps', 8, { mode: 'relational' }),
  fb('f4', 'c5', 'store', '2026-03-07T16:00:00Z', 'nps', 9),
  fb('f5', 'c6', 'livechat', '2026-03-12T10:00:00Z', 'csat', 5),
  fb('f6', 'c1', 'livechat', '2026-03-03T11:00:00Z', 'csat', 2, { interaction_id: 'i2' }),
  fb('f7', 'c2', 'site', '2026-03-16T11:00:00Z', 'csat', 4, { mode: 'relational' }),
  fb('f8', 'c4', 'phone', '2026-03-15T10:00:00Z', 'ces', 6),
  fb('f9', 'c3', 'reviews', '2026-03-20T10:00:00Z', 'ces', 3, { mode: 'relational' }),
  fb('f10', 'c6', 'reviews', '2026-03-21T10:00:00Z', 'nps', 6, { mode: 'relational' }),
];

/** A fresh database with the organisation and the data set ingested, and an admin app on it. */
export async function openMarchApp(): Promise<{ database: Database; app: TestApp }> {
  const database = await openTestDatabase();
  await seedOrganisation(database);
  const app = await createTestApp({ database });
  for (const [kind, records] of [
    ['touchpoints', [STORE]],
    ['interactions', INTERACTIONS],
    ['feedback', FEEDBACK],
  ] as const) {
    const res = await app.request(`/api/v1/ingest/${kind}`, {
      method: 'POST',
      body: JSON.stringify({ records }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return { database, app };
}
