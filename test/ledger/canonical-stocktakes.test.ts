import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEvent, canonicalStocktakes } from '../../app/ledger/canonical.js';
import type { StocktakeEvent } from '../../app/ledger/fold.js';

// Any text, lone surrogates and control characters included: the template must escape as
// canonicalEvent does.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const stocktake = fc.record({
  kind: fc.constant('STOCKTAKE' as const),
  originId: text,
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  hlc: text,
  storeId: text,
  isbn: text,
  actor: text,
  counted: fc.integer({ min: 0, max: 1_000_000 }),
  vector: fc.dictionary(text, fc.integer({ min: 0, max: 2 ** 40 }), { maxKeys: 4 }),
  stocktakeId: text,
});

describe('canonicalStocktakes', () => {
  it('writes each STOCKTAKE event exactly as canonicalEvent does', () => {
    fc.assert(
      fc.property(fc.array(stocktake, { minLength: 1, maxLength: 8 }), (events) => {
        expect(canonicalStocktakes(events)).toEqual(events.map((event) => canonicalEvent(event)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a run whose first event the template would write differently', () => {
    const odd = {
      kind: 'STOCKTAKE',
      originId: 'o',
      seq: 1,
      hlc: 'h',
      storeId: 's',
      isbn: '9780000000002',
      actor: 'amy',
      counted: 1,
      vector: {},
      stocktakeId: 't',
      note: 'an extra field',
    } as StocktakeEvent;
    expect(() => canonicalStocktakes([odd])).toThrow(/no longer matches/);
  });
});
