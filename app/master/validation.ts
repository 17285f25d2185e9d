import type { z } from 'zod';
import { badRequest, describeIssues } from './http-errors.js';

/** Which part of the request a schema checks; names the field in the error message. */
export type RequestPart = 'body' | 'query' | 'params';

/** Parses untrusted input or throws a 400 that names every offending field. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  part: RequestPart,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(describeIssues(part, result.error.issues));
  return result.data;
}

/**
 * Checks a reply against its wire schema before it leaves, so a master bug surfaces as a 500 here
 * rather than as a body the register's own validation would reject.
 */
export function checkedResponse<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> {
  return schema.parse(value);
}
