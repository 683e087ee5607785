/** Configuration from the environment, documented in README.md ("Configuration"). */
import { DEFAULT_SESSION_LIFETIME, DEFAULT_SQLITE_PATH } from '@parcours/db';
import { COST_LIMITS } from '@parcours/domain';

export type Config = {
  databaseUrl: string;
  /** PostgreSQL read replica for dashboard reads; null: reads go to the primary */
  readDatabaseUrl: string | null;
  /** apply pending migrations at start-up (default); false: refuse an older schema */
  autoMigrate: boolean;
  port: number;
  host: string;
  /** time zone of a new database's organisation (kpis.md: default UTC) */
  initialTimeZone: string;
  webRoot: string;
  maxBodyBytes: number;
  maxBatchRecords: number;
  pgMaxConnections: number;
  pgStatementTimeoutMs: number;
  trustProxy: boolean;
  secureCookies: boolean | 'auto';
  /** webhooks may target loopback and private addresses (a local receiver); default: public only */
  webhookAllowPrivate: boolean;
  /** a session ends after this long without a request… */
  sessionIdleMs: number;
  /** …and this long after sign-in, whatever the activity */
  sessionAbsoluteMs: number;
  /** a user's expensive requests (KPIs, drill-down…) at once, per server process */
  expensivePerUser: number;
};

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${v}'`);
  return n;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name} must be 1 or 0, got '${env[name]}'`);
}

export function loadConfig(env = process.env): Config {
  return {
    databaseUrl: env.PARCOURS_DATABASE_URL || DEFAULT_SQLITE_PATH,
    readDatabaseUrl: env.PARCOURS_READ_DATABASE_URL || null,
    autoMigrate: bool('PARCOURS_AUTO_MIGRATE', true, env),
    port: int('PORT', 3000, env),
    host: env.PARCOURS_HOST || '127.0.0.1',
    initialTimeZone: env.PARCOURS_TIME_ZONE || 'UTC',
    webRoot: env.PARCOURS_WEB_ROOT || new URL('../../web/dist', import.meta.url).pathname,
    maxBodyBytes: int('PARCOURS_MAX_BODY_MB', 64, env) * 1024 * 1024,
    maxBatchRecords: int('PARCOURS_MAX_BATCH', 50_000, env),
    pgMaxConnections: int('PARCOURS_PG_POOL', 10, env),
    pgStatementTimeoutMs: int('PARCOURS_PG_STATEMENT_TIMEOUT_MS', 30_000, env),
    trustProxy: env.PARCOURS_TRUST_PROXY === '1' || env.PARCOURS_TRUST_PROXY === 'true',
    secureCookies:
      env.PARCOURS_SECURE_COOKIES === '1' ? true : env.PARCOURS_SECURE_COOKIES === '0' ? false : 'auto',
    webhookAllowPrivate: bool('PARCOURS_WEBHOOK_ALLOW_PRIVATE', false, env),
    sessionIdleMs:
      int('PARCOURS_SESSION_IDLE_MINUTES', DEFAULT_SESSION_LIFETIME.idleMs / 60_000, env) * 60_000,
    sessionAbsoluteMs:
      int('PARCOURS_SESSION_MAX_HOURS', DEFAULT_SESSION_LIFETIME.absoluteMs / 3_600_000, env) * 3_600_000,
    expensivePerUser: int('PARCOURS_EXPENSIVE_PER_USER', COST_LIMITS.expensivePerUser, env),
  };
}
