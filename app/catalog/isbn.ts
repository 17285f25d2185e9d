import { parse } from 'isbn3';
import { UserError } from '../shared/errors.js';

/**
 * Normalizes what a scanner or a person typed (ISBN-10, ISBN-13 or an EAN-13 Bookland code, with
 * or without hyphens or spaces) to the ISBN-13 the ledger keys titles by.
 */
export function normalizeIsbn(input: string): string {
  const compact = input.trim().replace(/[\s-]/g, '');
  if (!/^(\d{9}[\dXx]|\d{13})$/.test(compact)) {
    throw new UserError(
      'INVALID_ISBN',
      `"${input.trim()}" is not an ISBN: expected 10 or 13 digits (an ISBN-10 may end in X).`,
    );
  }
  const parsed = parse(compact.toUpperCase());
  if (!parsed) {
    throw new UserError(
      'INVALID_ISBN',
      `"${input.trim()}" is not a valid ISBN: its check digit or its registration group is wrong.`,
    );
  }
  return parsed.isbn13;
}

export function hyphenateIsbn13(isbn13: string): string {
  return parse(isbn13)?.isbn13h ?? isbn13;
}
