// The stock cache's per-title summary (count and horizon, migration 007) against a fresh fold of
// the log, after random mixes of local movements, foreign events arriving out of order (VOIDs of
// events seen and unseen, counts whose vectors name this register's future), and stocktake
// commits whose counts take the cache's shortcut or not.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { StockCache } from '../../app/ledger/stock-cache.js';
import type { LedgerEvent, VersionVector } from '../../app/protocol/events.js';
import { hlcAt, originNo } from '../helpers/foreign-events.js';
import { demoIsbn, seedTitles } from '../helpers/ledgers.js';

const TITLES = [0, 1, 2].map(demoIsbn);
const FOREIGN = [originNo(101), originNo(102)];

type Step =
  | { type: 'local'; title: number; qty: number; sale: boolean }
  | { type: 'foreign'; origin: number; title: number; shape: 'delivery' | 'void' | 'count' }
  | { type: 'deliver'; origin: number; howMany: number; reversed: boolean }
  | { type: 'commit'; titles: number[]; vectorShape: 'now' | 'behind' | 'ahead' };

const title = fc.integer({ min: 0, max: TITLES.length - 1 });
const origin = fc.integer({ min: 0, max: FOREIGN.length - 1 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    type: fc.constant('local' as const),
    title,
    qty: fc.integer({ min: 1, max: 3 }),
    sale: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('foreign' as const),
    origin,
    title,
    shape: fc.constantFrom('delivery' as const, 'void' as const, 'count' as const),
  }),
  fc.record({
    type: fc.constant('deliver' as const),
    origin,
    howMany: fc.integer({ min: 1, max: 4 }),
    reversed: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('commit' as const),
    titles: fc.array(title, { minLength: 1, maxLength: 4 }),
    vectorShape: fc.constantFrom('now' as const, 'behind' as const, 'ahead' as const),
  }),
);

/** Another register's events, made up front and handed to the ledger in batches. */
class ForeignOrigin {
  readonly made: LedgerEvent[] = [];
  sent = 0;
  constructor(private readonly originId: string) {}

  make(isbn: string, shape: 'delivery' | 'void' | 'count', ledger: Ledger, pick: number): void {
    const seq = this.made.length + 1;
    const base = {
      originId: this.originId,
      seq,
      hlc: hlcAt(1_800_000_000_000 + seq),
      storeId: 'uptown',
      isbn,
      actor: 'elsewhere',
    };
    switch (shape) {
      case 'delivery':
        this.made.push({ ...base, kind: 'DELIVERY', qty: 1 + (pick % 3), reference: '' });
        return;
      case 'void': {
        // Aimed at this register's next event (not made yet) or at one it already holds.
        const target =
          pick % 2 === 0
            ? { originId: ledger.originId, seq: (ledger.vector()[ledger.originId] ?? 0) + 1 }
            : { originId: ledger.originId, seq: Math.max(1, pick % 5) };
        this.made.push({ ...base, kind: 'VOID', target, reason: 'test' });
        return;
      }
      case 'count': {
        // Sometimes the count had seen more of this register than it holds (a restored file).
        const vector: VersionVector = { ...ledger.vector() };
        if (pick % 3 === 0) vector[ledger.originId] = (vector[ledger.originId] ?? 0) + 2;
        delete vector[this.originId];
        if (seq > 1) vector[this.originId] = seq - 1;
        this.made.push({
          ...base,
          kind: 'STOCKTAKE',
          counted: pick % 7,
          vector,
          stocktakeId: `f-${seq}`,
        });
        return;
      }
    }
  }
}

describe('the stock cache’s title summaries (property)', () => {
  const open: Ledger[] = [];
  afterEach(() => open.splice(0).forEach((ledger) => ledger.close()));

  it('always equal a fresh fold of the log, whatever the order events arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stepArb, fc.nat(1000)), { minLength: 1, maxLength: 30 }),
        (steps) => {
          const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
          open.push(ledger);
          seedTitles(ledger, TITLES.length);
          const origins = FOREIGN.map((id) => new ForeignOrigin(id));
          let commits = 0;
          for (const [step, pick] of steps) {
            switch (step.type) {
              case 'local':
                ledger.append([
                  step.sale
                    ? {
                        kind: 'ADJUST',
                        storeId: 'uptown',
                        isbn: TITLES[step.title] ?? '',
                        actor: 'a',
                        delta: -step.qty,
                        reason: 'r',
                      }
                    : {
                        kind: 'DELIVERY',
                        storeId: 'uptown',
                        isbn: TITLES[step.title] ?? '',
                        actor: 'a',
                        qty: step.qty,
                        reference: '',
                      },
                ]);
                break;
              case 'foreign':
                origins[step.origin]?.make(TITLES[step.title] ?? '', step.shape, ledger, pick);
                break;
              case 'deliver': {
                const from = origins[step.origin];
                if (!from) break;
                const batch = from.made.slice(from.sent, from.sent + step.howMany);
                from.sent += batch.length;
                // Reversed, later events wait as early ones until the gap fills.
                ledger.applyForeign(step.reversed ? [...batch].reverse() : batch);
                break;
              }
              case 'commit': {
                const now = ledger.vector();
                const vector: VersionVector =
                  step.vectorShape === 'now'
                    ? now
                    : Object.fromEntries(
                        Object.entries(now).map(([id, seq]) => [
                          id,
                          step.vectorShape === 'behind' ? Math.max(0, seq - 1) : seq + 1,
                        ]),
                      );
                commits += 1;
                ledger.appendStocktakes(
                  { actor: 'manager', stocktakeId: `c-${commits}` },
                  step.titles.map((index, n) => ({
                    isbn: TITLES[index] ?? '',
                    counted: (pick + n) % 9,
                    vector,
                  })),
                );
                break;
              }
            }
            expect(ledger.checkStock()).toEqual([]);
            expect(ledger.checkStockHorizons()).toEqual([]);
          }
        },
      ),
      { seed: 707070, numRuns: 250 },
    );
  });

  it('a second stocktake of a title is cached without folding the title again, and equals the fold', () => {
    const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    open.push(ledger);
    seedTitles(ledger, TITLES.length);
    const isbn = TITLES[0] ?? '';
    ledger.append([
      { kind: 'DELIVERY', storeId: 'uptown', isbn, actor: 'a', qty: 9, reference: '' },
    ]);
    const folds = vi.spyOn(StockCache.prototype, 'recompute');
    for (const counted of [7, 5]) {
      folds.mockClear();
      ledger.appendStocktakes({ actor: 'manager', stocktakeId: `n-${counted}` }, [
        { isbn, counted, vector: ledger.vector() },
      ]);
      expect(folds).not.toHaveBeenCalled();
      expect(ledger.onHand(isbn)).toBe(counted);
      expect(ledger.explainCount(isbn).onHand).toBe(counted);
    }
    folds.mockRestore();
    expect(ledger.checkStock()).toEqual([]);
    expect(ledger.checkStockHorizons()).toEqual([]);
  });
});
