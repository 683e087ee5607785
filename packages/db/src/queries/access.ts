/**
 * Accounts, sessions, API tokens and the audit trail (sign-in throttling: sign-in.ts).
 * Secrets (session ids, tokens) are stored as SHA-256 hashes; passwords arrive already
 * hashed (scrypt, in the server). Everything lives in the database, so any number of server
 * processes share it.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  type AUDIT_ACTIONS,
  type Role,
  type Scope,
  scopeOf,
  toIso,
  type User,
  type UserInput,
  type UserPatch,
} from '@parcours/domain';
import { type Kysely, sql } from 'kysely';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { ApiTokenRow, DB, UserRow } from '../schema.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

export type Principal = {
  user: User;
  scope: Scope;
  session: { idHash: string; csrfToken: string; expiresAt: number };
};

async function departmentOf(db: Kysely<DB>, teamId: string | null): Promise<string | null> {
  if (!teamId) return null;
  const team = await db
    .selectFrom('teams')
    .select('department_id')
    .where('id', '=', teamId)
    .executeTakeFirst();
  return team?.department_id ?? null;
}

async function toUser(db: Kysely<DB>, row: UserRow): Promise<User> {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    team_id: row.team_id,
    department_id: await departmentOf(db, row.team_id),
    disabled: row.disabled_at !== null,
    created_at: toIso(row.created_at),
  };
}

// ── users ──────────────────────────────────────────────────────────────────────────────
export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

async function checkTeam(db: Kysely<DB>, teamId: string | null | undefined) {
  if (!teamId) return;
  const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team)
    throw new InvalidInputError('the user is invalid', [
      { field: 'team_id', reason: `unknown team '${teamId}'` },
    ]);
}

export async function createUser(
  db: Kysely<DB>,
  input: Omit<UserInput, 'password'> & { passwordHash: string },
): Promise<User> {
  await checkTeam(db, input.team_id);
  if (await findUserByEmail(db, input.email)) {
    throw new InvalidInputError('the user is invalid', [
      { field: 'email', reason: 'is already used by another user' },
    ]);
  }
  const now = Date.now();
  const row: UserRow = {
    id: crypto.randomUUID(),
    email: input.email,
    name: input.name,
    role: input.role,
    team_id: input.team_id,
    password_hash: input.passwordHash,
    disabled_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('users').values(row).execute();
  return toUser(db, row);
}

export async function listUsers(db: Kysely<DB>): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  return Promise.all(rows.map((r) => toUser(db, r)));
}

export async function getUser(db: Kysely<DB>, id: string): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no user '${id}'`);
  return toUser(db, row);
}

export async function updateUser(
  db: Kysely<DB>,
  id: string,
  patch: Omit<UserPatch, 'password'> & { passwordHash?: string },
): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no user '${id}'`);
  await checkTeam(db, patch.team_id);
  const role = patch.role ?? row.role;
  const team = patch.team_id !== undefined ? patch.team_id : row.team_id;
  if ((role === 'team_lead' || role === 'agent') && !team) {
    throw new InvalidInputError('the user is invalid', [
      { field: 'team_id', reason: `is required for ${role === 'agent' ? 'an agent' : 'a team lead'}` },
    ]);
  }
  await db
    .updateTable('users')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.team_id !== undefined ? { team_id: patch.team_id } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      ...(patch.disabled !== undefined ? { disabled_at: patch.disabled ? Date.now() : null } : {}),
      updated_at: Date.now(),
    })
    .where('id', '=', id)
    .execute();
  // a disabled user, a new role or a new password ends every open session
  if (
    patch.disabled ||
    patch.role !== undefined ||
    patch.passwordHash !== undefined ||
    patch.team_id !== undefined
  ) {
    await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  }
  // a device known under the old password (perhaps the thief's) must earn its place again
  if (patch.disabled || patch.passwordHash !== undefined) {
    await db.deleteFrom('known_devices').where('user_id', '=', id).execute();
  }
  return getUser(db, id);
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

// ── sessions ───────────────────────────────────────────────────────────────────────────
/**
 * How long a session lasts: it ends after `idleMs` without a request (each request slides
 * that), and `absoluteMs` after sign-in whatever the activity.
 */
export type SessionLifetime = { idleMs: number; absoluteMs: number };
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = {
  idleMs: 8 * 3_600_000,
  absoluteMs: 12 * 3_600_000,
};

/** When a session created at `createdAt` ends if it sees a request `now`. */
const sessionEnd = (createdAt: number, now: number, lifetime: SessionLifetime) =>
  Math.min(now + lifetime.idleMs, createdAt + lifetime.absoluteMs);

