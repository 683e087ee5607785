/**
 * The demo's accounts: created by the demo seed, printed by `serve` and offered on the sign-in
 * page, but only while they are still the demo's. An account counts as a demo account when
 * it exists, is enabled and its stored hash still matches the published password, so a demo
 * database whose passwords were changed, and any other database, offers nothing.
 */
import { type DB, findUserByEmail } from '@parcours/db';
import type { DemoAccount } from '@parcours/domain';
import type { Kysely } from 'kysely';
import { verifyPassword } from './auth/passwords.ts';

/** One demo user per role (demo only: the README, the start-up log and the sign-in page give these passwords to everyone). */
export const DEMO_USERS = [
  {
    email: 'admin@parcours.demo',
    name: 'Camille Admin',
    role: 'admin',
    team_id: null,
    password: 'demo-admin-2026',
  },
  {
    email: 'direction@parcours.demo',
    name: 'Hélène Direction',
    role: 'executive',
    team_id: null,
    password: 'demo-direction-2026',
  },
  {
    email: 'responsable@parcours.demo',
    name: 'Karim Responsable',
    role: 'team_lead',
    team_id: 'sc-lyon',
    password: 'demo-lead-2026',
  },
  {
    email: 'agent@parcours.demo',
    name: 'Léa Agent',
    role: 'agent',
    team_id: 'sc-chat',
    password: 'demo-agent-2026',
  },
] as const;

/** Verdicts by email and stored hash: a hash is checked once, not on every visit of the sign-in page. */
const verdicts = new Map<string, boolean>();

export async function demoAccounts(db: Kysely<DB>): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const demo of DEMO_USERS) {
    const user = await findUserByEmail(db, demo.email);
    if (!user || user.disabled_at !== null) continue;
    const key = `${demo.email}\n${user.password_hash}`;
    let valid = verdicts.get(key);
    if (valid === undefined) {
      valid = await verifyPassword(demo.password, user.password_hash);
      if (verdicts.size > 64) verdicts.clear();
      verdicts.set(key, valid);
    }
    if (valid) {
      accounts.push({
        email: demo.email,
        password: demo.password,
        name: user.name,
        role: demo.role,
        team_id: demo.team_id,
      });
    }
  }
  return accounts;
}
