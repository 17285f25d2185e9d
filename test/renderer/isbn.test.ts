// The page's own reading of a scan, checked against the register's (isbn3): whatever the page
// accepts, the register accepts as the same ISBN-13.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeIsbn } from '../../app/catalog/isbn.js';
import { demoCatalog } from '../../app/catalog/demo-catalog.js';
import { readIsbn } from '../../renderer/lib/isbn.js';

describe('readIsbn', () => {
  it('reads ISBN-13, ISBN-10 (with X) and hyphenated forms as the ISBN-13', () => {
    expect(readIsbn('978-0-306-40615-7')).toEqual({
      ok: true,
      isbn13: '9780306406157',
      from: 'isbn-13',
    });
    expect(readIsbn('0 306 40615 2')).toEqual({
      ok: true,
      isbn13: '9780306406157',
      from: 'isbn-10',
    });
    expect(readIsbn('0-8044-2957-X')).toEqual({
      ok: true,
      isbn13: '9780804429573',
      from: 'isbn-10',
    });
    expect(readIsbn('080442957x')).toMatchObject({ ok: true, isbn13: '9780804429573' });
  });

  it('says what is wrong with a bad code', () => {
    const reason = (code: string) => {
      const reading = readIsbn(code);
      return reading.ok ? 'accepted' : reading.reason;
    };
    expect(reason('9780306406158')).toContain('its check digit should be 7');
    expect(reason('0306406153')).toContain('its check digit should be 2');
    expect(reason('5012345678900')).toContain('not a book');
    expect(reason('12345')).toContain('not an ISBN');
    expect(reason('  ')).toBe('Scan or type an ISBN.');
  });

  it('agrees with the register on every demo title, in ISBN-13 and ISBN-10 form', () => {
    for (const { isbn } of demoCatalog(300)) {
      expect(readIsbn(isbn)).toMatchObject({ ok: true, isbn13: isbn });
      const isbn10Body = isbn.slice(3, 12);
      const reading = readIsbn(isbn10Body + checkDigit10(isbn10Body));
      expect(reading).toMatchObject({ ok: true, isbn13: normalizeIsbn(isbn) });
    }
  });

  it('refuses exactly the codes with a wrong check digit, and never one the register takes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^97[89]\d{9}$/), fc.nat(9), (first12, digit) => {
        const code = `${first12}${digit}`;
        const correct = digit === checkDigit13(first12);
        expect(readIsbn(code).ok).toBe(correct);
        let registerTakes = true;
        try {
          expect(normalizeIsbn(code)).toBe(code);
        } catch {
          registerTakes = false;
        }
        if (registerTakes) expect(readIsbn(code)).toMatchObject({ ok: true, isbn13: code });
      }),
    );
  });
});

function checkDigit13(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function checkDigit10(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(first9[i]) * (10 - i);
  const digit = (11 - (sum % 11)) % 11;
  return digit === 10 ? 'X' : String(digit);
}
