import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import { readReceipt, recordReturn, recordSale, type Receipt } from '../../app/ledger/sales.js';
import { voidEvent } from '../../app/ledger/stock-operations.js';
import {
  LEDGER_KINDS,
  deliver,
  demoIsbn,
  demoTitles,
  titleRecord,
  useLedgers,
} from '../helpers/ledgers.js';
import { eventAt, snapshot } from '../helpers/ledger-state.js';
import { expectUserError } from '../helpers/user-error.js';

const A = demoIsbn(0);
const B = demoIsbn(1);
const C = demoIsbn(2);
const price = (index: number) => demoTitles()[index]?.priceCents ?? Number.NaN;

function saleOf(ledger: Ledger, lines: { isbn: string; qty: number }[]): Receipt {
  return recordSale(ledger, { cashier: 'ana', lines, payment: { method: 'card' } });
}

function returnOf(ledger: Ledger, receiptId: string, lines: { isbn: string; qty: number }[]) {
  return recordReturn(ledger, {
    cashier: 'ben',
    originalReceiptId: receiptId,
    lines,
    refund: { method: 'cash', tenderedCents: 0 },
  });
}

describe.each(LEDGER_KINDS)('returns (%s ledger)', (kind) => {
  const ledgers = useLedgers(kind);
  const stocked = () => {
    const ledger = ledgers.open();
    for (const isbn of [A, B, C]) deliver(ledger, isbn, 10);
    return ledger;
  };

  it('takes a return against a receipt: RETURN events point at the sale lines', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [
      { isbn: A, qty: 2 },
      { isbn: B, qty: 1 },
    ]);
    const refund = returnOf(ledger, sale.receiptId, [
      { isbn: A, qty: 2 },
      { isbn: B, qty: 1 },
    ]);
    expect(refund).toMatchObject({
      kind: 'RETURN',
      originalReceiptId: sale.receiptId,
      cashier: 'ben',
      totalCents: sale.totalCents,
      payment: { method: 'cash', tenderedCents: sale.totalCents, changeCents: 0 },
      status: 'final',
    });
    for (const [index, line] of refund.lines.entries()) {
      expect(eventAt(ledger, line.event)).toMatchObject({
        kind: 'RETURN',
        isbn: line.isbn,
        qty: line.qty,
        receiptId: refund.receiptId,
        sale: sale.lines[index]?.event,
      });
    }
    expect(ledger.onHand(A)).toBe(10);
    expect(ledger.onHand(B)).toBe(10);
    expect(readReceipt(ledgers.reopen(ledger), refund.receiptId)).toEqual(refund);
  });

  it('refunds to a card at the sale price, even after the catalog price changed', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [{ isbn: A, qty: 3 }]);
    const record = titleRecord(0);
    ledger.catalog.upsertTitles([{ ...record, priceCents: record.priceCents * 2 }]);
    const refund = recordReturn(ledger, {
      cashier: 'ben',
      originalReceiptId: sale.receiptId,
      lines: [{ isbn: A, qty: 1 }],
      refund: { method: 'card', reference: 'MC-9' },
    });
    expect(refund.totalCents).toBe(price(0));
    expect(refund.payment).toEqual({ method: 'card', reference: 'MC-9' });
  });

  it('takes partial returns until the sale is used up, then refuses', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [{ isbn: A, qty: 3 }]);
    returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 1 }]);
    expect(ledger.onHand(A)).toBe(8);
    returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 2 }]);
    expect(ledger.onHand(A)).toBe(10);
    const before = snapshot(ledger);
    expectUserError(
      () => returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 1 }]),
      'RETURN_EXCEEDS_SALE',
      /has 0 more copies of .* to return, not 1/,
    );
    expect(snapshot(ledger)).toEqual(before);
  });

  it('refuses a return larger than the sale, or of a title not on it, writing nothing', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [
      { isbn: A, qty: 2 },
      { isbn: B, qty: 1 },
    ]);
    const before = snapshot(ledger);
    expectUserError(
      () =>
        returnOf(ledger, sale.receiptId, [
          { isbn: B, qty: 1 },
          { isbn: A, qty: 3 },
        ]),
      'RETURN_EXCEEDS_SALE',
      new RegExp(`has 2 more copies of ${A} to return, not 3`),
    );
    expectUserError(
      () => returnOf(ledger, sale.receiptId, [{ isbn: C, qty: 1 }]),
      'RETURN_EXCEEDS_SALE',
      /has 0 more copies/,
    );
    expectUserError(
      () =>
        returnOf(ledger, sale.receiptId, [
          { isbn: A, qty: 2 },
          { isbn: A, qty: 1 },
        ]),
      'RETURN_EXCEEDS_SALE',
    );
    expect(snapshot(ledger)).toEqual(before);
  });

  it('splits a return over sale lines of the same title', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [
      { isbn: A, qty: 1 },
      { isbn: B, qty: 1 },
      { isbn: A, qty: 2 },
    ]);
    const refund = returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 3 }]);
    expect(refund.lines.map((l) => [l.qty, l.event])).toHaveLength(2);
    expect(refund.lines.map((l) => eventAt(ledger, l.event))).toMatchObject([
      { qty: 1, sale: sale.lines[0]?.event },
      { qty: 2, sale: sale.lines[2]?.event },
    ]);
    expect(ledger.onHand(A)).toBe(10);
  });

  it('accepts the ISBN in any form on a return', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [{ isbn: A, qty: 1 }]);
    const refund = returnOf(ledger, sale.receiptId, [
      { isbn: `${A.slice(0, 3)}-${A.slice(3)}`, qty: 1 },
    ]);
    expect(refund.lines[0]?.isbn).toBe(A);
  });

  it('allows the copies of a voided return to be returned again', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [{ isbn: A, qty: 2 }]);
    const first = returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 2 }]);
    expect(ledger.onHand(A)).toBe(10);
    const firstLine = first.lines[0];
    if (!firstLine) throw new Error('no return line');
    voidEvent(ledger, firstLine.event, 'manager', 'refund rang up on the wrong receipt');
    expect(ledger.onHand(A)).toBe(8);
    const again = returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 2 }]);
    expect(again.totalCents).toBe(2 * price(0));
    expect(ledger.onHand(A)).toBe(10);
    expectUserError(
      () => returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 1 }]),
      'RETURN_EXCEEDS_SALE',
    );
    expect(ledger.checkStock()).toEqual([]);
  });

  it('refuses to return a sale line that was voided (those copies never left)', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [
      { isbn: A, qty: 2 },
      { isbn: B, qty: 1 },
    ]);
    const line = sale.lines[0];
    if (!line) throw new Error('no sale line');
    voidEvent(ledger, line.event, 'manager', 'scanned twice');
    expect(ledger.onHand(A)).toBe(10);
    const before = snapshot(ledger);
    expectUserError(
      () => returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 1 }]),
      'RETURN_EXCEEDS_SALE',
    );
    expect(snapshot(ledger)).toEqual(before);
    expect(ledger.onHand(A)).toBe(10);
    returnOf(ledger, sale.receiptId, [{ isbn: B, qty: 1 }]);
    expect(ledger.onHand(B)).toBe(10);
  });

  it('refuses a return against an unknown receipt or against a return', () => {
    const ledger = stocked();
    const sale = saleOf(ledger, [{ isbn: A, qty: 2 }]);
    const refund = returnOf(ledger, sale.receiptId, [{ isbn: A, qty: 1 }]);
    const before = snapshot(ledger);
    expectUserError(
      () => returnOf(ledger, 'no-such-receipt', [{ isbn: A, qty: 1 }]),
      'UNKNOWN_RECEIPT',
      /no-such-receipt/,
    );
    expectUserError(
      () => returnOf(ledger, refund.receiptId, [{ isbn: A, qty: 1 }]),
      'UNKNOWN_RECEIPT',
      /not a completed sale/,
    );
    expectUserError(
      () => returnOf(ledger, sale.receiptId, [{ isbn: 'garbage', qty: 1 }]),
      'INVALID_ISBN',
    );
    expect(snapshot(ledger)).toEqual(before);
  });
});
