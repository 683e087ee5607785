/** Configuration from the environment, documented in README.md ("Configuration"). */
import { DEFAULT_SQLITE_PATH } from '@parcours/db';

export type Config = {
  databaseUrl: string;
  port: number;
  host: string;
  /** time zone of a new database's organisation (kpis.md: default UTC) */
  initialTimeZone: string;
  webRoot: string;
  maxBodyBytes: number;
  maxBatchRecords: number;
  pgMaxConnections: number;
  pgStatementTimeoutMs: number;
};

function int(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got '${v}'`);
  return n;
}

export function loadConfig(env = process.env): Config {
  return {
    databaseUrl: env.PARCOURS_DATABASE_URL || DEFAULT_SQLITE_PATH,
    port: int('PORT', 3000),
    host: env.PARCOURS_HOST || '127.0.0.1',
    initialTimeZone: env.PARCOURS_TIME_ZONE || 'UTC',
    webRoot: env.PARCOURS_WEB_ROOT || new URL('../../web/dist', import.meta.url).pathname,
    maxBodyBytes: int('PARCOURS_MAX_BODY_MB', 64) * 1024 * 1024,
    maxBatchRecords: int('PARCOURS_MAX_BATCH', 50_000),
    pgMaxConnections: int('PARCOURS_PG_POOL', 10),
    pgStatementTimeoutMs: int('PARCOURS_PG_STATEMENT_TIMEOUT_MS', 30_000),
  };
}
