/**
 * Sign-in throttling (back-off per e-mail and address, per address, per e-mail; known
 * devices) and session lifetimes, on a pinned clock: no test waits for real time. Passwords
 * are checked by a stand-in for scrypt here (auth/access.test.ts signs in with the real
 * one): these tests make a hundred attempts, and scrypt is slow by design.
 */
import { createUser, type Database, updateUser } from '@parcours/db';
import { openTestDatabase } from '@parcours/db/testing';
import { ZError, ZSession } from '@parcours/domain';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import { DEVICE_COOKIE, SESSION_COOKIE } from '../auth/guard.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ATTEMPT_MEMORY_MS, FREE_ATTEMPTS, MAX_DELAY_MS } from '../auth/sign-in-throttle.ts';

vi.mock('../auth/passwords.ts', () => ({
  hashPassword: async (password: string) => `plain$${password}`,
  verifyPassword: async (password: string, stored: string) => stored === `plain$${password}`,
  UNUSABLE_HASH: 'unusable',
}));

const T0 = Date.UTC(2026, 2, 10, 9, 0, 0);
const H = 3_600_000;
const OWNER = 'lea@example.fr';
const RIGHT = 'correct horse battery';

let database: Database;
let app: ReturnType<typeof createApp>;
let now = T0;

function setNow(t: number) {
  now = t;
  vi.setSystemTime(new Date(t));
}
const advance = (ms: number) => setNow(now + ms);

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  setNow(T0);
  database = await openTestDatabase();
  app = createApp({ database, trustProxy: true });
  for (const email of [OWNER, 'marc@example.fr']) {
    await createUser(database.db, {
      email,
      name: email,
      role: 'executive',
      team_id: null,
      passwordHash: await hashPassword(RIGHT),
    });
  }
});
afterEach(async () => {
  vi.useRealTimers();
  await database.close();
});

type Attempt = { password?: string; email?: string; from?: string; device?: string | null };

function signIn({
  password = 'wrong password',
  email = OWNER,
  from = '203.0.113.1',
  device = null,
}: Attempt) {
  return app.request('/api/v1/session', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': from,
      ...(device ? { cookie: `${DEVICE_COOKIE}=${device}` } : {}),
    },
    body: JSON.stringify({ email, password }),
  });
}

/** The value of cookie `name` set by a response, with its attributes. */
function setCookie(res: Response, name: string): { value: string; attributes: string } | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return null;
  const [pair = '', ...rest] = line.split(';');
  return { value: pair.slice(name.length + 1), attributes: rest.join(';') };
}

/** Signs in with the right password from a device; the device cookie it is given. */
async function signInOnDevice(attempt: Attempt = {}): Promise<string> {
  const res = await signIn({ ...attempt, password: RIGHT });
  expect(res.status).toBe(200);
  const device = setCookie(res, DEVICE_COOKIE);
  if (!device) throw new Error('no device cookie');
  return device.value;
}

/** The Retry-After of a refused attempt, in seconds. */
async function refusedFor(attempt: Attempt): Promise<number> {
  const res = await signIn(attempt);
  expect(res.status).toBe(429);
  expect(ZError.parse(await res.json()).error.code).toBe('too_many_attempts');
  return Number(res.headers.get('retry-after'));
}

/** `n` wrong passwords, each sent as soon as it may be; the waits it was told, in seconds. */
async function hammer(n: number, attempt: Attempt = {}): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < n; i++) {
    let res = await signIn(attempt);
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after'));
      waits.push(seconds);
      advance(seconds * 1000);
      res = await signIn(attempt);
    }
    expect(res.status).toBe(401);
  }
  return waits;
}

