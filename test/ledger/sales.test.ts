import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import {
  cancelPendingReceipt,
  confirmReceipt,
  readReceipt,
  recordReturn,
  recordSale,
  type SaleInput,
} from '../../app/ledger/sales.js';
import { LEDGER_KINDS, deliver, demoIsbn, demoTitles, useLedgers } from '../helpers/ledgers.js';
import { eventAt, oneToN, seqsOf, snapshot } from '../helpers/ledger-state.js';
import { expectUserError } from '../helpers/user-error.js';

const A = demoIsbn(0);
const B = demoIsbn(1);
const price = (index: number) => demoTitles()[index]?.priceCents ?? Number.NaN;
const NOT_IN_CATALOG = demoIsbn(299);
const MISTYPED = `${A.slice(0, 12)}${(Number(A[12]) + 1) % 10}`;

function stocked(ledgers: ReturnType<typeof useLedgers>): Ledger {
  const ledger = ledgers.open();
  deliver(ledger, A, 10);
  deliver(ledger, B, 10);
  return ledger;
}

describe.each(LEDGER_KINDS)('sales (%s ledger)', (kind) => {
  const ledgers = useLedgers(kind);

  it('records a multi-line sale: one receipt, one SALE event per line, counts down', () => {
    const ledger = stocked(ledgers);
    const receipt = recordSale(ledger, {
      cashier: 'ana',
      lines: [
        { isbn: A, qty: 2 },
        { isbn: B, qty: 1 },
      ],
      payment: { method: 'card', reference: 'VISA-1234' },
    });
    const total = 2 * price(0) + price(1);
    expect(receipt).toMatchObject({
      kind: 'SALE',
      storeId: 'uptown',
      originId: ledger.originId,
      cashier: 'ana',
      totalCents: total,
      status: 'final',
      originalReceiptId: null,
      payment: { method: 'card', reference: 'VISA-1234' },
    });
    expect(receipt.lines.map((l) => [l.lineNo, l.isbn, l.qty, l.lineTotalCents])).toEqual([
      [1, A, 2, 2 * price(0)],
      [2, B, 1, price(1)],
    ]);
    expect(receipt.lines[0]?.title).toBe(demoTitles()[0]?.title);
    for (const line of receipt.lines) {
      expect(eventAt(ledger, line.event)).toMatchObject({
        kind: 'SALE',
        isbn: line.isbn,
        qty: line.qty,
        unitPriceCents: line.unitPriceCents,
        receiptId: receipt.receiptId,
        actor: 'ana',
      });
    }
    expect(ledger.onHand(A)).toBe(8);
    expect(ledger.onHand(B)).toBe(9);
    expect(readReceipt(ledger, receipt.receiptId)).toEqual(receipt);
    expect(readReceipt(ledgers.reopen(ledger), receipt.receiptId)).toEqual(receipt);
  });

  it('gives change for cash and records what was tendered', () => {
    const ledger = stocked(ledgers);
    const total = 3 * price(0);
    const receipt = recordSale(ledger, {
      cashier: 'ana',
      lines: [{ isbn: A, qty: 3 }],
      payment: { method: 'cash', tenderedCents: total + 1234 },
    });
    expect(receipt.payment).toEqual({
      method: 'cash',
      tenderedCents: total + 1234,
      changeCents: 1234,
    });
    const exact = recordSale(ledger, {
      cashier: 'ana',
      lines: [{ isbn: B, qty: 1 }],
      payment: { method: 'cash', tenderedCents: price(1) },
    });
    expect(exact.payment).toEqual({ method: 'cash', tenderedCents: price(1), changeCents: 0 });
  });

  it('takes a card without a reference', () => {
    const ledger = stocked(ledgers);
    const receipt = recordSale(ledger, {
      cashier: 'ana',
      lines: [{ isbn: A, qty: 1 }],
      payment: { method: 'card' },
    });
    expect(receipt.payment).toEqual({ method: 'card', reference: null });
  });

  it('uses a price override instead of the catalog price', () => {
    const ledger = stocked(ledgers);
    const receipt = recordSale(ledger, {
      cashier: 'ana',
      lines: [{ isbn: A, qty: 2, unitPriceCents: 500 }],
      payment: { method: 'card' },
    });
    expect(receipt.totalCents).toBe(1000);
    expect(eventAt(ledger, receipt.lines[0]?.event)).toMatchObject({ unitPriceCents: 500 });
  });

  it('refuses too little cash with a clear error and writes nothing', () => {
    const ledger = stocked(ledgers);
    const before = snapshot(ledger);
    const total = 2 * price(0);
    const error = expectUserError(
      () =>
        recordSale(ledger, {
          cashier: 'ana',
          lines: [{ isbn: A, qty: 2 }],
          payment: { method: 'cash', tenderedCents: total - 1 },
        }),
      'INVALID_INPUT',
      /less than the total/,
    );
    expect(error.message).toContain(String(total));
    expect(snapshot(ledger)).toEqual(before);
    expect(ledger.onHand(A)).toBe(10);
  });

  it.each([
    ['an unknown title', NOT_IN_CATALOG, 'UNKNOWN_TITLE'],
    ['an invalid ISBN', MISTYPED, 'INVALID_ISBN'],
    ['a non-ISBN', 'hello', 'INVALID_ISBN'],
  ] as const)('refuses a sale with %s on any line and writes nothing', (_what, isbn, code) => {
    const ledger = stocked(ledgers);
    const before = snapshot(ledger);
    expectUserError(
      () =>
        recordSale(ledger, {
          cashier: 'ana',
          lines: [
            { isbn: A, qty: 1 },
            { isbn, qty: 1 },
          ],
          payment: { method: 'card' },
        }),
      code,
    );
    expect(snapshot(ledger)).toEqual(before);
  });

  it.each([
    ['no lines', { cashier: 'ana', lines: [], payment: { method: 'card' } }, /at least one line/],
    [
      'no cashier',
      { cashier: '', lines: [{ isbn: A, qty: 1 }], payment: { method: 'card' } },
      /cashier/,
    ],
    [
      'a zero quantity',
      { cashier: 'ana', lines: [{ isbn: A, qty: 0 }], payment: { method: 'card' } },
      /lines\.0\.qty/,
    ],
    [
      'a fractional quantity',
      { cashier: 'ana', lines: [{ isbn: A, qty: 1.5 }], payment: { method: 'card' } },
      /qty/,
    ],
    [
      'negative cash',
      {
        cashier: 'ana',
        lines: [{ isbn: A, qty: 1 }],
        payment: { method: 'cash', tenderedCents: -1 },
      },
      /payment/,
    ],
  ] as [string, SaleInput, RegExp][])(
    'refuses a sale with %s as INVALID_INPUT',
    (_w, input, msg) => {
      const ledger = stocked(ledgers);
      const before = snapshot(ledger);
      expectUserError(() => recordSale(ledger, input), 'INVALID_INPUT', msg);
      expect(snapshot(ledger)).toEqual(before);
    },
  );

  it('numbers receipts per register and keeps event seqs gap-free across refusals', () => {
    const ledger = stocked(ledgers);
    const sale = (qty: number) =>
      recordSale(ledger, {
        cashier: 'ana',
        lines: [{ isbn: A, qty }],
        payment: { method: 'card' },
      });
    const first = sale(1);
    expect(() => sale(0)).toThrow();
    expect(() =>
      recordSale(ledger, {
        cashier: 'ana',
        lines: [{ isbn: A, qty: 1 }],
        payment: { method: 'cash', tenderedCents: 0 },
      }),
    ).toThrow();
    const second = sale(1);
    expect(second.receiptNo).toBe(first.receiptNo + 1);
    expect(first.receiptId).toBe(`${ledger.originId}-000001`);
    expect(second.receiptId).toBe(`${ledger.originId}-000002`);
    expect(seqsOf(ledger, ledger.originId)).toEqual(oneToN(4));
  });

  it('says UNKNOWN_RECEIPT for a receipt this register never wrote', () => {
    const ledger = stocked(ledgers);
    expectUserError(() => readReceipt(ledger, 'nope'), 'UNKNOWN_RECEIPT', /nope/);
  });

  describe('pending sales (strong mode)', () => {
    const pendingSale = (ledger: Ledger) =>
      recordSale(ledger, {
        cashier: 'ana',
        lines: [
          { isbn: A, qty: 2 },
          { isbn: B, qty: 1 },
        ],
        payment: { method: 'card' },
        status: 'pending',
      });

    it('holds the copies while pending and finalizes on confirm, once', () => {
      const ledger = stocked(ledgers);
      const receipt = pendingSale(ledger);
      expect(receipt.status).toBe('pending');
      expect(ledger.onHand(A)).toBe(8);
      const confirmed = confirmReceipt(ledger, receipt.receiptId);
      expect(confirmed).toEqual({ ...receipt, status: 'final' });
      const vector = ledger.vector();
      expect(confirmReceipt(ledger, receipt.receiptId)).toEqual(confirmed);
      expect(ledger.vector()).toEqual(vector);
      expect(ledger.onHand(A)).toBe(8);
      expect(readReceipt(ledgers.reopen(ledger), receipt.receiptId).status).toBe('final');
    });

    it('cancels with one VOID per line, restoring the copies', () => {
      const ledger = stocked(ledgers);
      const receipt = pendingSale(ledger);
      const highest = ledger.vector()[ledger.originId] ?? 0;
      const cancelled = cancelPendingReceipt(
        ledger,
        receipt.receiptId,
        'ana',
        'master unreachable',
      );
      expect(cancelled).toEqual({ ...receipt, status: 'cancelled' });
      expect(ledger.vector()[ledger.originId]).toBe(highest + 2);
      for (const [index, line] of receipt.lines.entries()) {
        expect(ledger.event({ originId: ledger.originId, seq: highest + 1 + index })).toMatchObject(
          {
            kind: 'VOID',
            target: line.event,
            isbn: line.isbn,
            reason: 'master unreachable',
          },
        );
      }
      expect(ledger.onHand(A)).toBe(10);
      expect(ledger.onHand(B)).toBe(10);
      expect(ledger.checkStock()).toEqual([]);
    });

    it('cannot cancel a final or cancelled sale, nor confirm a cancelled one', () => {
      const ledger = stocked(ledgers);
      const receipt = pendingSale(ledger);
      cancelPendingReceipt(ledger, receipt.receiptId, 'ana', 'gave up');
      const before = snapshot(ledger);
      expectUserError(
        () => cancelPendingReceipt(ledger, receipt.receiptId, 'ana', 'again'),
        'INVALID_INPUT',
        /is cancelled, not pending/,
      );
      expect(confirmReceipt(ledger, receipt.receiptId).status).toBe('cancelled');
      const final = recordSale(ledger, {
        cashier: 'ana',
        lines: [{ isbn: A, qty: 1 }],
        payment: { method: 'card' },
      });
      const beforeFinal = snapshot(ledger);
      expectUserError(
        () => cancelPendingReceipt(ledger, final.receiptId, 'ana', 'x'),
        'INVALID_INPUT',
        /is final, not pending/,
      );
      expect(snapshot(ledger)).toEqual(beforeFinal);
      expect(before.events.length + 1).toBe(beforeFinal.events.length);
    });

    it('cannot take a return against a pending or cancelled sale', () => {
      const ledger = stocked(ledgers);
      const pending = pendingSale(ledger);
      const returnAgainst = (receiptId: string) =>
        recordReturn(ledger, {
          cashier: 'ana',
          originalReceiptId: receiptId,
          lines: [{ isbn: A, qty: 1 }],
          refund: { method: 'card' },
        });
      expectUserError(() => returnAgainst(pending.receiptId), 'UNKNOWN_RECEIPT', /not a completed/);
      cancelPendingReceipt(ledger, pending.receiptId, 'ana', 'gave up');
      const before = snapshot(ledger);
      expectUserError(() => returnAgainst(pending.receiptId), 'UNKNOWN_RECEIPT', /not a completed/);
      expect(snapshot(ledger)).toEqual(before);
    });
  });
});
