import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { demoIsbn, demoTitles, seedTitles, titleRecord } from '../helpers/ledgers.js';
import { expectUserError } from '../helpers/user-error.js';

describe('Catalog', () => {
  let ledger: Ledger;
  beforeEach(() => {
    ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    seedTitles(ledger, 5);
  });
  afterEach(() => ledger.close());

  it('finds a title by any form of its ISBN', () => {
    const expected = demoTitles()[0];
    const isbn = demoIsbn(0);
    const hyphenated = `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 12)}-${isbn.slice(12)}`;
    const isbn10Body = isbn.slice(3, 12);
    let sum = 0;
    for (let i = 0; i < 9; i += 1) sum += Number(isbn10Body[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    const isbn10 = `${isbn10Body}${check === 10 ? 'X' : String(check)}`;
    for (const form of [isbn, hyphenated, ` ${isbn} `, isbn10]) {
      expect(ledger.catalog.title(form)).toMatchObject({
        isbn,
        title: expected?.title,
        author: expected?.author,
        priceCents: expected?.priceCents,
      });
    }
  });

  it('says UNKNOWN_TITLE for a valid ISBN that is not in the catalog', () => {
    const unknown = demoIsbn(200);
    const error = expectUserError(() => ledger.catalog.title(unknown), 'UNKNOWN_TITLE');
    expect(error.message).toBe(`No title with ISBN ${unknown} is in the catalog.`);
    expectUserError(() => ledger.catalog.title('0-306-40615-2'), 'UNKNOWN_TITLE', /9780306406157/);
  });

  it('says INVALID_ISBN, not UNKNOWN_TITLE, for a mistyped ISBN', () => {
    const isbn = demoIsbn(0);
    const mistyped = `${isbn.slice(0, 12)}${(Number(isbn[12]) + 1) % 10}`;
    expectUserError(() => ledger.catalog.title(mistyped), 'INVALID_ISBN');
    expectUserError(() => ledger.catalog.title(''), 'INVALID_ISBN');
    expectUserError(() => ledger.onHand('not-an-isbn'), 'INVALID_ISBN');
  });

  it('updates a title in place on upsert and lists titles sorted by title', () => {
    const title = titleRecord(0);
    const first = title;
    ledger.catalog.upsertTitles([{ ...title, priceCents: 1, title: 'Aaaa First' }]);
    expect(ledger.catalog.title(first.isbn)).toMatchObject({ priceCents: 1, title: 'Aaaa First' });
    const titles = ledger.catalog.titles();
    expect(titles).toHaveLength(5);
    expect(titles[0]?.isbn).toBe(first.isbn);
    const names = titles.map((t) => t.title);
    expect(names).toEqual([...names].sort());
  });

  it('refuses a title whose ISBN is not normalized, writing nothing', () => {
    const before = ledger.catalog.titles();
    expect(() =>
      ledger.catalog.upsertTitles([
        {
          isbn: '0-306-40615-2',
          title: 'X',
          author: 'Y',
          priceCents: 1,
          costCents: 1,
          section: '',
        },
      ]),
    ).toThrow(/normalized ISBN-13/);
    expect(ledger.catalog.titles()).toEqual(before);
  });

  it('knows the demo stores and says UNKNOWN_STORE for others', () => {
    expect(ledger.catalog.store('riverside')).toEqual({ storeId: 'riverside', name: 'Riverside' });
    expect(ledger.catalog.stores().map((s) => s.storeId)).toEqual(['riverside', 'uptown']);
    expectUserError(() => ledger.catalog.store('downtown'), 'UNKNOWN_STORE', /downtown/);
  });
});
