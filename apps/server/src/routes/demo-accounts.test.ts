/**
 * The demo's accounts on the sign-in page: offered on a demo database only, and only those
 * still enabled with their published password, to anyone (they are in the README).
 */
import { createUser, type Database, findUserByEmail, updateUser } from '@parcours/db';
import { openTestDatabase, seedOrganisation } from '@parcours/db/testing';
import { ZDemoAccounts } from '@parcours/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_USERS } from '../demo-accounts.ts';

let database: Database;

beforeEach(async () => {
  database = await openTestDatabase();
  await seedOrganisation(database);
});
afterEach(async () => {
  await database.close();
});

/** the demo's users as the demo seed creates them (teams of the test organisation) */
async function createDemoUsers(): Promise<void> {
  for (const { password, ...user } of DEMO_USERS) {
    const team_id = user.team_id === null ? null : user.role === 'agent' ? 'chat' : 'lyon';
    await createUser(database.db, { ...user, team_id, passwordHash: await hashPassword(password) });
  }
}

async function offered(): Promise<string[]> {
  const res = await createApp({ database }).request('/api/v1/demo-accounts');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ZDemoAccounts.parse(await res.json()).accounts.map((a) => a.email);
}

describe('GET /api/v1/demo-accounts', () => {
  it('is empty on a database that is not the demo', async () => {
    expect(await offered()).toEqual([]);
  });

  it('offers every demo account, signed out, with the password that signs it in', async () => {
    await createDemoUsers();
    const res = await createApp({ database }).request('/api/v1/demo-accounts');
    const { accounts } = ZDemoAccounts.parse(await res.json());
    expect(accounts.map((a) => a.role)).toEqual(['admin', 'executive', 'team_lead', 'agent']);
    const lead = accounts.find((a) => a.role === 'team_lead');
    if (!lead) throw new Error('no team lead offered');
    const login = await createApp({ database }).request('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: lead.email, password: lead.password }),
    });
    expect(login.status).toBe(200);
  });

  it('stops offering an account whose password was changed, or that was disabled', async () => {
    await createDemoUsers();
    const [admin, executive] = DEMO_USERS;
    const first = await findUserByEmail(database.db, admin.email);
    const second = await findUserByEmail(database.db, executive.email);
    if (!first || !second) throw new Error('the demo users were not created');
    // seen once with the demo password: the verdict is cached by hash, so a change must show
    expect(await offered()).toContain(admin.email);
    await updateUser(database.db, first.id, { passwordHash: await hashPassword('a private password 42') });
    await updateUser(database.db, second.id, { disabled: true });
    const now = await offered();
    expect(now).not.toContain(admin.email);
    expect(now).not.toContain(executive.email);
    expect(now).toHaveLength(DEMO_USERS.length - 2);
  });
});
