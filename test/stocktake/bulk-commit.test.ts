// A whole-store commit writes its STOCKTAKE events in one run and caches most titles' counts
// without folding them again (StockCache.cacheNewStocktakes). Whatever path a title takes, the
// cache must equal a fresh fold of the log, and no sale is lost or counted twice.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import { foldCount } from '../../app/ledger/fold.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { recordSale } from '../../app/ledger/sales.js';
import { receiveDelivery, voidEvent } from '../../app/ledger/stock-operations.js';
import { commitStocktake } from '../../app/stocktake/commit.js';
import { discrepancyReport } from '../../app/stocktake/report.js';
import { setCount, startStocktake } from '../../app/stocktake/session.js';

const opened: Ledger[] = [];
afterEach(() => opened.splice(0).forEach((ledger) => ledger.close()));

/** More titles than the bulk threshold (500), each delivered 6 copies. */
function stockedLedger(titles: number, storeId = 'uptown'): { books: Ledger; isbns: string[] } {
  const books = Ledger.open({ path: ':memory:', storeId });
  opened.push(books);
  const catalog = demoCatalog(titles).map(({ stock: _stock, ...title }) => title);
  books.catalog.upsertStores(DEMO_STORES);
  books.catalog.upsertTitles(catalog);
  const isbns = catalog.map((title) => title.isbn);
  receiveDelivery(books, {
    actor: 'receiving',
    reference: 'opening stock',
    lines: isbns.map((isbn) => ({ isbn, qty: 6 })),
  });
  return { books, isbns };
}

const sell = (books: Ledger, isbn: string, qty = 1) =>
  recordSale(books, { cashier: 'cam', lines: [{ isbn, qty }], payment: { method: 'card' } });

function countAll(books: Ledger, isbns: readonly string[], counted: (index: number) => number) {
  const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
  isbns.forEach((isbn, index) => setCount(books, take.stocktakeId, isbn, counted(index)));
  return take;
}

function expectCacheEqualsFold(books: Ledger, isbns: readonly string[]): void {
  expect(books.checkStock()).toEqual([]);
  for (const isbn of isbns) {
    expect(books.onHand(isbn)).toBe(foldCount(books.eventsForTitle(isbn)).onHand);
  }
}