describe('sign-in throttling', () => {
  it('an address guessing one e-mail waits 1 s, 2 s, 4 s … up to 15 minutes; then the right password works', async () => {
    // a few typos cost nothing
    expect(await hammer(FREE_ATTEMPTS.pair)).toEqual([]);
    expect(await hammer(12)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    // the right password does not skip the wait…
    expect(await refusedFor({ password: RIGHT })).toBe(MAX_DELAY_MS / 1000);
    advance(MAX_DELAY_MS - 1000);
    expect(await refusedFor({ password: RIGHT })).toBe(1);
    // …which ends: this is a delay, not a lockout
    advance(1000);
    expect((await signIn({ password: RIGHT })).status).toBe(200);
  });

  it('an unknown e-mail is made to wait exactly like a known one', async () => {
    const known = await hammer(FREE_ATTEMPTS.pair + 4);
    const unknown = await hammer(FREE_ATTEMPTS.pair + 4, { email: 'nobody@example.fr' });
    expect(known).toEqual([1, 2, 4, 8]);
    expect(unknown).toEqual(known);
  });

  it('the owner signs in at once from a known device, even at the attacked address, or from another address', async () => {
    const device = await signInOnDevice({ from: '198.51.100.7' });
    await hammer(15, { from: '203.0.113.1' });
    expect(await refusedFor({ from: '203.0.113.1', password: RIGHT })).toBeGreaterThan(60);
    // the owner's laptop on the same network as the attacker: only its own failures count
    expect((await signIn({ from: '203.0.113.1', device, password: RIGHT })).status).toBe(200);
    // the owner on a new device elsewhere: that address has no failures
    expect((await signIn({ from: '192.0.2.50', password: RIGHT })).status).toBe(200);
    // the attacker still waits
    expect(await refusedFor({ from: '203.0.113.1' })).toBeGreaterThan(60);
  });

  it("another user's known device, or a forged one, is an unknown device", async () => {
    const marcs = await signInOnDevice({ email: 'marc@example.fr' });
    await hammer(FREE_ATTEMPTS.pair + 1);
    for (const device of [marcs, 'forged-device-secret'])
      expect(await refusedFor({ device, password: RIGHT })).toBeGreaterThan(0);
  });

  it('a right password resets the count of that e-mail and address only', async () => {
    const attacker = '203.0.113.1';
    const other = '203.0.113.2';
    await hammer(FREE_ATTEMPTS.pair + 2, { from: attacker });
    await hammer(FREE_ATTEMPTS.pair + 2, { from: other });
    const wait = await refusedFor({ from: attacker, password: RIGHT });
    advance(wait * 1000);
    expect((await signIn({ from: attacker, password: RIGHT })).status).toBe(200);
    // that pair starts afresh: its typos are free again
    expect(await hammer(FREE_ATTEMPTS.pair, { from: attacker })).toEqual([]);
    // the other address still waits: its count is its own
    expect(await refusedFor({ from: other })).toBeGreaterThan(0);
  });

  it('one address trying many e-mails is slowed down, and signing into its own account does not reset that', async () => {
    const from = '203.0.113.9';
    for (let i = 0; i < FREE_ATTEMPTS.address; i++)
      expect((await signIn({ from, email: `victim${i}@example.fr` })).status).toBe(401);
    expect(await refusedFor({ from, email: 'victim-next@example.fr' })).toBe(1);
    advance(1000);
    // the attacker's own account, from the same address
    expect((await signIn({ from, email: 'marc@example.fr', password: RIGHT })).status).toBe(200);
    expect((await signIn({ from, email: 'victim-next@example.fr' })).status).toBe(401);
    expect(await refusedFor({ from, email: 'victim-last@example.fr' })).toBe(2);
  });

  it('guessing spread over many addresses slows every unknown device, never the known one', async () => {
    const device = await signInOnDevice({ from: '198.51.100.7' });
    // each address stays within its free typos: only the e-mail's count across addresses grows
    for (let i = 0; i < FREE_ATTEMPTS.email; i++)
      expect((await signIn({ from: `10.0.${Math.floor(i / FREE_ATTEMPTS.pair)}.1` })).status).toBe(401);
    expect(await refusedFor({ from: '10.9.9.9', password: RIGHT })).toBe(1);
    expect((await signIn({ from: '10.9.9.9', device, password: RIGHT })).status).toBe(200);
    // a delay, not a lock: once it has passed, an unknown device may try again
    advance(1000);
    expect((await signIn({ from: '10.9.9.9', password: RIGHT })).status).toBe(200);
  });

  it('attempts sent at the same moment cannot share one wait', async () => {
    await hammer(FREE_ATTEMPTS.pair);
    // the next attempt may come in a second: ten come at once then
    advance(1000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => signIn({})));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9);
  });

  it('attempts are forgotten after a day, and their rows pruned', async () => {
    await hammer(FREE_ATTEMPTS.pair + 3);
    expect(await refusedFor({})).toBe(8);
    advance(ATTEMPT_MEMORY_MS + 1);
    expect(await hammer(FREE_ATTEMPTS.pair)).toEqual([]);
    const rows = await database.db
      .selectFrom('sign_in_attempts')
      .select([sql<number>`count(*)`.as('n'), sql<number>`min(at)`.as('oldest')])
      .executeTakeFirstOrThrow();
    // the three attempts of today, each counted for its pair, its address and its e-mail
    expect(Number(rows.n)).toBe(FREE_ATTEMPTS.pair * 3);
    expect(Number(rows.oldest)).toBeGreaterThan(T0 + ATTEMPT_MEMORY_MS);
  });
});

