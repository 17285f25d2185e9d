// Refusals of the register's access rules. The dispatcher turns them into 401/403 answers; a
// handler may throw AccessRefused too (a correction too large for a cashier to confirm alone).

export type AccessRefusalCode =
  'SIGNED_OUT' | 'LOCKED' | 'MANAGER_REQUIRED' | 'PIN_REFUSED' | 'TOO_MANY_TRIES';

const STATUS: { readonly [C in AccessRefusalCode]: 401 | 403 | 429 } = {
  SIGNED_OUT: 401,
  LOCKED: 401,
  PIN_REFUSED: 401,
  MANAGER_REQUIRED: 403,
  TOO_MANY_TRIES: 429,
};

export class AccessRefused extends Error {
  override name = 'AccessRefused';
  readonly status: 401 | 403 | 429;
  constructor(
    readonly code: AccessRefusalCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const signedOut = () =>
  new AccessRefused('SIGNED_OUT', 'Nobody is signed in at this register. Enter your PIN.');
export const locked = () =>
  new AccessRefused('LOCKED', 'The register is locked. Enter your PIN to carry on.');
export const managerRequired = (what = 'This') =>
  new AccessRefused(
    'MANAGER_REQUIRED',
    `${what} needs a manager. Ask a manager to enter their PIN.`,
  );
