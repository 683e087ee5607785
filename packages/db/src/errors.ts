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
