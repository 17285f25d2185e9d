import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { recordSale } from '../../app/ledger/sales.js';
import { commitStocktake } from '../../app/stocktake/commit.js';
import { discrepancyReport, reportCsv } from '../../app/stocktake/report.js';
import {
  abandonStocktake,
  scanCopy,
  setCount,
  startStocktake,
} from '../../app/stocktake/session.js';
import { countFlags, flagForCount } from '../../app/repair/repair-log.js';
import { UserError } from '../../app/shared/errors.js';
import { deliver, demoIsbn, seedTitles } from '../helpers/ledgers.js';

const opened: Ledger[] = [];
afterEach(() => opened.splice(0).forEach((ledger) => ledger.close()));

function ledger(storeId = 'uptown'): Ledger {
  const made = Ledger.open({ path: ':memory:', storeId });
  seedTitles(made, 10);
  opened.push(made);
  return made;
}

const sell = (target: Ledger, isbn: string, qty = 1) =>
  recordSale(target, { cashier: 'cam', lines: [{ isbn, qty }], payment: { method: 'card' } });

describe('stocktake sessions', () => {
  it('counts one copy per scan, replaces the count when a number is typed, and reports the running view', () => {
    const books = ledger();
    const [a, b] = [demoIsbn(0), demoIsbn(1)];
    deliver(books, a, 3);
    deliver(books, b, 2);
    const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
    scanCopy(books, take.stocktakeId, a);
    scanCopy(books, take.stocktakeId, a);
    setCount(books, take.stocktakeId, b, 5);
    const report = discrepancyReport(books, take.stocktakeId);
    const rowA = report.rows.find((row) => row.isbn === a);
    const rowB = report.rows.find((row) => row.isbn === b);
    expect(rowA).toMatchObject({ expected: 3, counted: 2, difference: -1 });
    expect(rowB).toMatchObject({ expected: 2, counted: 5, difference: 3 });
    expect(report.totals).toMatchObject({ shrinkageCopies: 1, foundCopies: 3, titlesCounted: 2 });
    expect(rowA?.differenceAtCostCents).toBe(-(rowA?.costCents ?? 0));
  });

  it('refuses a second open stocktake, counts outside the scope, and negative counts', () => {
    const books = ledger();
    const take = startStocktake(books, {
      actor: 'maria',
      scope: { kind: 'titles', isbns: [demoIsbn(0)] },
    });
    expect(() => startStocktake(books, { actor: 'li', scope: { kind: 'all' } })).toThrow(
      /still open/,
    );
    expect(() => scanCopy(books, take.stocktakeId, demoIsbn(1))).toThrow(/outside/);
    expect(() => setCount(books, take.stocktakeId, demoIsbn(0), -1)).toThrow(UserError);
    abandonStocktake(books, take.stocktakeId);
    expect(() => scanCopy(books, take.stocktakeId, demoIsbn(0))).toThrow(/abandoned/);
  });

  it('makes uncounted expected titles zero only when the manager confirms, saying how many', () => {
    const books = ledger();
    const [a, b, c] = [demoIsbn(0), demoIsbn(1), demoIsbn(2)];
    deliver(books, a, 1);
    deliver(books, b, 4);
    deliver(books, c, 2);
    const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
    setCount(books, take.stocktakeId, a, 1);
    expect(() =>
      commitStocktake(books, take.stocktakeId, { actor: 'maria', uncountedAsZero: false }),
    ).toThrow(/2 expected titles were never counted/);
    expect(books.onHand(b)).toBe(4);
    const result = commitStocktake(books, take.stocktakeId, {
      actor: 'maria',
      uncountedAsZero: true,
    });
    expect(result).toMatchObject({ countedTitles: 1, zeroedTitles: 2 });
    expect([books.onHand(a), books.onHand(b), books.onHand(c)]).toEqual([1, 0, 0]);
    expect(books.checkStock()).toEqual([]);
  });

  it('neither loses nor double-counts a sale made while counting, and flags it as uncertain', () => {
    const books = ledger();
    const isbn = demoIsbn(0);
    deliver(books, isbn, 5);
    const take = startStocktake(books, {
      actor: 'maria',
      scope: { kind: 'titles', isbns: [isbn] },
    });
    scanCopy(books, take.stocktakeId, isbn); // the count of this title begins: vector recorded
    sell(books, isbn); // a copy leaves while the shelf is being counted
    for (let i = 0; i < 3; i += 1) scanCopy(books, take.stocktakeId, isbn);
    const report = discrepancyReport(books, take.stocktakeId);
    const row = report.rows[0];
    expect(row).toMatchObject({ expected: 5, counted: 4 });
    expect(row?.movements).toHaveLength(1);
    expect(row?.movements[0]).toMatchObject({ kind: 'SALE', delta: -1, treatment: 'uncertain' });
    commitStocktake(books, take.stocktakeId, { actor: 'maria', uncountedAsZero: false });
    // Counted 4 with the sale applied on top: 3. The sale is neither lost nor subtracted twice.
    expect(books.onHand(isbn)).toBe(3);
    sell(books, isbn);
    expect(books.onHand(isbn)).toBe(2);
  });

  it('applies a sale from another register that the count had not seen, exactly once', () => {
    const here = ledger();
    const there = ledger();
    const isbn = demoIsbn(0);
    deliver(here, isbn, 5);
    there.applyForeign(here.eventsMissingFrom(there.vector(), 1_000));
    const take = startStocktake(here, { actor: 'maria', scope: { kind: 'titles', isbns: [isbn] } });
    setCount(here, take.stocktakeId, isbn, 5);
    commitStocktake(here, take.stocktakeId, { actor: 'maria', uncountedAsZero: false });
    sell(there, isbn, 2); // after the count, on a register the count knew nothing of
    here.applyForeign(there.eventsMissingFrom(here.vector(), 1_000));
    there.applyForeign(here.eventsMissingFrom(there.vector(), 1_000));
    expect(here.onHand(isbn)).toBe(3);
    expect(there.onHand(isbn)).toBe(3);
  });

  it('puts titles flagged by read repair on the expected list even at zero', () => {
    const books = ledger();
    const isbn = demoIsbn(3);
    flagForCount(books, books.storeId, isbn, 'read repair');
    const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
    expect(discrepancyReport(books, take.stocktakeId).rows.map((row) => row.isbn)).toContain(isbn);
  });

  it('clears the flags of the titles it counted or zeroed, and only those', () => {
    const books = ledger();
    const [counted, zeroed, elsewhere] = [demoIsbn(1), demoIsbn(2), demoIsbn(3)];
    for (const isbn of [counted, zeroed, elsewhere]) {
      flagForCount(books, books.storeId, isbn, 'read repair');
    }
    const take = startStocktake(books, {
      actor: 'maria',
      scope: { kind: 'titles', isbns: [counted, zeroed] },
    });
    setCount(books, take.stocktakeId, counted, 1);
    commitStocktake(books, take.stocktakeId, { actor: 'maria', uncountedAsZero: true });
    expect(countFlags(books).map((flag) => flag.isbn)).toEqual([elsewhere]);
  });

  it('exports CSV with a header, a total line, and formula-looking text defused', () => {
    const books = ledger();
    books.catalog.upsertTitles([{ ...books.catalog.title(demoIsbn(0)), title: '=HYPERLINK("x")' }]);
    deliver(books, demoIsbn(0), 2);
    const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
    setCount(books, take.stocktakeId, demoIsbn(0), 1);
    const csv = reportCsv(discrepancyReport(books, take.stocktakeId)).split('\r\n');
    expect(csv[0]).toMatch(/^isbn,title,author,section,expected,counted,difference/);
    expect(csv[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv[1]).toContain(',2,1,-1,');
    expect(csv.at(-2)).toMatch(/^TOTAL,/);
  });
});
