/** Contracts of sign-in, users, API tokens and the audit trail. */
import { z } from 'zod';
import { ROLES } from '../access.ts';
import { refuseDeepPages } from './api.ts';
import { ZEmail, ZId, ZInstant } from './records.ts';
import { ZText } from './text.ts';

export const ZRole = z.enum(ROLES);

export const ZLogin = z.strictObject({
  email: ZText.trim().toLowerCase().max(320),
  password: ZText.min(1, 'is required').max(1000),
});

export const ZScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('department'), departmentId: z.string() }),
  z.object({ kind: z.literal('team'), teamId: z.string() }),
]);

export const ZUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  team_id: z.string().nullable(),
  department_id: z.string().nullable(),
  disabled: z.boolean(),
  created_at: z.string(),
});
export type User = z.infer<typeof ZUser>;

export const ZSession = z.object({
  user: ZUser,
  scope: ZScope,
  /** send back as the X-CSRF-Token header on every request that changes something */
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof ZSession>;

/**
 * A cookie the page can read (the session cookie itself is HTTP-only) that says a session was
 * started in this browser: without it the app goes straight to the sign-in page instead of
 * asking the server and getting a 401. It proves nothing; the server decides on every request.
 */
export const SESSION_HINT_COOKIE = 'parcours_signed_in';

/**
 * How long a caller identified by exact e-mail or id, outside a user's scope, stays open to
 * that user (decision 017): a working day.
 */
export const CALLER_IDENTIFICATION_HOURS = 8;

/**
 * The demo's accounts, offered on the sign-in page of a demo database only: those of the demo
 * users that still exist, are enabled and still have their published demo password.
 */
export const ZDemoAccount = z.object({
  email: z.string(),
  password: z.string(),
  name: z.string(),
  role: ZRole,
  team_id: z.string().nullable(),
});
export const ZDemoAccounts = z.object({ accounts: z.array(ZDemoAccount) });
export type DemoAccount = z.infer<typeof ZDemoAccount>;

const ZPassword = ZText.min(12, 'must be at least 12 characters').max(200, 'at most 200 characters');

export const ZUserInput = z
  .strictObject({
    email: ZEmail.trim().toLowerCase().max(320),
    name: ZText.trim().min(1).max(200),
    role: ZRole,
    team_id: ZId.nullish().transform((v) => v ?? null),
    password: ZPassword,
  })
  .superRefine((u, ctx) => {
    if ((u.role === 'team_lead' || u.role === 'agent') && u.team_id === null)
      ctx.addIssue({
        code: 'custom',
        path: ['team_id'],
        message: `is required for ${u.role === 'agent' ? 'an agent' : 'a team lead'}`,
      });
  });
export type UserInput = z.output<typeof ZUserInput>;

export const ZUserPatch = z.strictObject({
  name: ZText.trim().min(1).max(200).optional(),
  role: ZRole.optional(),
  team_id: ZId.nullish(),
  password: ZPassword.optional(),
  disabled: z.boolean().optional(),
});
export type UserPatch = z.output<typeof ZUserPatch>;

export const ZTokenInput = z.strictObject({ name: ZText.trim().min(1).max(200) });
export const ZToken = z.object({
  id: z.string(),
  name: z.string(),
  /** the first characters, to recognise a token without revealing it */
  prefix: z.string(),
  scope: z.literal('ingest'),
  created_by: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export const ZCreatedToken = ZToken.extend({
  /** the secret, shown this once: only its hash is stored */
  token: z.string(),
});

export const AUDIT_ACTIONS = [
  'session.login',
  'session.login_failed',
  'session.logout',
  'customer.view',
  'customer.identify',
  'records.view',
  'export',
  'user.create',
  'user.update',
  'token.create',
  'token.revoke',
  'goal.create',
  'goal.update',
  'goal.delete',
  'settings.update',
  'organisation.update',
  'case.view',
  'rule.create',
  'rule.update',
  'rule.delete',
  'rule.backfill',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
] as const;
export const ZAuditQuery = z
  .object({
    user: ZText.max(320).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    from: ZInstant.optional(),
    to: ZInstant.optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine(refuseDeepPages);
export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  user_id: z.string().nullable(),
  user_email: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().nullable(),
  details: z.string().nullable(),
  ip: z.string().nullable(),
});
export const ZAuditList = z.object({ total: z.number().int(), items: z.array(ZAuditEntry) });

/** What a CSV export tells the audit trail: which view, how many rows, with which filters. */
export const ZExportNotice = z.strictObject({
  view: ZText.trim().min(1).max(200),
  rows: z.number().int().min(0).max(10_000_000),
  filters: ZText.max(4000).default(''),
});