export async function createSession(
  db: Kysely<DB>,
  userId: string,
  lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME,
): Promise<{ id: string; csrfToken: string; expiresAt: number }> {
  const id = secret(32);
  const csrfToken = secret(24);
  const now = Date.now();
  const expiresAt = sessionEnd(now, now, lifetime);
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256(id),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  // housekeeping: ended sessions of anyone go (a shorter lifetime may end some early)
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('created_at', '<=', now - lifetime.absoluteMs)]))
    .execute();
  return { id, csrfToken, expiresAt };
}

/** The principal behind a session id, sliding its expiry; null when unknown, ended or disabled. */
export async function principalOfSession(
  db: Kysely<DB>,
  sessionId: string,
  lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME,
): Promise<Principal | null> {
  const idHash = sha256(sessionId);
  const now = Date.now();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.created_at as session_created_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.disabled_at !== null) return null;
  // the absolute end is computed from the sign-in time, so a lifetime shortened since (or a
  // session stored before there was one) ends on time too
  const expiresAt = sessionEnd(row.session_created_at, now, lifetime);
  if (row.expires_at <= now || expiresAt <= now) return null;
  // slide the expiry at most once a minute: reads stay reads
  if (expiresAt - row.expires_at > 60_000) {
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  }
  const user = await toUser(db, row);
  return {
    user,
    scope: scopeOf(user.role, user.team_id, user.department_id),
    session: { idHash, csrfToken: row.csrf_token, expiresAt },
  };
}

export async function endSession(db: Kysely<DB>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

// ── API tokens ─────────────────────────────────────────────────────────────────────────
const TOKEN_PREFIX = 'pct_';

function tokenView(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: 'ingest' as const,
    created_by: row.created_by,
    created_at: toIso(row.created_at),
    last_used_at: row.last_used_at === null ? null : toIso(row.last_used_at),
    revoked_at: row.revoked_at === null ? null : toIso(row.revoked_at),
  };
}

export async function createToken(db: Kysely<DB>, name: string, createdBy: string) {
  const token = `${TOKEN_PREFIX}${secret(32)}`;
  const row: ApiTokenRow = {
    id: crypto.randomUUID(),
    name,
    token_hash: sha256(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    scope: 'ingest',
    created_by: createdBy,
    created_at: Date.now(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { ...tokenView(row), token };
}

export async function listTokens(db: Kysely<DB>) {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(tokenView);
}

export async function revokeToken(db: Kysely<DB>, id: string) {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no token '${id}'`);
  if (row.revoked_at === null)
    await db.updateTable('api_tokens').set({ revoked_at: Date.now() }).where('id', '=', id).execute();
  return tokenView({ ...row, revoked_at: row.revoked_at ?? Date.now() });
}

/** The token's id when the secret is a live ingestion token, else null. */
export async function checkToken(
  db: Kysely<DB>,
  token: string,
): Promise<{ id: string; name: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  const now = Date.now();
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { id: row.id, name: row.name };
}

// ── audit trail ────────────────────────────────────────────────────────────────────────
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditEvent = {
  user?: { id: string; email: string } | null;
  action: AuditAction;
  target?: string | null;
  details?: unknown;
  ip?: string | null;
};

let auditSeq = 0;

/** Appends one entry. There is no update or delete anywhere: the trail is append-only. */
export async function audit(db: Kysely<DB>, e: AuditEvent): Promise<void> {
  const at = Date.now();
  auditSeq = (auditSeq + 1) % 1_000_000;
  // time-ordered ids that sort the same on every engine
  const id = `${at.toString().padStart(14, '0')}-${String(auditSeq).padStart(6, '0')}-${secret(4)}`;
  await db
    .insertInto('audit_log')
    .values({
      id,
      at,
      user_id: e.user?.id ?? null,
      user_email: e.user?.email ?? null,
      action: e.action,
      target: e.target ?? null,
      details: e.details === undefined ? null : JSON.stringify(e.details).slice(0, 4000),
      ip: e.ip ?? null,
    })
    .execute();
}

export async function listAudit(
  db: Kysely<DB>,
  q: { user?: string; action?: string; from?: number; to?: number; page: number; pageSize: number },
) {
  let query = db.selectFrom('audit_log');
  if (q.user) query = query.where('user_email', '=', q.user.toLowerCase());
  if (q.action) query = query.where('action', '=', q.action);
  if (q.from !== undefined) query = query.where('at', '>=', q.from);
  if (q.to !== undefined) query = query.where('at', '<', q.to);
  const count = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  const rows = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({ ...r, at: toIso(r.at), action: r.action as AuditAction })),
  };
}
