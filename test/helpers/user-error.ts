import { expect } from 'vitest';
import { UserError, type UserErrorCode } from '../../app/shared/errors.js';

/** Runs `action`, expects a UserError with `code` and a message matching `message`; returns it. */
export function expectUserError(
  action: () => unknown,
  code: UserErrorCode,
  message?: RegExp,
): UserError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a UserError ${code}`).toBeInstanceOf(UserError);
  const error = thrown as UserError;
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error;
}
