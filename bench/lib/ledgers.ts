// Register ledgers for the bench: on disk (the real, durable thing) or in memory, with the demo
// stores and a catalog loaded and stock delivered.
import { join } from 'node:path';
import { DEMO_STORES, demoCatalog, type DemoTitle } from '../../app/catalog/demo-catalog.js';
import type { Title } from '../../app/catalog/catalog.js';
import { checkpointLedgerInWorker } from '../../app/ledger/ledger-checkpoint.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { receiveDelivery } from '../../app/ledger/stock-operations.js';

let cached: DemoTitle[] = [];
export function benchTitles(count: number): Title[] {
  if (cached.length < count) cached = demoCatalog(count);
  return cached.slice(0, count).map(({ stock: _stock, ...title }) => title);
}

export function openLedger(
  dir: string,
  options: {
    storeId?: string;
    titles?: number;
    stock?: number;
    /** 'worker' (default), as Register.open runs a ledger on disk; 'in-commit' is SQLite's own. */
    checkpoints?: 'worker' | 'in-commit';
  } = {},
): Ledger {
  const ledger = Ledger.open({
    path: dir === ':memory:' ? dir : join(dir, 'ledger.db'),
    storeId: options.storeId ?? 'uptown',
  });
  if (options.checkpoints !== 'in-commit') checkpointLedgerInWorker(ledger);
  const titles = benchTitles(options.titles ?? 300);
  ledger.catalog.upsertStores(DEMO_STORES);
  ledger.catalog.upsertTitles(titles);
  if (options.stock) {
    receiveDelivery(ledger, {
      actor: 'receiving',
      reference: 'bench opening stock',
      lines: titles
        .slice(0, 50_000)
        .map((title) => ({ isbn: title.isbn, qty: options.stock ?? 1 })),
    });
  }
  return ledger;
}
