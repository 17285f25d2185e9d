// A strong sale's answer against a master that always accepts: the receipt the cashier is shown is
// exactly what the ledger holds, and origins are claimed once, then again only for a new origin.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import { cancelPendingReceipt, readReceipt, type SaleInput } from '../../app/ledger/sales.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { MasterClient } from '../../app/sync/master-client.js';
import { ClaimingMaster } from '../../app/sync/origin-claims.js';
import { confirmWithMaster, sellStrong } from '../../app/sync/strong-sale.js';
import { acceptingMaster } from '../helpers/accepting-master.js';
import { useMemoryLedgers } from '../helpers/feed-chain.js';
import { foreignDeliveries } from '../helpers/foreign-events.js';
import { deliver, demoIsbn } from '../helpers/ledgers.js';

const openLedger = useMemoryLedgers(3);

function stocked(): Ledger {
  const ledger = openLedger();
  for (let i = 0; i < 3; i += 1) deliver(ledger, demoIsbn(i), 1_000);
  return ledger;
}

const lineArb = fc.record({
  title: fc.integer({ min: 0, max: 2 }),
  qty: fc.integer({ min: 1, max: 5 }),
  unitPriceCents: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
});
const paymentArb = fc.oneof(
  fc.record({
    method: fc.constant('card' as const),
    reference: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
  }),
  fc.constant({ method: 'cash' as const, tenderedCents: 1_000_000 }),
);

describe('a confirmed strong sale', () => {
  it('returns the final receipt exactly as the ledger holds it, whatever the sale', async () => {
    const ledger = stocked();
    const master = acceptingMaster();
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { minLength: 1, maxLength: 4 }),
        paymentArb,
        async (lines, payment) => {
          const outcome = await sellStrong(ledger, master, {
            cashier: 'amy',
            lines: lines.map((line) => ({
              isbn: demoIsbn(line.title),
              qty: line.qty,
              ...(line.unitPriceCents === undefined ? {} : { unitPriceCents: line.unitPriceCents }),
            })),
            payment:
              payment.method === 'card' && payment.reference === undefined
                ? { method: 'card' }
                : payment,
          });
          expect(outcome.status).toBe('confirmed');
          expect(outcome.receipt.status).toBe('final');
          expect(outcome.receipt).toEqual(readReceipt(ledger, outcome.receipt.receiptId));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is returned as the ledger holds it when it was cancelled while its answer was on the way', async () => {
    const ledger = stocked();
    const waiting = await sellStrong(
      ledger,
      { ...acceptingMaster(), sale: () => Promise.reject(new Error('stop')) },
      { cashier: 'amy', lines: [{ isbn: demoIsbn(0), qty: 1 }], payment: { method: 'card' } },
    ).catch(() => undefined);
    expect(waiting).toBeUndefined();
    const [pending] = ledger
      .statement("SELECT receipt_id FROM receipts WHERE status = 'pending'")
      .all() as { receipt_id: string }[];
    if (!pending) throw new Error('the sale should be waiting');
    const master = acceptingMaster(() =>
      cancelPendingReceipt(ledger, pending.receipt_id, 'amy', 'given up'),
    );
    const outcome = await confirmWithMaster(ledger, master, pending.receipt_id);
    expect(outcome.receipt.status).toBe('cancelled');
    expect(outcome.receipt).toEqual(readReceipt(ledger, pending.receipt_id));
  });
});

describe('ClaimingMaster', () => {
  it('claims each origin once, and the new one after the ledger starts a new origin', async () => {
    const ledger = stocked();
    const claims: string[] = [];
    const accepting = acceptingMaster();
    const client = {
      claimOrigin: (originId: string) => {
        claims.push(originId);
        return Promise.resolve({ originId });
      },
      sale: (receiptId: string, events: readonly LedgerEvent[]) =>
        accepting.sale(receiptId, events),
      push: (events: readonly LedgerEvent[]) => accepting.push(events),
    } as unknown as MasterClient;
    const master = new ClaimingMaster(client, ledger);
    const sale: SaleInput = {
      cashier: 'amy',
      lines: [{ isbn: demoIsbn(0), qty: 1 }],
      payment: { method: 'card' },
    };

    const first = ledger.originId;
    await sellStrong(ledger, master, sale);
    await sellStrong(ledger, master, sale);
    expect(claims).toEqual([first]);

    // The chain holds an event of our origin that this ledger lacks (it was restored from an
    // older copy): the ledger writes as a new origin from now on, which the master must learn.
    ledger.applyForeign(foreignDeliveries(first, 10_000).slice(9_999));
    expect(ledger.originId).not.toBe(first);
    const outcome = await sellStrong(ledger, master, sale);
    expect(outcome.status).toBe('confirmed');
    expect(claims).toEqual([first, ledger.originId]);
  });
});
