// A whole-store commit puts tens of megabytes in the WAL. SQLite would copy them into the database
// file inside the COMMIT (its automatic checkpoint); commitStocktake answers first and checkpoints
// right after, with the commit already durable in the WAL.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { receiveDelivery } from '../../app/ledger/stock-operations.js';
import { commitStocktake } from '../../app/stocktake/commit.js';
import { setCount, startStocktake } from '../../app/stocktake/session.js';

const dirs: string[] = [];
const opened: Ledger[] = [];
afterEach(() => {
  opened.splice(0).forEach((ledger) => ledger.close());
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function countedLedger(titles: number, countedTitles: number) {
  const dir = mkdtempSync(join(tmpdir(), 'stocktake-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'ledger.db');
  const books = Ledger.open({ path, storeId: 'uptown' });
  opened.push(books);
  const catalog = demoCatalog(titles).map(({ stock: _stock, ...title }) => title);
  books.catalog.upsertStores(DEMO_STORES);
  books.catalog.upsertTitles(catalog);
  receiveDelivery(books, {
    actor: 'receiving',
    lines: catalog.map((title) => ({ isbn: title.isbn, qty: 3 })),
  });
  const take = startStocktake(books, { actor: 'maria', scope: { kind: 'all' } });
  books.transaction(() =>
    catalog
      .slice(0, countedTitles)
      .forEach((title) => setCount(books, take.stocktakeId, title.isbn, 2)),
  );
  books.db.pragma('wal_checkpoint(TRUNCATE)');
  // A low threshold, so that this commit's WAL would be checkpointed inside its COMMIT.
  books.db.pragma('wal_autocheckpoint = 10');
  return { books, path, take };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the checkpoint after a stocktake commit', () => {
  it('comes after the answer, with the commit durable and readable before it', async () => {
    const { books, path, take } = countedLedger(600, 600);
    const fileBefore = statSync(path).size;
    const result = commitStocktake(books, take.stocktakeId, {
      actor: 'maria',
      uncountedAsZero: false,
    });
    expect(result.countedTitles).toBe(600);
    // Not yet copied into the database file, yet committed: another connection reads it.
    expect(statSync(path).size).toBe(fileBefore);
    const reader = new Database(path, { readonly: true });
    expect(
      reader.prepare("SELECT count(*) FROM events WHERE kind = 'STOCKTAKE'").pluck(true).get(),
    ).toBe(600);
    reader.close();
    expect(books.db.pragma('wal_autocheckpoint', { simple: true })).toBe(10);
    await nextTurn();
    expect(statSync(path).size).toBeGreaterThan(fileBefore);
  });

  it('leaves the threshold as it was when the commit is refused', async () => {
    const { books, take } = countedLedger(600, 500);
    expect(() =>
      commitStocktake(books, take.stocktakeId, { actor: 'maria', uncountedAsZero: false }),
    ).toThrow(/100 expected titles were never counted/);
    expect(books.db.pragma('wal_autocheckpoint', { simple: true })).toBe(10);
    await nextTurn();
    expect(
      books.db.prepare("SELECT count(*) FROM events WHERE kind = 'STOCKTAKE'").pluck(true).get(),
    ).toBe(0);
  });
});
