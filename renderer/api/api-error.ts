import type { ApiErrorBody } from '../../app/protocol/register-api.js';

/** A call the register refused or could not complete; `message` is written for the cashier. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
