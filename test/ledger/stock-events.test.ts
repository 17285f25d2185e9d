// Every event kind moves on-hand the way the fold says, in memory and on disk, and survives a reopen.
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { Ledger } from '../../app/ledger/ledger.js';
import { recordReturn, recordSale } from '../../app/ledger/sales.js';
import {
  adjustStock,
  receiveDelivery,
  receiveTransfer,
  recordStocktake,
  transferOut,
  voidEvent,
} from '../../app/ledger/stock-operations.js';
import { LEDGER_KINDS, deliver, demoIsbn, useLedgers } from '../helpers/ledgers.js';
import { eventAt, keyOf, snapshot } from '../helpers/ledger-state.js';
import { expectUserError } from '../helpers/user-error.js';

const BOOK = demoIsbn(0);
const OTHER = demoIsbn(1);

const VOIDABLE = ['SALE', 'RETURN', 'DELIVERY', 'TRANSFER_OUT', 'ADJUST', 'STOCKTAKE'] as const;
type VoidableKind = (typeof VOIDABLE)[number];

function sell(ledger: Ledger, isbn: string, qty: number) {
  return recordSale(ledger, {
    cashier: 'ana',
    lines: [{ isbn, qty }],
    payment: { method: 'card' },
  });
}

describe.each(LEDGER_KINDS)('stock events (%s ledger)', (kind) => {
  const ledgers = useLedgers(kind);

  it('DELIVERY adds copies, keyed by the normalized ISBN', () => {
    const ledger = ledgers.open();
    const events = receiveDelivery(ledger, {
      actor: 'receiving',
      reference: 'PO-77',
      lines: [
        { isbn: BOOK, qty: 4 },
        { isbn: `${OTHER.slice(0, 3)}-${OTHER.slice(3)}`, qty: 2 },
      ],
    });
    expect(events.map((e) => [e.kind, e.isbn, e.storeId])).toEqual([
      ['DELIVERY', BOOK, 'uptown'],
      ['DELIVERY', OTHER, 'uptown'],
    ]);
    expect(events[0]).toMatchObject({ qty: 4, reference: 'PO-77', actor: 'receiving' });
    expect(ledger.onHand(BOOK)).toBe(4);
    expect(ledger.onHand(OTHER)).toBe(2);
    const reopened = ledgers.reopen(ledger);
    expect(reopened.onHand(BOOK)).toBe(4);
    expect(reopened.event(keyOf(events[0]))).toEqual(events[0]);
    expect(reopened.checkStock()).toEqual([]);
  });

  it('a delivery with one unknown title writes none of its lines', () => {
    const ledger = ledgers.open();
    const before = snapshot(ledger);
    expectUserError(
      () =>
        receiveDelivery(ledger, {
          actor: 'receiving',
          lines: [
            { isbn: BOOK, qty: 4 },
            { isbn: demoIsbn(250), qty: 1 },
          ],
        }),
      'UNKNOWN_TITLE',
    );
    expectUserError(
      () => receiveDelivery(ledger, { actor: 'receiving', lines: [{ isbn: BOOK, qty: 0 }] }),
      'INVALID_INPUT',
      /qty/,
    );
    expect(snapshot(ledger)).toEqual(before);
  });

  it('SALE takes copies off and RETURN puts them back', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 5);
    const sale = sell(ledger, BOOK, 3);
    expect(ledger.onHand(BOOK)).toBe(2);
    const saleEvent = eventAt(ledger, sale.lines[0]?.event);
    expect(saleEvent).toMatchObject({ kind: 'SALE', qty: 3, receiptId: sale.receiptId });
    recordReturn(ledger, {
      cashier: 'ana',
      originalReceiptId: sale.receiptId,
      lines: [{ isbn: BOOK, qty: 1 }],
      refund: { method: 'card' },
    });
    expect(ledger.onHand(BOOK)).toBe(3);
    expect(ledgers.reopen(ledger).onHand(BOOK)).toBe(3);
  });

  it('TRANSFER_OUT and TRANSFER_IN move copies between two stores', () => {
    const uptown = ledgers.open('uptown');
    const riverside = ledgers.open('riverside');
    deliver(uptown, BOOK, 6);
    const sent = transferOut(uptown, {
      actor: 'manager',
      toStoreId: 'riverside',
      lines: [{ isbn: BOOK, qty: 4 }],
    });
    expect(sent.transferId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.events[0]).toMatchObject({
      kind: 'TRANSFER_OUT',
      qty: 4,
      toStoreId: 'riverside',
      transferId: sent.transferId,
    });
    expect(uptown.onHand(BOOK)).toBe(2);

    const received = receiveTransfer(riverside, {
      actor: 'manager',
      transferId: sent.transferId,
      fromStoreId: 'uptown',
      lines: [{ isbn: BOOK, qty: 4 }],
    });
    expect(received[0]).toMatchObject({ kind: 'TRANSFER_IN', fromStoreId: 'uptown', qty: 4 });
    expect(riverside.onHand(BOOK)).toBe(4);

    // Each register learns the other store's movements and counts both stores.
    uptown.applyForeign(received);
    riverside.applyForeign(uptown.eventsMissingFrom(riverside.vector(), 1000));
    for (const ledger of [uptown, riverside]) {
      expect(ledger.onHand(BOOK, 'uptown')).toBe(2);
      expect(ledger.onHand(BOOK, 'riverside')).toBe(4);
      expect(ledger.checkStock()).toEqual([]);
    }
  });

  it('refuses a transfer to the same store or an unknown one, writing nothing', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 6);
    const before = snapshot(ledger);
    const lines = [{ isbn: BOOK, qty: 1 }];
    expectUserError(
      () => transferOut(ledger, { actor: 'm', toStoreId: 'uptown', lines }),
      'INVALID_INPUT',
      /another store/,
    );
    expectUserError(
      () => transferOut(ledger, { actor: 'm', toStoreId: 'downtown', lines }),
      'UNKNOWN_STORE',
    );
    expectUserError(
      () => receiveTransfer(ledger, { actor: 'm', transferId: 't', fromStoreId: 'nowhere', lines }),
      'UNKNOWN_STORE',
    );
    expect(snapshot(ledger)).toEqual(before);
  });

  it('ADJUST changes the count by delta and keeps its reason', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 5);
    const damaged = adjustStock(ledger, {
      actor: 'manager',
      isbn: BOOK,
      delta: -2,
      reason: 'water damage',
    });
    expect(damaged).toMatchObject({ kind: 'ADJUST', delta: -2, reason: 'water damage' });
    expect(ledger.onHand(BOOK)).toBe(3);
    adjustStock(ledger, { actor: 'manager', isbn: BOOK, delta: 7, reason: 'found in back room' });
    expect(ledger.onHand(BOOK)).toBe(10);
    expect(ledgers.reopen(ledger).onHand(BOOK)).toBe(10);
  });

  it('refuses an adjustment without a reason or without a change', () => {
    const ledger = ledgers.open();
    const before = snapshot(ledger);
    expectUserError(
      () => adjustStock(ledger, { actor: 'm', isbn: BOOK, delta: 1, reason: '   ' }),
      'INVALID_INPUT',
      /reason/,
    );
    expectUserError(
      () => adjustStock(ledger, { actor: 'm', isbn: BOOK, delta: 0, reason: 'nothing' }),
      'INVALID_INPUT',
      /must change the count/,
    );
    expect(snapshot(ledger)).toEqual(before);
  });

  it('STOCKTAKE resets the count to what was observed, carrying the vector it had seen', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 10);
    sell(ledger, BOOK, 2);
    const seen = ledger.vector();
    const [count] = recordStocktake(ledger, {
      actor: 'manager',
      stocktakeId: 'night-1',
      counts: [{ isbn: BOOK, counted: 5 }],
    });
    expect(count).toMatchObject({ kind: 'STOCKTAKE', counted: 5, vector: seen });
    expect(ledger.onHand(BOOK)).toBe(5);
    // Movements after the count apply on top of it.
    sell(ledger, BOOK, 1);
    deliver(ledger, BOOK, 3);
    expect(ledger.onHand(BOOK)).toBe(7);
    expect(ledger.explainCount(BOOK).stocktake).toEqual(count);
    const reopened = ledgers.reopen(ledger);
    expect(reopened.onHand(BOOK)).toBe(7);
    expect(reopened.checkStock()).toEqual([]);
  });

  it('STOCKTAKE subtracts a sale it had not seen once, and one it had seen not at all', () => {
    const counter = ledgers.open('uptown');
    const till2 = ledgers.open('uptown');
    deliver(counter, BOOK, 10);
    till2.applyForeign(counter.eventsMissingFrom(till2.vector(), 100));
    const seenSale = sell(till2, BOOK, 1);
    counter.applyForeign(till2.eventsMissingFrom(counter.vector(), 100));
    const unseenSale = sell(till2, BOOK, 2); // not yet synced when the shelf is counted
    recordStocktake(counter, {
      actor: 'manager',
      stocktakeId: 'night-1',
      counts: [{ isbn: BOOK, counted: 9 }],
    });
    expect(counter.onHand(BOOK)).toBe(9);
    counter.applyForeign(till2.eventsMissingFrom(counter.vector(), 100));
    till2.applyForeign(counter.eventsMissingFrom(till2.vector(), 100));
    for (const ledger of [counter, till2]) {
      expect(ledger.onHand(BOOK)).toBe(9 - 2);
      expect(ledger.checkStock()).toEqual([]);
    }
    expect(seenSale.lines[0]?.event.seq).toBeLessThan(unseenSale.lines[0]?.event.seq ?? 0);
  });

  it('a stocktake with an explicit vector only covers the events that vector names', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 10);
    const before = ledger.vector();
    sell(ledger, BOOK, 3);
    recordStocktake(ledger, {
      actor: 'manager',
      stocktakeId: 'late-entry',
      counts: [{ isbn: BOOK, counted: 10, vector: before }],
    });
    expect(ledger.onHand(BOOK)).toBe(7);
  });

  it.each(VOIDABLE)('VOID of a %s undoes exactly that event', (target) => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 10);
    const sale = sell(ledger, BOOK, 2);
    const beforeTarget = ledger.onHand(BOOK);
    const event = makeEvent(ledger, target, sale.receiptId);
    expect(event.kind).toBe(target);
    expect(ledger.onHand(BOOK)).not.toBe(beforeTarget);
    const voided = voidEvent(ledger, keyOf(event), 'manager', 'keyed by mistake');
    expect(voided).toMatchObject({
      kind: 'VOID',
      target: keyOf(event),
      storeId: event.storeId,
      isbn: event.isbn,
      reason: 'keyed by mistake',
    });
    expect(ledger.onHand(BOOK)).toBe(beforeTarget);
    // Voiding the same event again changes nothing more.
    voidEvent(ledger, keyOf(event), 'manager', 'again');
    expect(ledger.onHand(BOOK)).toBe(beforeTarget);
    const reopened = ledgers.reopen(ledger);
    expect(reopened.onHand(BOOK)).toBe(beforeTarget);
    expect(reopened.checkStock()).toEqual([]);
  });

  it('voids an event handed over whole, recording only its key as the target', () => {
    const ledger = ledgers.open();
    const [delivery] = receiveDelivery(ledger, { actor: 'r', lines: [{ isbn: BOOK, qty: 4 }] });
    if (!delivery) throw new Error('no delivery');
    const voided = voidEvent(ledger, delivery, 'manager', 'wrong store');
    expect(voided).toMatchObject({ kind: 'VOID', target: keyOf(delivery) });
    expect(voided.kind === 'VOID' && Object.keys(voided.target).sort()).toEqual([
      'originId',
      'seq',
    ]);
    expect(ledger.onHand(BOOK)).toBe(0);
  });

  it('VOID of a TRANSFER_IN undoes it', () => {
    const ledger = ledgers.open('riverside');
    const [received] = receiveTransfer(ledger, {
      actor: 'manager',
      transferId: 'T-1',
      fromStoreId: 'uptown',
      lines: [{ isbn: BOOK, qty: 3 }],
    });
    expect(ledger.onHand(BOOK)).toBe(3);
    voidEvent(ledger, keyOf(received), 'manager', 'wrong box');
    expect(ledger.onHand(BOOK)).toBe(0);
    expect(ledger.checkStock()).toEqual([]);
  });

  it('VOID of a STOCKTAKE falls back to the count before it', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 10);
    const [first] = recordStocktake(ledger, {
      actor: 'm',
      stocktakeId: 'a',
      counts: [{ isbn: BOOK, counted: 8 }],
    });
    sell(ledger, BOOK, 1);
    const [second] = recordStocktake(ledger, {
      actor: 'm',
      stocktakeId: 'b',
      counts: [{ isbn: BOOK, counted: 3 }],
    });
    expect(ledger.onHand(BOOK)).toBe(3);
    voidEvent(ledger, keyOf(second), 'm', 'miscounted');
    expect(ledger.onHand(BOOK)).toBe(7);
    expect(ledger.explainCount(BOOK).stocktake).toEqual(first);
  });

  it('refuses to void a VOID locally, and an unknown event, writing nothing', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 10);
    const sale = sell(ledger, BOOK, 2);
    const saleKey = sale.lines[0]?.event;
    if (!saleKey) throw new Error('no sale line');
    const voided = voidEvent(ledger, saleKey, 'm', 'mistake');
    const before = snapshot(ledger);
    expectUserError(
      () => voidEvent(ledger, keyOf(voided), 'm', 'undo the void'),
      'INVALID_INPUT',
      /void cannot be voided/,
    );
    expectUserError(
      () => voidEvent(ledger, { originId: ledger.originId, seq: 999 }, 'm', 'x'),
      'UNKNOWN_EVENT',
      /999/,
    );
    expect(snapshot(ledger)).toEqual(before);
    expect(ledger.onHand(BOOK)).toBe(10);
  });

  it('a VOID of a VOID from another register is recorded but has no effect', () => {
    const ledger = ledgers.open();
    deliver(ledger, BOOK, 10);
    const sale = sell(ledger, BOOK, 2);
    const saleKey = sale.lines[0]?.event;
    if (!saleKey) throw new Error('no sale line');
    const voided = voidEvent(ledger, saleKey, 'm', 'mistake');
    const otherOrigin = 'f'.repeat(32);
    const report = ledger.applyForeign([
      {
        kind: 'VOID',
        originId: otherOrigin,
        seq: 1,
        hlc: voided.hlc,
        storeId: 'uptown',
        isbn: BOOK,
        actor: 'elsewhere',
        target: keyOf(voided),
        reason: 'an older register allowed this',
      },
    ]);
    expect(report).toMatchObject({ applied: 1, conflicts: [] });
    expect(ledger.onHand(BOOK)).toBe(10);
    expect(ledger.checkStock()).toEqual([]);
    expect(ledgers.reopen(ledger).onHand(BOOK)).toBe(10);
  });
});