describe('committing a whole-store stocktake', () => {
  it('caches exactly the counted figure, plus sales during the count applied once', () => {
    const { books, isbns } = stockedLedger(620);
    const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
    isbns.forEach((isbn, index) => {
      setCount(books, take.stocktakeId, isbn, index % 7 === 0 ? 5 : 6);
      // Counted, then a copy sells before the commit: the count did not see it.
      if (index % 100 === 0) sell(books, isbn);
    });
    const result = commitStocktake(books, take.stocktakeId, {
      actor: 'maria',
      uncountedAsZero: false,
    });
    expect(result.events).toHaveLength(620);
    expect(result.events.map((event) => event.seq)).toEqual(
      result.events.map((_, index) => (result.events[0]?.seq ?? 0) + index),
    );
    expect(books.vector()[books.originId]).toBe(result.events.at(-1)?.seq);
    expect(books.onHand(isbns[0] ?? '')).toBe(4); // counted 5, one sold after: once
    expect(books.onHand(isbns[1] ?? '')).toBe(6);
    expect(books.onHand(isbns[7] ?? '')).toBe(5);
    expect(books.onHand(isbns[100] ?? '')).toBe(5);
    expectCacheEqualsFold(books, isbns);
    // The cached stocktake is the one later events are judged against.
    sell(books, isbns[1] ?? '', 2);
    expect(books.onHand(isbns[1] ?? '')).toBe(4);
    expectCacheEqualsFold(books, isbns);
  });

  it('folds again the titles with earlier counts, voids or events the count had not seen', () => {
    const { books, isbns } = stockedLedger(560);
    const other = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    opened.push(other);
    other.catalog.upsertStores(DEMO_STORES);
    other.catalog.upsertTitles(demoCatalog(560).map(({ stock: _stock, ...title }) => title));
    other.applyForeign(books.eventsMissingFrom(other.vector(), 100_000));

    // A first count of every title, then a second one: titles now hold an earlier STOCKTAKE.
    const first = countAll(books, isbns, () => 6);
    commitStocktake(books, first.stocktakeId, { actor: 'maria', uncountedAsZero: false });
    const voided = sell(books, isbns[3] ?? '');
    const line = voided.lines[0];
    if (!line) throw new Error('the sale has no line');
    voidEvent(books, line.event, 'maria', 'rung twice');
    // A sale at another till the second count will not have heard of.
    sell(other, isbns[4] ?? '', 2);

    const second = countAll(books, isbns, (index) => (index === 5 ? 2 : 6));
    books.applyForeign(other.eventsMissingFrom(books.vector(), 100_000));
    commitStocktake(books, second.stocktakeId, { actor: 'maria', uncountedAsZero: false });

    expect(books.onHand(isbns[3] ?? '')).toBe(6);
    expect(books.onHand(isbns[4] ?? '')).toBe(4); // counted 6, the unseen sale of 2 applied once
    expect(books.onHand(isbns[5] ?? '')).toBe(2);
    expectCacheEqualsFold(books, isbns);
  });

  it('takes the per-title path for a small count and agrees with a fresh fold', () => {
    const { books, isbns } = stockedLedger(40);
    const take = countAll(books, isbns, (index) => index % 3);
    sell(books, isbns[2] ?? '');
    commitStocktake(books, take.stocktakeId, { actor: 'maria', uncountedAsZero: false });
    expect(books.onHand(isbns[2] ?? '')).toBe(1);
    expect(books.onHand(isbns[3] ?? '')).toBe(0);
    expectCacheEqualsFold(books, isbns);
  });

  it('zeroes the uncounted titles of a count larger than one insert run, every title as the fold', () => {
    const { books, isbns } = stockedLedger(2_600);
    const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
    // Every fifth title is left uncounted: the commit writes the counted ones, then the zeroed.
    isbns.forEach((isbn, index) => {
      if (index % 5 !== 0) setCount(books, take.stocktakeId, isbn, index % 3);
    });
    sell(books, isbns[1] ?? '');
    const report = discrepancyReport(books, take.stocktakeId);
    expect(report.totals.titlesUncounted).toBe(520);
    const result = commitStocktake(books, take.stocktakeId, {
      actor: 'maria',
      uncountedAsZero: true,
    });
    expect(result).toMatchObject({ countedTitles: 2_080, zeroedTitles: 520 });
    expect(result.events.map((event) => event.seq)).toEqual(
      result.events.map((_, index) => (result.events[0]?.seq ?? 0) + index),
    );
    // Each stored text is the canonical one, on either side of a run boundary.
    for (const event of [result.events[1_999], result.events[2_000], result.events.at(-1)]) {
      expect(
        event &&
          books.db
            .prepare('SELECT body FROM events WHERE origin_id = ? AND seq = ?')
            .pluck(true)
            .get(event.originId, event.seq),
      ).toBe(event && canonicalEvent(event));
    }
    expect(books.onHand(isbns[0] ?? '')).toBe(0);
    expect(books.onHand(isbns[1] ?? '')).toBe(0); // counted 1, then one sold: 0
    expect(books.onHand(isbns[2] ?? '')).toBe(2);
    expect(books.checkStockHorizons()).toEqual([]);
    expectCacheEqualsFold(books, isbns);
  });

  it('commits what changed after the report, though the report read the same counts before', () => {
    const { books, isbns } = stockedLedger(800);
    const take = countAll(books, isbns, () => 6);
    const before = discrepancyReport(books, take.stocktakeId);
    expect(before.rows.find((row) => row.isbn === isbns[1])?.counted).toBe(6);
    setCount(books, take.stocktakeId, isbns[1] ?? '', 2);
    sell(books, isbns[3] ?? '');
    const after = discrepancyReport(books, take.stocktakeId);
    expect(after.rows.find((row) => row.isbn === isbns[1])?.counted).toBe(2);
    expect(after.rows.find((row) => row.isbn === isbns[3])?.movements).toHaveLength(1);
    const committed = commitStocktake(books, take.stocktakeId, {
      actor: 'maria',
      uncountedAsZero: false,
    });
    expect(committed.countedTitles).toBe(800);
    expect(books.onHand(isbns[1] ?? '')).toBe(2);
    expect(books.onHand(isbns[3] ?? '')).toBe(5);
    expectCacheEqualsFold(books, isbns);
  });
});
