// A feed page applies its events' stock deltas once per title at the end of the page
// (StockCache.withDeferredUpdates) instead of once per event. Whatever the page holds (several
// events of one title, VOIDs aimed earlier or later in the same page, counts in the middle, events
// arriving ahead of their gap, the register's own events coming back), the stock rows it leaves
// must be the ones that applying the same events one at a time leaves, and a fresh fold's.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { hlcAt, originNo } from '../helpers/foreign-events.js';
import { demoIsbn, seedTitles } from '../helpers/ledgers.js';

const TITLES = [0, 1, 2].map(demoIsbn);
const STORES = ['uptown', 'riverside'];
const FOREIGN = [originNo(201), originNo(202), originNo(203)];

type Shape =
  | { kind: 'delivery' | 'sale'; qty: number }
  | { kind: 'void'; back: number }
  | { kind: 'count'; counted: number; seen: number };

const shapeArb: fc.Arbitrary<Shape> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('delivery' as const, 'sale' as const),
      qty: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('void' as const),
      back: fc.integer({ min: -3, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('count' as const),
      counted: fc.nat(9),
      seen: fc.nat(8),
    }),
  },
);

const stepArb = fc.record({
  origin: fc.integer({ min: 0, max: FOREIGN.length - 1 }),
  store: fc.integer({ min: 0, max: STORES.length - 1 }),
  title: fc.integer({ min: 0, max: TITLES.length - 1 }),
  shape: shapeArb,
});

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

/** Events of the foreign origins, in the order made (seqs contiguous per origin). */
function makeEvents(steps: readonly Step[], ownOrigin: string, ownSeqs: number): LedgerEvent[] {
  const seqs = FOREIGN.map(() => 0);
  const made: LedgerEvent[] = [];
  steps.forEach((step, index) => {
    const originId = FOREIGN[step.origin] ?? '';
    const seq = (seqs[step.origin] ?? 0) + 1;
    seqs[step.origin] = seq;
    const base = {
      originId,
      seq,
      hlc: hlcAt(1_800_000_000_000 + index),
      storeId: STORES[step.store] ?? 'uptown',
      isbn: TITLES[step.title] ?? '',
      actor: 'elsewhere',
    };
    const { shape } = step;
    switch (shape.kind) {
      case 'delivery':
        made.push({ ...base, kind: 'DELIVERY', qty: shape.qty, reference: '' });
        return;
      case 'sale':
        made.push({ ...base, kind: 'ADJUST', delta: -shape.qty, reason: 'sold' });
        return;
      case 'void': {
        // Aimed at an event made before in this list (maybe of another origin), at one made
        // after it (a VOID arriving before its target), or at one of this register's own.
        const targetIndex = made.length - shape.back;
        const target =
          targetIndex >= 0 && targetIndex < made.length
            ? { originId: made[targetIndex]?.originId ?? '', seq: made[targetIndex]?.seq ?? 1 }
            : shape.back < 0
              ? {
                  originId: FOREIGN[(step.origin + 1) % FOREIGN.length] ?? '',
                  seq: (seqs[(step.origin + 1) % FOREIGN.length] ?? 0) + 1,
                }
              : { originId: ownOrigin, seq: 1 + (index % Math.max(1, ownSeqs)) };
        made.push({ ...base, kind: 'VOID', target, reason: 'mistake' });
        return;
      }
      case 'count':
        made.push({
          ...base,
          kind: 'STOCKTAKE',
          counted: shape.counted,
          vector: { [originId]: seq - 1, [ownOrigin]: shape.seen },
          stocktakeId: `count-${index}`,
        });
        return;
    }
  });
  return made;
}

/** The ledger's stock rows, its own origin id written as OWN so two registers compare. */
function stockRows(ledger: Ledger): unknown[] {
  const rows = ledger
    .statement(
      `SELECT store_id, isbn, on_hand, stocktake_origin_id, stocktake_seq, stocktake_vector,
         superseded_stocktakes, horizon FROM stock ORDER BY store_id, isbn`,
    )
    .all() as { horizon: string | null }[];
  // Horizons compare as objects, whatever order their keys were written in.
  return JSON.parse(
    JSON.stringify(rows).replaceAll(ledger.originId, 'OWN'),
    (key, value: unknown) =>
      key === 'horizon' && typeof value === 'string' ? (JSON.parse(value) as unknown) : value,
  ) as unknown[];
}

describe('stock deltas deferred to the end of a feed page (property)', () => {
  const open: Ledger[] = [];
  afterEach(() => open.splice(0).forEach((ledger) => ledger.close()));

  function ledgerWithOwnEvents(ownEvents: number): Ledger {
    const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    open.push(ledger);
    seedTitles(ledger, TITLES.length);
    for (let index = 0; index < ownEvents; index += 1) {
      ledger.append([
        {
          kind: 'DELIVERY',
          storeId: 'uptown',
          isbn: TITLES[index % TITLES.length] ?? '',
          actor: 'a',
          qty: 2,
          reference: '',
        },
      ]);
    }
    return ledger;
  }

  /** The page a ledger receives: the foreign events, then its own coming back, maybe shuffled. */
  function pageFor(
    ledger: Ledger,
    steps: Step[],
    ownEvents: number,
    shuffleSeed: number | undefined,
  ): LedgerEvent[] {
    const page = [
      ...makeEvents(steps, ledger.originId, ownEvents),
      ...ledger.eventsOfOrigin(ledger.originId, 0, ownEvents, ownEvents),
    ];
    if (shuffleSeed !== undefined) {
      // Any order: later seqs wait as early events until their gap fills.
      let state = shuffleSeed;
      for (let index = page.length - 1; index > 0; index -= 1) {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        const other = state % (index + 1);
        [page[index], page[other]] = [page[other] as LedgerEvent, page[index] as LedgerEvent];
      }
    }
    return page;
  }

  it('leave the same stock rows as one event at a time, equal to a fresh fold', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        (steps, ownEvents, shuffleSeed) => {
          // Two registers with the same history; only their origin ids differ.
          const paged = ledgerWithOwnEvents(ownEvents);
          const single = ledgerWithOwnEvents(ownEvents);
          const report = paged.applyForeign(pageFor(paged, steps, ownEvents, shuffleSeed));
          for (const event of pageFor(single, steps, ownEvents, shuffleSeed)) {
            single.applyForeign([event]);
          }
          expect(report.duplicate).toBeGreaterThanOrEqual(ownEvents);
          expect(paged.checkStock()).toEqual([]);
          expect(paged.checkStockHorizons()).toEqual([]);
          expect(paged.earlyEventCount()).toBe(single.earlyEventCount());
          expect(stockRows(paged)).toEqual(stockRows(single));
        },
      ),
      { seed: 808080, numRuns: 300 },
    );
  });
});
