// Real registers (in-memory ledgers) selling, returning, counting and voiding while they sync in
// arbitrary pairs: once every event has reached every register they all agree, and a fresh ledger
// fed the chain's events in any order agrees with them.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { foldCount } from '../../app/ledger/fold.js';
import { Ledger } from '../../app/ledger/ledger.js';
import {
  cancelPendingReceipt,
  recordReturn,
  recordSale,
  type Receipt,
} from '../../app/ledger/sales.js';
import {
  adjustStock,
  receiveDelivery,
  receiveTransfer,
  recordStocktake,
  transferOut,
  voidEvent,
} from '../../app/ledger/stock-operations.js';
import { UserError } from '../../app/shared/errors.js';
import { demoIsbn, seedTitles } from '../helpers/ledgers.js';
import { deliver, deliveryArb } from '../helpers/register-simulation.js';

const ISBNS = [demoIsbn(0), demoIsbn(1)];
const TILLS = ['uptown', 'uptown', 'riverside'] as const;

const MOVES = ['sale', 'pending', 'delivery', 'adjust', 'count', 'transfer'] as const;
const FOLLOW_UPS = ['return', 'void', 'cancel', 'receive'] as const;

type Op =
  | { op: (typeof MOVES)[number]; till: number; isbn: number; n: number }
  | { op: (typeof FOLLOW_UPS)[number]; till: number; pick: number }
  | { op: 'sync'; from: number; to: number };

const till = fc.nat({ max: TILLS.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom(...MOVES),
      till,
      isbn: fc.nat({ max: ISBNS.length - 1 }),
      n: fc.integer({ min: 1, max: 5 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom(...FOLLOW_UPS), till, pick: fc.nat() }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('sync' as const), from: till, to: till }) },
);

function pickFrom<T>(list: readonly T[], pick: number): T | undefined {
  return list.length === 0 ? undefined : list[pick % list.length];
}

/** Runs one operation; a refusal the cashier would see (UserError) is fine, anything else is not. */
function attempt(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
}

describe('real registers converge (property)', () => {
  const open: Ledger[] = [];
  afterEach(() => open.splice(0).forEach((ledger) => ledger.close()));

  function newLedger(storeId: string): Ledger {
    const ledger = Ledger.open({ path: ':memory:', storeId });
    open.push(ledger);
    seedTitles(ledger, ISBNS.length);
    return ledger;
  }

  it('every register, and a fresh one fed in any order, ends with the same counts', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 50, size: 'max' }),
        deliveryArb,
        (ops, delivery) => {
          const tills = TILLS.map(newLedger);
          const receipts: Receipt[][] = tills.map(() => []);
          const transfers: { transferId: string; isbn: string; qty: number }[] = [];
          const sync = (from: Ledger, to: Ledger) => {
            const report = to.applyForeign(from.eventsMissingFrom(to.vector(), 100_000));
            expect(report.conflicts).toEqual([]);
          };

          for (const op of ops) {
            if (op.op === 'sync') {
              const [from, to] = [tills[op.from], tills[op.to]];
              if (from && to && from !== to) sync(from, to);
              continue;
            }
            const ledger = tills[op.till];
            const mine = receipts[op.till];
            if (!ledger || !mine) continue;
            switch (op.op) {
              case 'sale':
              case 'pending':
                attempt(() =>
                  mine.push(
                    recordSale(ledger, {
                      cashier: 'ana',
                      lines: [{ isbn: ISBNS[op.isbn] ?? '', qty: op.n }],
                      payment: { method: 'cash', tenderedCents: 1_000_000 },
                      status: op.op === 'pending' ? 'pending' : 'final',
                    }),
                  ),
                );
                break;
              case 'delivery':
                receiveDelivery(ledger, {
                  actor: 'r',
                  lines: [{ isbn: ISBNS[op.isbn] ?? '', qty: op.n }],
                });
                break;
              case 'adjust':
                adjustStock(ledger, {
                  actor: 'm',
                  isbn: ISBNS[op.isbn] ?? '',
                  delta: op.n % 2 ? op.n : -op.n,
                  reason: 'damage',
                });
                break;
              case 'count':
                recordStocktake(ledger, {
                  actor: 'm',
                  stocktakeId: `count-${op.n}`,
                  counts: [{ isbn: ISBNS[op.isbn] ?? '', counted: op.n * 3 }],
                });
                break;
              case 'transfer': {
                const isbn = ISBNS[op.isbn] ?? '';
                const toStoreId = ledger.storeId === 'uptown' ? 'riverside' : 'uptown';
                const sent = transferOut(ledger, {
                  actor: 'm',
                  toStoreId,
                  lines: [{ isbn, qty: op.n }],
                });
                transfers.push({ transferId: sent.transferId, isbn, qty: op.n });
                break;
              }
              case 'receive': {
                const transfer = pickFrom(transfers, op.pick);
                if (!transfer) break;
                attempt(() =>
                  receiveTransfer(ledger, {
                    actor: 'm',
                    transferId: transfer.transferId,
                    fromStoreId: ledger.storeId === 'uptown' ? 'riverside' : 'uptown',
                    lines: [{ isbn: transfer.isbn, qty: transfer.qty }],
                  }),
                );
                break;
              }
              case 'return': {
                const receipt = pickFrom(
                  mine.filter((r) => r.kind === 'SALE'),
                  op.pick,
                );
                const line = receipt?.lines[0];
                if (!receipt || !line) break;
                attempt(() =>
                  mine.push(
                    recordReturn(ledger, {
                      cashier: 'ben',
                      originalReceiptId: receipt.receiptId,
                      lines: [{ isbn: line.isbn, qty: 1 }],
                      refund: { method: 'card' },
                    }),
                  ),
                );
                break;
              }
              case 'void': {
                const target = pickFrom(ledger.eventsMissingFrom({}, 100_000), op.pick);
                if (target) attempt(() => voidEvent(ledger, target, 'm', 'mistake'));
                break;
              }
              case 'cancel': {
                const receipt = pickFrom(mine, op.pick);
                if (receipt)
                  attempt(() => cancelPendingReceipt(ledger, receipt.receiptId, 'ana', 'offline'));
                break;
              }
            }
          }

          // Everyone hears everything: two rounds of all pairs.
          for (let round = 0; round < 2; round += 1) {
            for (const from of tills) for (const to of tills) if (from !== to) sync(from, to);
          }
          const chain: LedgerEvent[] = tills.flatMap((ledger) =>
            ledger.eventsMissingFrom({}, 100_000).filter((e) => e.originId === ledger.originId),
          );
          const fresh = newLedger('uptown');
          for (const batch of deliver(chain, delivery)) {
            expect(fresh.applyForeign(batch).conflicts).toEqual([]);
          }
          expect(fresh.earlyEventCount()).toBe(0);

          for (const storeId of ['uptown', 'riverside']) {
            for (const isbn of ISBNS) {
              const expected = foldCount(
                chain.filter((e) => e.storeId === storeId && e.isbn === isbn),
              ).onHand;
              for (const ledger of [...tills, fresh])
                expect(ledger.onHand(isbn, storeId)).toBe(expected);
            }
          }
          for (const ledger of [...tills, fresh]) {
            expect(ledger.checkStock()).toEqual([]);
            const { [ledger.originId]: own, ...others } = ledger.vector();
            expect(own).toBeDefined();
            for (const [originId, seq] of Object.entries(others)) {
              expect(seq).toBe(chain.filter((e) => e.originId === originId).length);
            }
          }
          open.splice(0).forEach((ledger) => ledger.close());
        },
      ),
      { seed: 424242, numRuns: 150 },
    );
  });
});
