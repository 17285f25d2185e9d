/**
 * A problem the person at the register can act on: a bad scan, an unknown title, too few copies.
 * `code` is stable for programs; `message` is written for people.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type UserErrorCode =
  | 'INVALID_ISBN'
  | 'UNKNOWN_TITLE'
  | 'UNKNOWN_STORE'
  | 'INVALID_QUANTITY'
  | 'INVALID_INPUT'
  | 'UNKNOWN_RECEIPT'
  | 'RETURN_EXCEEDS_SALE'
  | 'UNKNOWN_EVENT'
  | 'CONFLICTING_EVENT'
  | 'LEDGER_DAMAGED'
  | 'WRONG_STORE'
  | 'NOT_SET_UP'
  | 'NOT_ENROLLED'
  | 'NOT_ALLOWED'
  | 'LEDGER_TOO_NEW'
  | 'DISK_FULL';
