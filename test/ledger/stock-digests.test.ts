// Each title's digest (its events and the sum of their seqs) lives in its stock row beside the
// count, moved in the same transaction as each event by every path that writes one: a sale, a
// page of foreign events, a stocktake. Anti-entropy reads it instead of the store's events.
import { describe, expect, it } from 'vitest';
import { recordSale } from '../../app/ledger/sales.js';
import { LEDGER_KINDS, deliver, demoIsbn, useLedgers } from '../helpers/ledgers.js';
import { foreignDeliveries, originNo } from '../helpers/foreign-events.js';

const A = demoIsbn(0);
const B = demoIsbn(1);

describe.each(LEDGER_KINDS)('title digests in the stock cache (%s ledger)', (kind) => {
  const ledgers = useLedgers(kind);

  it('count every event of a title, whether or not it moves the count', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 5); // seq 1
    recordSale(ledger, {
      cashier: 'ana',
      lines: [{ isbn: A, qty: 2 }],
      payment: { method: 'card' },
    }); // seq 2
    // Foreign deliveries of B arrive as one page (the deferred path), one of them early.
    const page = foreignDeliveries(originNo(7), 3, B);
    ledger.applyForeign([page[0]!, page[2]!]);
    ledger.applyForeign([page[1]!]);
    // A count of A that saw everything: the events before it no longer move the count.
    ledger.appendStocktakes({ actor: 'manager', stocktakeId: 'night-1' }, [
      { isbn: A, counted: 4, vector: ledger.vector() },
    ]); // seq 3
    expect(ledger.titleDigests()).toEqual(
      [
        { isbn: A, onHand: 4, events: 3, seqSum: 1 + 2 + 3 },
        { isbn: B, onHand: 3, events: 3, seqSum: 1 + 2 + 3 },
      ].sort((x, y) => x.isbn.localeCompare(y.isbn)),
    );
    expect(ledger.checkStock()).toEqual([]);
  });

  it('a digest that drifted from the log is reported by checkStock and put right by a rebuild', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 2);
    deliver(ledger, A, 1);
    ledger.db.prepare('UPDATE stock SET seq_sum = 40, event_count = 1 WHERE isbn = ?').run(A);
    expect(ledger.checkStock()).toEqual([
      { storeId: 'uptown', isbn: A, what: 'eventCount', cached: 1, rebuilt: 2 },
      { storeId: 'uptown', isbn: A, what: 'seqSum', cached: 40, rebuilt: 3 },
    ]);
    ledger.rebuildStock();
    expect(ledger.checkStock()).toEqual([]);
    expect(ledger.titleDigests()).toEqual([{ isbn: A, onHand: 3, events: 2, seqSum: 3 }]);
  });

  it('only the store’s own titles, and only those with events', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 1);
    ledger.applyForeign(
      foreignDeliveries(originNo(8), 2, B).map((event) => ({ ...event, storeId: 'riverside' })),
    );
    ledger.db
      .prepare("INSERT INTO stock (store_id, isbn, on_hand, horizon) VALUES ('uptown', ?, 0, '{}')")
      .run(demoIsbn(2));
    expect(ledger.titleDigests().map((digest) => digest.isbn)).toEqual([A]);
    expect(ledger.titleDigests('riverside')).toEqual([
      { isbn: B, onHand: 2, events: 2, seqSum: 3 },
    ]);
  });
});
