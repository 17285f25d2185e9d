/** Thrown when an internal invariant is broken: a bug, never a user error. */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

export function strictAssert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

/** Makes a switch exhaustive at compile time and loud at run time. */
export function assertNever(value: never, what = 'value'): never {
  throw new InvariantError(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