describe('known devices', () => {
  it('the device cookie is HTTP-only, strict, for the sign-in route, and renewed at each sign-in', async () => {
    const res = await signIn({ password: RIGHT });
    const cookie = setCookie(res, DEVICE_COOKIE);
    expect(cookie?.attributes).toMatch(/HttpOnly/i);
    expect(cookie?.attributes).toMatch(/SameSite=Strict/i);
    expect(cookie?.attributes).toMatch(/Path=\/api\/v1\/session/);
    const stored = await database.db.selectFrom('known_devices').select('id_hash').execute();
    expect(stored.map((d) => d.id_hash)).not.toContain(cookie?.value);

    const first = cookie?.value ?? '';
    const second = await signInOnDevice({ device: first });
    expect(second).not.toBe(first);
    await hammer(FREE_ATTEMPTS.pair + 1);
    // the old secret stopped working, the new one is the known device
    expect(await refusedFor({ device: first, password: RIGHT })).toBeGreaterThan(0);
    expect((await signIn({ device: second, password: RIGHT })).status).toBe(200);
  });

  it("a known device waits after its own failures, and a password change forgets the user's devices", async () => {
    const device = await signInOnDevice();
    expect(await hammer(FREE_ATTEMPTS.pair + 2, { device })).toEqual([1, 2]);
    expect(await refusedFor({ device, password: RIGHT })).toBe(4);
    advance(4000);
    const renewed = await signInOnDevice({ device });

    const owner = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', OWNER)
      .executeTakeFirstOrThrow();
    await updateUser(database.db, owner.id, { passwordHash: await hashPassword('a brand new password') });
    await hammer(FREE_ATTEMPTS.pair + 1);
    expect(await refusedFor({ device: renewed, password: 'a brand new password' })).toBeGreaterThan(0);
  });
});

describe('session lifetime', () => {
  async function sessionCookie(res: Response): Promise<string> {
    expect(res.status).toBe(200);
    const cookie = setCookie(res, SESSION_COOKIE);
    if (!cookie) throw new Error('no session cookie');
    return `${SESSION_COOKIE}=${cookie.value}`;
  }
  const whoAmI = (cookie: string) => app.request('/api/v1/session', { headers: { cookie } });

  it('slides with activity, but ends 12 hours after sign-in whatever the activity', async () => {
    const cookie = await sessionCookie(await signIn({ password: RIGHT }));
    for (let hour = 2; hour < 12; hour += 2) {
      setNow(T0 + hour * H);
      const res = await whoAmI(cookie);
      expect(res.status, `after ${hour} h`).toBe(200);
      const { expiresAt } = ZSession.parse(await res.json());
      // 8 h from now, but never past the 12th hour
      expect(Date.parse(expiresAt)).toBe(Math.min(now + 8 * H, T0 + 12 * H));
    }
    setNow(T0 + 12 * H - 1);
    expect((await whoAmI(cookie)).status).toBe(200);
    setNow(T0 + 12 * H);
    const ended = await whoAmI(cookie);
    expect(ended.status).toBe(401);
    expect(ZError.parse(await ended.json()).error.message).toMatch(/expired/);
  });

  it('ends after 8 idle hours', async () => {
    const used = await sessionCookie(await signIn({ password: RIGHT }));
    const idle = await sessionCookie(await signIn({ password: RIGHT }));
    setNow(T0 + 8 * H - 1);
    expect((await whoAmI(used)).status).toBe(200);
    setNow(T0 + 8 * H);
    expect((await whoAmI(used)).status).toBe(200);
    expect((await whoAmI(idle)).status).toBe(401);
  });

  it('takes the configured lifetimes, the cookie included', async () => {
    app = createApp({ database, trustProxy: true, session: { idleMs: 30 * 60_000, absoluteMs: 2 * H } });
    const res = await signIn({ password: RIGHT });
    expect(setCookie(res, SESSION_COOKIE)?.attributes).toMatch(/Max-Age=7200/);
    const cookie = await sessionCookie(res);
    setNow(T0 + 25 * 60_000);
    expect((await whoAmI(cookie)).status).toBe(200);
    setNow(T0 + 50 * 60_000);
    expect((await whoAmI(cookie)).status).toBe(200);
    setNow(T0 + 81 * 60_000);
    expect((await whoAmI(cookie)).status).toBe(401);
    // and the absolute end, with activity every 25 minutes
    const again = await sessionCookie(await signIn({ password: RIGHT }));
    const start = now;
    for (let t = 25; t < 120; t += 25) {
      setNow(start + t * 60_000);
      expect((await whoAmI(again)).status).toBe(200);
    }
    setNow(start + 2 * H);
    expect((await whoAmI(again)).status).toBe(401);
  });
});
