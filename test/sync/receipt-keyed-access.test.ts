// Work on one receipt reaches it through its key (origin_id, receipt_no), never by reading every
// receipt: a strong sale's confirmation that scanned the table once cost 32 busy registers half
// their sales rate, growing with every receipt the till held. Only the receipt lists may scan;
// the count of sales waiting for the master, polled by the status bar, reads only those.
import { describe, expect, it, vi } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import { findReceipts, returnableReceipt } from '../../app/ledger/receipt-search.js';
import {
  cancelPendingReceipt,
  confirmReceipt,
  readReceipt,
  recordReturn,
  recordSale,
} from '../../app/ledger/sales.js';
import { pendingReceiptCount, pendingReceipts, sellStrong } from '../../app/sync/strong-sale.js';
import { acceptingMaster } from '../helpers/accepting-master.js';
import { useMemoryLedgers } from '../helpers/feed-chain.js';
import { deliver, demoIsbn } from '../helpers/ledgers.js';

const openLedger = useMemoryLedgers(3);
const A = demoIsbn(0);

/** The SQL of every statement the ledger prepares from here on. */
function recordStatements(ledger: Ledger): Set<string> {
  const seen = new Set<string>();
  const prepare = ledger.statement.bind(ledger);
  vi.spyOn(ledger, 'statement').mockImplementation((sql) => {
    seen.add(sql);
    return prepare(sql);
  });
  return seen;
}

/** How SQLite runs `sql`; its parameters (no `?` appears in these statements' literals) as NULL. */
function plan(ledger: Ledger, sql: string): string[] {
  const parameters = new Array<null>(sql.split('?').length - 1).fill(null);
  const steps = ledger.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters);
  return (steps as { detail: string }[]).map((step) => step.detail);
}

describe('one receipt, through its key', () => {
  it('sales, a strong confirmation, a cancellation, a return, a reprint and a lookup by id', async () => {
    const ledger = openLedger();
    deliver(ledger, A, 50);
    // Earlier receipts, so a scan would have rows to read.
    for (let i = 0; i < 5; i += 1) {
      recordSale(ledger, {
        cashier: 'amy',
        lines: [{ isbn: A, qty: 1 }],
        payment: { method: 'card' },
      });
    }
    const seen = recordStatements(ledger);

    const sale = recordSale(ledger, {
      cashier: 'amy',
      lines: [{ isbn: A, qty: 2 }],
      payment: { method: 'card' },
    });
    const strong = await sellStrong(ledger, acceptingMaster(), {
      cashier: 'amy',
      lines: [{ isbn: A, qty: 1 }],
      payment: { method: 'card' },
    });
    expect(strong).toMatchObject({ status: 'confirmed', receipt: { status: 'final' } });
    const pending = recordSale(ledger, {
      cashier: 'amy',
      lines: [{ isbn: A, qty: 1 }],
      payment: { method: 'card' },
      status: 'pending',
    });
    cancelPendingReceipt(ledger, pending.receiptId, 'manager', 'customer left');
    const waiting = recordSale(ledger, {
      cashier: 'amy',
      lines: [{ isbn: A, qty: 1 }],
      payment: { method: 'card' },
      status: 'pending',
    });
    expect(confirmReceipt(ledger, waiting.receiptId).status).toBe('final');
    recordReturn(ledger, {
      cashier: 'amy',
      originalReceiptId: sale.receiptId,
      lines: [{ isbn: A, qty: 1 }],
      refund: { method: 'card' },
    });
    expect(returnableReceipt(ledger, sale.receiptId).lines[0]?.returnable).toBe(1);
    expect(readReceipt(ledger, sale.receiptId).receiptNo).toBe(6);
    expect(findReceipts(ledger, sale.receiptId, { todayStart: new Date(0) })).toHaveLength(1);
    const stillWaiting = recordSale(ledger, {
      cashier: 'amy',
      lines: [{ isbn: A, qty: 1 }],
      payment: { method: 'card' },
      status: 'pending',
    });
    expect(pendingReceipts(ledger).map((receipt) => receipt.receiptId)).toEqual([
      stillWaiting.receiptId,
    ]);
    expect(pendingReceiptCount(ledger)).toBe(1);

    const touching = [...seen].filter((sql) => /\breceipts\b/.test(sql));
    expect(touching.length).toBeGreaterThanOrEqual(5);
    for (const sql of touching) {
      // The one scan allowed: of the partial index that holds only the waiting receipts.
      expect(plan(ledger, sql), sql).not.toContainEqual(
        expect.stringMatching(/^SCAN (r|receipts)\b(?! USING (COVERING )?INDEX receipts_pending$)/),
      );
    }
  });
});
