// The stocktake rule, checked against a model that never looks at vectors: a count stands for
// every sale its register had seen, and each sale it had not seen comes off exactly once.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { recordSale } from '../../app/ledger/sales.js';
import { recordStocktake } from '../../app/ledger/stock-operations.js';
import { deliver, demoIsbn, seedTitles } from '../helpers/ledgers.js';

const BOOK = demoIsbn(0);
const OPENING = 200;

type Step =
  | { type: 'sale'; till: 0 | 1; qty: number }
  | { type: 'sync'; from: 0 | 1 }
  | { type: 'resend' }
  | { type: 'count'; counted: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('sale' as const),
      till: fc.constantFrom(0 as const, 1 as const),
      qty: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('sync' as const),
      from: fc.constantFrom(0 as const, 1 as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'resend' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('count' as const),
      counted: fc.integer({ min: 0, max: 150 }),
    }),
  },
);

/** What the shelf count should be, from who sold what and what the counting till had seen. */
class Model {
  /** Sales of till 1, in order; the counting till (0) has seen the first `seenOfTill1`. */
  private readonly till1Sales: number[] = [];
  private seenOfTill1 = 0;
  private count: { counted: number; coveredOfTill1: number } | null = null;
  private readonly salesAfterCount: number[] = [];
  private readonly allSales: number[] = [];

  sale(till: 0 | 1, qty: number): void {
    this.allSales.push(qty);
    if (till === 1) this.till1Sales.push(qty);
    else if (this.count) this.salesAfterCount.push(qty);
  }

  till0SawTill1(): void {
    this.seenOfTill1 = this.till1Sales.length;
  }

  counted(counted: number): void {
    this.count = { counted, coveredOfTill1: this.seenOfTill1 };
    this.salesAfterCount.length = 0;
  }

  expected(): number {
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    if (!this.count) return OPENING - sum(this.allSales);
    const uncoveredTill1 = this.till1Sales.slice(this.count.coveredOfTill1);
    return this.count.counted - sum(this.salesAfterCount) - sum(uncoveredTill1);
  }

  /** What the counting till itself shows right after its count. */
  get countedValue(): number | undefined {
    return this.count?.counted;
  }
}

/** A vector without origins that wrote nothing (each till names its own, even at 0). */
function withoutEmpty(vector: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(vector).filter(([, seq]) => seq > 0));
}

describe('the stocktake rule (property)', () => {
  const open: Ledger[] = [];
  afterEach(() => open.splice(0).forEach((ledger) => ledger.close()));

  it('never counts a sale twice nor loses one made after the count', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }), (steps) => {
        const tills = [0, 1].map(() => {
          const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
          open.push(ledger);
          seedTitles(ledger, 1);
          return ledger;
        });
        const [counter, other] = tills as [Ledger, Ledger];
        deliver(counter, BOOK, OPENING);
        other.applyForeign(counter.eventsMissingFrom(other.vector(), 10_000));
        const model = new Model();
        const sync = (from: Ledger, to: Ledger) =>
          to.applyForeign(from.eventsMissingFrom(to.vector(), 10_000));

        for (const step of steps) {
          switch (step.type) {
            case 'sale':
              recordSale(tills[step.till] ?? counter, {
                cashier: `till-${step.till}`,
                lines: [{ isbn: BOOK, qty: step.qty }],
                payment: { method: 'card' },
              });
              model.sale(step.till, step.qty);
              break;
            case 'sync':
              if (step.from === 1) {
                sync(other, counter);
                model.till0SawTill1();
              } else sync(counter, other);
              break;
            case 'resend':
              // Everything again, both ways: duplicates must change nothing.
              counter.applyForeign(other.eventsMissingFrom({}, 10_000));
              other.applyForeign(counter.eventsMissingFrom({}, 10_000));
              model.till0SawTill1();
              break;
            case 'count':
              recordStocktake(counter, {
                actor: 'manager',
                stocktakeId: `count-${step.counted}`,
                counts: [{ isbn: BOOK, counted: step.counted }],
              });
              model.counted(step.counted);
              expect(counter.onHand(BOOK)).toBe(step.counted);
              break;
          }
        }
        sync(other, counter);
        sync(counter, other);
        const expected = model.expected();
        expect(counter.onHand(BOOK)).toBe(expected);
        expect(other.onHand(BOOK)).toBe(expected);
        expect(withoutEmpty(counter.vector())).toEqual(withoutEmpty(other.vector()));
        for (const ledger of tills) expect(ledger.checkStock()).toEqual([]);
        open.splice(0).forEach((ledger) => ledger.close());
      }),
      { seed: 424242, numRuns: 300 },
    );
  });
});
