/**
 * Loads the deterministic demo company through the same writer as the ingestion API:
 * reference data, customers, then interactions and feedback batch by batch, then goals.
 */
import {
  createGoal,
  createRule,
  createUser,
  type Database,
  ingest,
  settleDemoCases,
  updateSettings,
} from '@parcours/db';
import { type DemoOptions, generateDemo } from '@parcours/demo';
import type { AlertRuleInput } from '@parcours/domain';
import { DateTime } from 'luxon';
import { hashPassword } from './auth/passwords.ts';
import { DEMO_USERS } from './demo-accounts.ts';

export const DEMO_SIZES = {
  small: { customers: 2_000, interactions: 20_000 },
  default: { customers: 20_000, interactions: 200_000 },
  large: { customers: 100_000, interactions: 1_000_000 },
} as const;
export type DemoSize = keyof typeof DEMO_SIZES;

/**
 * The demo's alert rules, created before the records arrive so that ingestion opens their
 * cases (rules are not retroactive, decision 007).
 */
export const DEMO_RULES: AlertRuleInput[] = [
  {
    name: "Détracteurs NPS — Centre d'appels",
    target: 'feedback',
    conditions: [{ kind: 'score_at_most', survey: 'nps', score: 6 }],
    touchpoint_ids: ['tp-centre-appels'],
    stages: null,
    team_ids: null,
    segments: null,
    assign_team_id: 'sc-lyon',
    due_hours: 48,
    active: true,
  },
  {
    name: "CSAT très insatisfait — Centre d'appels",
    target: 'feedback',
    conditions: [{ kind: 'score_at_most', survey: 'csat', score: 2 }],
    touchpoint_ids: ['tp-centre-appels'],
    stages: null,
    team_ids: null,
    segments: null,
    assign_team_id: 'sc-lyon',
    due_hours: 48,
    active: true,
  },
  {
    name: 'CSAT très insatisfait — Courriels et courriers',
    target: 'feedback',
    conditions: [{ kind: 'score_at_most', survey: 'csat', score: 2 }],
    touchpoint_ids: ['tp-email', 'tp-courrier'],
    stages: null,
    team_ids: null,
    segments: null,
    assign_team_id: 'sc-ecrit',
    due_hours: 72,
    active: true,
  },
  {
    name: 'Réclamations application mobile',
    target: 'interaction',
    conditions: [{ kind: 'interaction_kind', kinds: ['complaint'] }],
    touchpoint_ids: ['tp-application-mobile', 'tp-achat-application'],
    stages: null,
    team_ids: null,
    segments: null,
    assign_team_id: 'it-mobile',
    due_hours: 120,
    active: true,
  },
  {
    name: 'Mots sensibles — remboursement, arnaque',
    target: 'feedback',
    // "Remboursement reçu en quelques jours !" is praise: only an answer that is not satisfied counts
    conditions: [
      { kind: 'comment_contains', words: ['remboursement', 'rembourser', 'arnaque', 'scandale*'] },
      { kind: 'not_satisfied' },
    ],
    touchpoint_ids: null,
    stages: null,
    team_ids: null,
    segments: null,
    assign_team_id: 'sc-chat',
    due_hours: 24,
    active: true,
  },
];

export async function seedDemo(
  database: Database,
  size: DemoSize = 'default',
  options: Partial<DemoOptions> = {},
  log: (line: string) => void = () => {},
): Promise<{ interactions: number; feedback: number; goals: number; ms: number }> {
  const started = performance.now();
  await updateSettings(database, { name: 'Maison Lumière', time_zone: 'Europe/Paris', currency: 'EUR' });
  const endDate = options.endDate ?? (DateTime.now().setZone('Europe/Paris').toISODate() as string);
  const demo = generateDemo({ ...DEMO_SIZES[size], timeZone: 'Europe/Paris', ...options, endDate });
  await ingest(database, 'departments', demo.departments);
  await ingest(database, 'teams', demo.teams);
  await ingest(database, 'touchpoints', demo.touchpoints);
  for (let i = 0; i < demo.customers.length; i += 10_000) {
    await ingest(database, 'customers', demo.customers.slice(i, i + 10_000));
  }
  for (const rule of DEMO_RULES) await createRule(database.db, rule, { email: null, scope: { kind: 'all' } });
  let interactions = 0;
  let feedback = 0;
  for (const batch of demo.recordBatches()) {
    await ingest(database, batch.kind, batch.records);
    if (batch.kind === 'interactions') interactions += batch.records.length;
    else feedback += batch.records.length;
    if (batch.kind === 'interactions' && interactions % 100_000 < batch.records.length)
      log(`  ${interactions.toLocaleString('en')} interactions…`);
  }
  for (const goal of demo.goals) await createGoal(database.db, goal);
  for (const { password, ...user } of DEMO_USERS) {
    await createUser(database.db, { ...user, passwordHash: await hashPassword(password) });
  }
  // demo only: a believable case history (see packages/db/src/closed-loop/demo-history.ts)
  const endOfDemo = DateTime.fromISO(endDate, { zone: 'Europe/Paris' }).endOf('day').toMillis();
  await settleDemoCases(database, Math.min(Date.now(), endOfDemo));
  return { interactions, feedback, goals: demo.goals.length, ms: performance.now() - started };
}
