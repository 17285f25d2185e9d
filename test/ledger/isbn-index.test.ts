// isbnIndex finds rows by ISBN for the bulk stocktake paths: a walk for ISBNs asked in ascending
// order, a bisection when asked backwards, a Map for rows that are not in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isbnIndex } from '../../app/ledger/stock-cache.js';

describe('isbnIndex', () => {
  it('answers like a search of the rows, whatever order the ISBNs are asked in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^97[89][0-9]{3}$/), { maxLength: 40 }),
        fc.array(fc.stringMatching(/^97[89][0-9]{3}$/), { maxLength: 60 }),
        fc.boolean(),
        (isbns, asked, sorted) => {
          const rows = sorted ? [...isbns].sort() : isbns;
          const indexOf = isbnIndex(rows);
          // Asked in ascending order, then again in the order generated (backwards jumps).
          for (const isbn of [...[...asked].sort(), ...asked, ...isbns]) {
            expect(indexOf(isbn)).toBe(rows.indexOf(isbn));
          }
        },
      ),
    );
  });

  it('finds every row of a long ascending list walking forward, and misses what is absent', () => {
    const rows = Array.from(
      { length: 2_000 },
      (_, index) => `978${String(index * 2).padStart(10, '0')}`,
    );
    const indexOf = isbnIndex(rows);
    expect(indexOf('9780000000001')).toBe(-1);
    expect(indexOf('9780000000002')).toBe(1);
    expect(indexOf('9780000003998')).toBe(1_999);
    expect(indexOf('9780000004000')).toBe(-1);
    expect(indexOf('9780000000000')).toBe(0);
  });
});
