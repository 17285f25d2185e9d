import type { Ledger } from '../ledger/ledger.js';
import { receiveDelivery } from '../ledger/stock-operations.js';
import { DEMO_STORES, demoCatalog } from './demo-catalog.js';

/** Loads the demo stores and titles, and this store's opening stock as one delivery. Idempotent. */
export function seedDemo(ledger: Ledger, actor = 'setup'): { titles: number; copies: number } {
  const titles = demoCatalog();
  return ledger.transaction(() => {
    ledger.catalog.upsertStores(DEMO_STORES);
    ledger.catalog.upsertTitles(titles.map(({ stock: _stock, ...title }) => title));
    const already = ledger.db
      .prepare(
        "SELECT 1 FROM events WHERE kind = 'DELIVERY' AND store_id = ? AND json_extract(body, '$.reference') = 'opening stock' LIMIT 1",
      )
      .get(ledger.storeId);
    const lines = titles
      .map((title) => ({ isbn: title.isbn, qty: title.stock[ledger.storeId] ?? 0 }))
      .filter((line) => line.qty > 0);
    if (!already && lines.length > 0)
      receiveDelivery(ledger, { actor, reference: 'opening stock', lines });
    return { titles: titles.length, copies: lines.reduce((sum, line) => sum + line.qty, 0) };
  });
}
