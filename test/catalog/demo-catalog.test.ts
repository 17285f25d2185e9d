import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'isbn3';
import { normalizeIsbn } from '../../app/catalog/isbn.js';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import { seedDemo } from '../../app/catalog/seed-demo.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { isbn13Schema } from '../../app/protocol/events.js';
import { titleSchema } from '../../app/catalog/catalog.js';

describe('demoCatalog', () => {
  const titles = demoCatalog();

  it('has 300 titles with unique, valid, normalized ISBN-13s', () => {
    expect(titles).toHaveLength(300);
    expect(new Set(titles.map((t) => t.isbn)).size).toBe(300);
    for (const title of titles) {
      expect(isbn13Schema.safeParse(title.isbn).success).toBe(true);
      expect(parse(title.isbn)?.isbn13).toBe(title.isbn);
      expect(normalizeIsbn(title.isbn)).toBe(title.isbn);
    }
  });

  it('is deterministic: the same books on every call and every machine', () => {
    expect(demoCatalog()).toEqual(titles);
    // Pinned so a change to the generator or to isbn3's range data (which would change every demo
    // ledger) is noticed.
    expect(titles.slice(0, 3).map((t) => t.isbn)).toEqual(PINNED_FIRST_ISBNS);
    expect(demoCatalog(300, 1)).not.toEqual(titles);
  });

  it('gives every title a valid catalog record and opening stock for each demo store', () => {
    for (const { stock, ...title } of titles) {
      expect(titleSchema.safeParse(title).success).toBe(true);
      expect(title.title.length).toBeGreaterThan(0);
      expect(title.costCents).toBeLessThan(title.priceCents);
      expect(Object.keys(stock).sort()).toEqual(DEMO_STORES.map((s) => s.storeId).sort());
      for (const qty of Object.values(stock)) expect(qty).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('seedDemo', () => {
  let ledger: Ledger | undefined;
  afterEach(() => ledger?.close());

  it('loads the catalog and the opening stock once, however often it runs', () => {
    ledger = Ledger.open({ path: ':memory:', storeId: 'riverside' });
    const first = seedDemo(ledger);
    const expectedCopies = demoCatalog().reduce((sum, t) => sum + (t.stock.riverside ?? 0), 0);
    expect(first).toEqual({ titles: 300, copies: expectedCopies });
    expect(ledger.catalog.titles()).toHaveLength(300);
    const vector = ledger.vector();
    seedDemo(ledger);
    expect(ledger.vector()).toEqual(vector);
    for (const title of demoCatalog().slice(0, 20)) {
      expect(ledger.onHand(title.isbn)).toBe(title.stock.riverside);
    }
    expect(ledger.checkStock()).toEqual([]);
  });
});

const PINNED_FIRST_ISBNS = ['9780964488786', '9780558373306', '9781645595021'];
