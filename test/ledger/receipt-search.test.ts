// Finding receipts again on a real SQLite file: by the number printed on the paper, by id, today's
// list; and what is still returnable per line, by the same rule the return itself enforces.
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import {
  findReceipts,
  parseReceiptQuery,
  returnableReceipt,
} from '../../app/ledger/receipt-search.js';
import { printedReceiptNo, receiptText } from '../../app/ledger/receipt-text.js';
import {
  cancelPendingReceipt,
  recordReturn,
  recordSale,
  type Receipt,
} from '../../app/ledger/sales.js';
import { voidEvent } from '../../app/ledger/stock-operations.js';
import { deliver, demoIsbn, useLedgers } from '../helpers/ledgers.js';
import { expectUserError } from '../helpers/user-error.js';

const A = demoIsbn(0);
const B = demoIsbn(1);
const EARLY = new Date(Date.now() - 60 * 60 * 1000);

function sale(ledger: Ledger, lines: { isbn: string; qty: number }[], status?: 'pending') {
  return recordSale(ledger, {
    cashier: 'ana',
    lines,
    payment: { method: 'card' },
    ...(status ? { status } : {}),
  });
}

function refund(ledger: Ledger, original: Receipt, lines: { isbn: string; qty: number }[]) {
  return recordReturn(ledger, {
    cashier: 'ben',
    originalReceiptId: original.receiptId,
    lines,
    refund: { method: 'cash', tenderedCents: 0 },
  });
}

describe('parseReceiptQuery', () => {
  it('reads what is printed, a bare number, a full id, or nothing', () => {
    expect(parseReceiptQuery('')).toEqual({ kind: 'today' });
    expect(parseReceiptQuery('   ')).toEqual({ kind: 'today' });
    expect(parseReceiptQuery('Receipt 1A2B3C4D-17')).toEqual({
      kind: 'printed',
      originPrefix: '1a2b3c4d',
      receiptNo: 17,
    });
    expect(parseReceiptQuery('#17')).toEqual({ kind: 'number', receiptNo: 17 });
    const id = `${'0123456789abcdef'.repeat(2)}-000017`;
    expect(parseReceiptQuery(id)).toEqual({ kind: 'id', receiptId: id });
  });

  it('refuses anything else and says how to type it', () => {
    for (const bad of ['abc', '17-', 'x1a2b-3', '9780000000000000']) {
      expectUserError(() => parseReceiptQuery(bad), 'INVALID_INPUT', /as printed/);
    }
  });
});

