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
