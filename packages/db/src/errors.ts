import type { ErrorDetail } from '@parcours/domain';

/** Input that passed the schema but breaks a rule needing the database (unknown id, …). */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly details: ErrorDetail[],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A request for data outside the asking user's scope. */
export class ForbiddenError extends Error {
  constructor(
    message: string,
    readonly details: { field: string; reason: string }[] = [],
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The database cannot be opened or does not answer (start-up, health checks). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The database schema does not match this build: newer (a migration this build does not
 * know) or, when migrations are not applied automatically, older.
 */
export class SchemaMismatchError extends Error {
  constructor(
    message: string,
    readonly unknown: readonly string[],
    readonly pending: readonly string[],
  ) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

/** A request over a cost limit of packages/domain/src/cost-limits.ts (HTTP 400 too_costly). */
export class TooCostlyError extends Error {
  constructor(
    message: string,
    readonly details: ErrorDetail[],
  ) {
    super(message);
    this.name = 'TooCostlyError';
  }
}

/** Why the database could not answer in time; each is worth retrying a little later. */
export type OverloadReason = 'statement_timeout' | 'busy' | 'pool_exhausted';

/**
 * The database is overloaded: a statement ran past its timeout, the database was busy
 * (locked, out of connections), or no pooled connection came free in time. The server
 * answers 503 with Retry-After, never 500. Read paths (a worker's timeout, a read pool)
 * throw it directly; `overloadOf` recognises the drivers' own errors of the same kind.
 */
export class OverloadedError extends Error {
  constructor(
    readonly reason: OverloadReason,
    message: string = OVERLOAD_MESSAGES[reason],
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
    this.name = 'OverloadedError';
  }
}

const OVERLOAD_MESSAGES: Record<OverloadReason, string> = {
  statement_timeout:
    'the database took too long to answer and the query was stopped; try again shortly, or ask for a shorter window or fewer groups',
  busy: 'the database is busy; try again shortly',
  pool_exhausted: 'every database connection is in use; try again shortly',
};

/** SQLSTATEs of PostgreSQL that mean "not now" rather than "wrong". */
const PG_OVERLOAD: Record<string, OverloadReason> = {
  '57014': 'statement_timeout', // query_canceled: statement_timeout, or a cancel request
  '55P03': 'busy', // lock_not_available: lock_timeout
  '53300': 'busy', // too_many_connections
  '57P03': 'busy', // cannot_connect_now: starting up, or in recovery
};

/**
 * The error as an OverloadedError when it is one, or a driver's error of that kind
 * (PostgreSQL's statement timeout, pg-pool's wait for a connection, SQLite's BUSY); else null.
 */
export function overloadOf(err: unknown): OverloadedError | null {
  if (err instanceof OverloadedError) return err;
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  let reason: OverloadReason | undefined;
  if (typeof code === 'string')
    reason = PG_OVERLOAD[code] ?? (code.startsWith('SQLITE_BUSY') ? 'busy' : undefined);
  // pg-pool gives up waiting for a free connection (connectionTimeoutMillis) with this message
  if (reason === undefined && /timeout exceeded when trying to connect/i.test(err.message))
    reason = 'pool_exhausted';
  return reason === undefined ? null : new OverloadedError(reason);
}
