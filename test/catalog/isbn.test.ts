import { describe, expect, it } from 'vitest';
import { hyphenateIsbn13, normalizeIsbn } from '../../app/catalog/isbn.js';
import { expectUserError } from '../helpers/user-error.js';

// The classic worked example: ISBN-10 0-306-40615-2 is ISBN-13 978-0-306-40615-7.
const ISBN13 = '9780306406157';

describe('normalizeIsbn', () => {
  it.each([
    '9780306406157',
    '978-0-306-40615-7',
    '978 0 306 40615 7',
    '  978-0 306-40615 7  ',
    '0306406152',
    '0-306-40615-2',
    '0 306 40615 2',
    '\t0306406152\n',
  ])('normalizes %j to the same ISBN-13', (input) => {
    expect(normalizeIsbn(input)).toBe(ISBN13);
  });

  it('accepts an ISBN-10 whose check digit is X, in either case', () => {
    expect(normalizeIsbn('0-8044-2957-X')).toBe('9780804429573');
    expect(normalizeIsbn('080442957x')).toBe('9780804429573');
  });

  it('keeps a 979 ISBN-13, which has no ISBN-10 form', () => {
    expect(normalizeIsbn('979-10-90636-07-1')).toBe('9791090636071');
  });

  it.each([
    ['9780306406158', 'wrong ISBN-13 check digit'],
    ['0306406153', 'wrong ISBN-10 check digit'],
    ['030640615X', 'X where the check digit is 2'],
    ['1234567890123', 'not a Bookland prefix'],
  ])('refuses %j (%s) as INVALID_ISBN with a clear message', (input) => {
    const error = expectUserError(() => normalizeIsbn(input), 'INVALID_ISBN', /not a valid ISBN/);
    expect(error.message).toContain(input);
    expect(error.message).toMatch(/check digit/);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'only spaces'],
    ['97803064061', '11 digits'],
    ['978030640615', '12 digits'],
    ['97803064061570', '14 digits'],
    ['030640615', '9 digits'],
    ['978O306406157', 'a letter O for a zero'],
    ['abcdefghij', 'letters'],
    ['X306406152', 'X not in last place'],
    ['978-0-306-40615-7; DROP TABLE titles', 'trailing junk'],
  ])('refuses %j (%s) as INVALID_ISBN explaining what an ISBN looks like', (input) => {
    const error = expectUserError(() => normalizeIsbn(input), 'INVALID_ISBN');
    expect(error.message).toMatch(/is not an ISBN: expected 10 or 13 digits/);
  });

  it('hyphenates an ISBN-13 for display and leaves an unparseable one alone', () => {
    expect(hyphenateIsbn13(ISBN13)).toBe('978-0-306-40615-7');
    expect(hyphenateIsbn13('9780306406158')).toBe('9780306406158');
  });
});
