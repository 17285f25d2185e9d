// A receipt read back from the ledger, today or after a restart, prints exactly as it did at the
// counter, whatever the catalog says later.
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import { RECEIPT_COLUMNS, receiptText } from '../../app/ledger/receipt-text.js';
import {
  cancelPendingReceipt,
  readReceipt,
  recordReturn,
  recordSale,
  type Receipt,
} from '../../app/ledger/sales.js';
import {
  LEDGER_KINDS,
  deliver,
  demoIsbn,
  demoTitles,
  titleRecord,
  useLedgers,
} from '../helpers/ledgers.js';

const A = demoIsbn(0);
const B = demoIsbn(1);

function printed(ledger: Ledger, receipt: Receipt): string {
  return receiptText(receipt, ledger.catalog.store(ledger.storeId).name, 'USD');
}

function ringUpEverything(ledger: Ledger): Receipt[] {
  deliver(ledger, A, 20);
  deliver(ledger, B, 20);
  const cash = recordSale(ledger, {
    cashier: 'ana',
    lines: [
      { isbn: A, qty: 2 },
      { isbn: B, qty: 1 },
    ],
    payment: { method: 'cash', tenderedCents: 10_000 },
  });
  const card = recordSale(ledger, {
    cashier: 'ana',
    lines: [{ isbn: B, qty: 3 }],
    payment: { method: 'card', reference: 'VISA-4242' },
  });
  const refund = recordReturn(ledger, {
    cashier: 'ben',
    originalReceiptId: cash.receiptId,
    lines: [{ isbn: A, qty: 1 }],
    refund: { method: 'cash', tenderedCents: 0 },
  });
  const pending = recordSale(ledger, {
    cashier: 'ana',
    lines: [{ isbn: A, qty: 1 }],
    payment: { method: 'card' },
    status: 'pending',
  });
  const cancelled = cancelPendingReceipt(
    ledger,
    recordSale(ledger, {
      cashier: 'ana',
      lines: [{ isbn: B, qty: 1 }],
      payment: { method: 'card' },
      status: 'pending',
    }).receiptId,
    'ana',
    'master unreachable',
  );
  return [cash, card, refund, pending, cancelled];
}

describe.each(LEDGER_KINDS)('receipts read back (%s ledger)', (kind) => {
  const ledgers = useLedgers(kind);

  it('reads every receipt back exactly as recorded and prints it identically', () => {
    let ledger = ledgers.open();
    const receipts = ringUpEverything(ledger);
    const texts = receipts.map((receipt) => printed(ledger, receipt));

    // The catalog changes after the sale: receipts keep the title and price of the moment.
    ledger.catalog.upsertTitles(
      [titleRecord(0), titleRecord(1)].map((title) => ({
        ...title,
        title: 'Renamed',
        priceCents: 1,
      })),
    );
    ledger = ledgers.reopen(ledger);
    for (const [index, receipt] of receipts.entries()) {
      const readBack = readReceipt(ledger, receipt.receiptId);
      expect(readBack).toEqual(receipt);
      expect(printed(ledger, readBack)).toBe(texts[index]);
    }
  });

  it('prints the parts a customer checks, within the roll width', () => {
    const ledger = ledgers.open();
    const [cash, card, refund, pending, cancelled] = ringUpEverything(ledger).map((r) =>
      printed(ledger, r),
    );
    const title = demoTitles()[0]?.title ?? '';
    expect(cash).toContain('Uptown');
    expect(cash).toContain(title.slice(0, 20));
    expect(cash).toMatch(/TOTAL\s+\$\d+\.\d\d/);
    expect(cash).toMatch(/Cash\s+\$100\.00/);
    expect(cash).toMatch(/Change\s+\$\d+\.\d\d/);
    expect(card).toMatch(/Card\s+VISA-4242/);
    expect(refund).toContain('RETURN / REFUND');
    expect(refund).toContain('Refunded in cash');
    // The refund names its sale as the sale's own receipt prints its number, so it can be found.
    const saleNo = /^Receipt (\S+)$/m.exec(cash ?? '')?.[1];
    expect(saleNo).toMatch(/^[0-9a-f]{8}-1$/);
    expect(refund).toContain(`Against ${saleNo}\n`);
    expect(pending).toContain('NOT FINAL: awaiting the master');
    expect(cancelled).toContain('CANCELLED');
    for (const text of [cash, card, refund, pending, cancelled]) {
      for (const line of text?.split('\n') ?? ['missing receipt']) {
        expect(line.length).toBeLessThanOrEqual(RECEIPT_COLUMNS);
      }
    }
  });
});