/** Records one event of `kind` for BOOK that changes its count, and returns it. */
function makeEvent(ledger: Ledger, kind: VoidableKind, receiptId: string): LedgerEvent {
  const only = (events: LedgerEvent[]) => eventAt(ledger, keyOf(events[0]));
  switch (kind) {
    case 'SALE':
      return eventAt(ledger, sell(ledger, BOOK, 3).lines[0]?.event);
    case 'RETURN': {
      const receipt = recordReturn(ledger, {
        cashier: 'ana',
        originalReceiptId: receiptId,
        lines: [{ isbn: BOOK, qty: 2 }],
        refund: { method: 'cash', tenderedCents: 0 },
      });
      return eventAt(ledger, receipt.lines[0]?.event);
    }
    case 'DELIVERY':
      return only(receiveDelivery(ledger, { actor: 'r', lines: [{ isbn: BOOK, qty: 4 }] }));
    case 'TRANSFER_OUT':
      return only(
        transferOut(ledger, { actor: 'm', toStoreId: 'riverside', lines: [{ isbn: BOOK, qty: 1 }] })
          .events,
      );
    case 'ADJUST':
      return adjustStock(ledger, { actor: 'm', isbn: BOOK, delta: -3, reason: 'shelf damage' });
    case 'STOCKTAKE':
      return only(
        recordStocktake(ledger, {
          actor: 'm',
          stocktakeId: 's',
          counts: [{ isbn: BOOK, counted: 1 }],
        }),
      );
  }
}
