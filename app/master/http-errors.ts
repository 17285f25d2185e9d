// The master's error replies: every failure leaves as { error: { code, message, detail? } } with
// the status the wire contract (app/protocol/wire.ts) gives its code.
import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../protocol/wire.js';

/** The wire's codes, plus INTERNAL for a master bug (500): a client can only retry that. */
export type MasterErrorCode = ErrorCode | 'INTERNAL';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: MasterErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.detail ? { detail: this.detail } : {}),
      },
    };
  }
}

export const badRequest = (message: string): HttpError =>
  new HttpError(400, 'BAD_REQUEST', message);
export const unauthenticated = (message: string): HttpError =>
  new HttpError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'FORBIDDEN', message);
export const notFound = (message: string): HttpError => new HttpError(404, 'NOT_FOUND', message);

export function rateLimited(retryAfterSeconds: number): HttpError {
  return new HttpError(
    429,
    'RATE_LIMITED',
    `too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

const MAX_ISSUES_REPORTED = 5;

/** One line naming each offending field, e.g. `events.3.qty: Too small…; unknown field events.0.foo`. */
export function describeIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  const describe = (issue: z.core.$ZodIssue): string => {
    const path = [where, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `unknown field ${path}.${key}`).join('; ');
    }
    return `${path}: ${issue.message}`;
  };
  // One line per field: a number too big for both int() and max() should not be reported twice.
  const seen = new Set<string>();
  const distinct = issues.filter((issue) => {
    const key = `${issue.code === 'unrecognized_keys' ? 'keys' : 'value'}:${issue.path.join('.')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const shown = distinct.slice(0, MAX_ISSUES_REPORTED).map(describe);
  const more = distinct.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