describe('findReceipts on a ledger file', () => {
  const ledgers = useLedgers('disk');
  const stocked = () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 10);
    deliver(ledger, B, 10);
    return ledger;
  };

  it('finds a receipt by the number printed on it, exactly as receiptText prints it', () => {
    const ledger = stocked();
    const first = sale(ledger, [{ isbn: A, qty: 1 }]);
    const second = sale(ledger, [
      { isbn: A, qty: 2 },
      { isbn: B, qty: 1 },
    ]);
    const printed = printedReceiptNo(second.receiptId);
    expect(receiptText(second, 'Uptown', 'USD')).toContain(`Receipt ${printed}\n`);

    const found = findReceipts(ledger, printed.toUpperCase(), { todayStart: EARLY });
    expect(found).toEqual([
      {
        receiptId: second.receiptId,
        printedNo: printed,
        receiptNo: 2,
        kind: 'SALE',
        status: 'final',
        createdAt: second.createdAt,
        cashier: 'ana',
        totalCents: second.totalCents,
        items: 3,
        originalReceiptId: null,
      },
    ]);
    expect(
      findReceipts(ledger, 'receipt 1', { todayStart: EARLY }).map((r) => r.receiptId),
    ).toEqual([first.receiptId]);
    expect(findReceipts(ledger, second.receiptId, { todayStart: EARLY })).toHaveLength(1);
    expect(findReceipts(ledger, 'ffffffff-2', { todayStart: EARLY })).toEqual([]);
    expect(findReceipts(ledger, '99', { todayStart: EARLY })).toEqual([]);
  });

  it("lists today's receipts newest first, refunds included, and none from before today", () => {
    const ledger = stocked();
    const first = sale(ledger, [{ isbn: A, qty: 2 }]);
    const back = refund(ledger, first, [{ isbn: A, qty: 1 }]);
    const today = findReceipts(ledger, '', { todayStart: EARLY });
    expect(today.map((r) => [r.receiptId, r.kind])).toEqual([
      [back.receiptId, 'RETURN'],
      [first.receiptId, 'SALE'],
    ]);
    expect(today[0]?.originalReceiptId).toBe(first.receiptId);
    expect(findReceipts(ledger, '', { todayStart: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(findReceipts(ledger, '', { todayStart: EARLY, limit: 1 })).toHaveLength(1);
  });

  it('a bare number matches that number on every origin this ledger wrote as', () => {
    const ledger = stocked();
    const before = sale(ledger, [{ isbn: A, qty: 1 }]);
    // Another origin's receipt 1 in the same file, as after a restore (a new origin starts at 1).
    ledger.db
      .prepare(
        `INSERT INTO receipts (receipt_no, kind, store_id, origin_id, cashier, created_at, hlc,
           payment_method, total_cents, status, items, lines)
         VALUES (1, 'SALE', 'uptown', ?, 'cy', ?, ?, 'card', 0, 'final', 0, '[]')`,
      )
      .run('e'.repeat(32), new Date().toISOString(), before.hlc);
    const found = findReceipts(ledger, '1', { todayStart: EARLY });
    expect(found.map((r) => r.receiptId).sort()).toEqual(
      [before.receiptId, `${'e'.repeat(32)}-000001`].sort(),
    );
    expect(findReceipts(ledger, 'eeeeeeee-1', { todayStart: EARLY })).toHaveLength(1);
  });
});

describe('returnableReceipt', () => {
  const ledgers = useLedgers('disk');
  const stocked = () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 10);
    deliver(ledger, B, 10);
    return ledger;
  };

  it('counts what came back per line, and agrees with what recordReturn will take', () => {
    const ledger = stocked();
    const original = sale(ledger, [
      { isbn: A, qty: 3 },
      { isbn: B, qty: 1 },
    ]);
    refund(ledger, original, [{ isbn: A, qty: 1 }]);
    const view = returnableReceipt(ledger, original.receiptId);
    expect(view.refusal).toBeNull();
    expect(view.lines.map((l) => [l.isbn, l.qty, l.returned, l.returnable])).toEqual([
      [A, 3, 1, 2],
      [B, 1, 0, 1],
    ]);
    // One more than returnable is refused by the core, exactly the returnable amount is taken.
    expectUserError(() => refund(ledger, original, [{ isbn: A, qty: 3 }]), 'RETURN_EXCEEDS_SALE');
    refund(ledger, original, [{ isbn: A, qty: 2 }]);
    expect(returnableReceipt(ledger, original.receiptId).lines[0]).toMatchObject({
      returned: 3,
      returnable: 0,
    });
  });

  it('a voided return gives its copies back to returnable', () => {
    const ledger = stocked();
    const original = sale(ledger, [{ isbn: A, qty: 2 }]);
    const back = refund(ledger, original, [{ isbn: A, qty: 2 }]);
    expect(returnableReceipt(ledger, original.receiptId).refusal).toMatch(/already been returned/);
    const returnEvent = back.lines[0]?.event;
    if (!returnEvent) throw new Error('the refund has a line');
    voidEvent(ledger, returnEvent, 'maria', 'refund keyed by mistake');
    const view = returnableReceipt(ledger, original.receiptId);
    expect(view.refusal).toBeNull();
    expect(view.lines[0]).toMatchObject({ returned: 0, returnable: 2 });
  });

  it('nothing is returnable against a refund, a pending or a cancelled sale', () => {
    const ledger = stocked();
    const original = sale(ledger, [{ isbn: A, qty: 1 }]);
    const back = refund(ledger, original, [{ isbn: A, qty: 1 }]);
    expect(returnableReceipt(ledger, back.receiptId).refusal).toMatch(/itself a refund/);
    const waiting = sale(ledger, [{ isbn: B, qty: 1 }], 'pending');
    expect(returnableReceipt(ledger, waiting.receiptId)).toMatchObject({
      refusal: expect.stringMatching(/waiting for the master/) as unknown,
      lines: [{ returnable: 0 }],
    });
    cancelPendingReceipt(ledger, waiting.receiptId, 'ana', 'test');
    expect(returnableReceipt(ledger, waiting.receiptId).refusal).toMatch(/cancelled/);
    expectUserError(() => returnableReceipt(ledger, 'nope'), 'UNKNOWN_RECEIPT');
  });
});
