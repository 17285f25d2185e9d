// The stock rows' horizon texts are checked without parsing them into objects (title-horizon.ts):
// the text readers must agree with the object functions on every text JSON.stringify writes, and
// fall back to parsing any other form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  extendedHorizonText,
  extendHorizon,
  horizonCovered,
  horizonTextCovered,
  horizonTextSeq,
  type Horizon,
} from '../../app/ledger/title-horizon.js';

const origins = [
  '0'.repeat(32),
  'a'.repeat(32),
  `${'f'.repeat(31)}1`,
  '1234567890'.repeat(3) + '12',
];
const horizonArb = fc.dictionary(fc.constantFrom(...origins), fc.nat(1_000_000), { maxKeys: 4 });

describe('horizon texts', () => {
  it('are covered and name seqs exactly as the parsed horizon', () => {
    fc.assert(
      fc.property(
        horizonArb,
        horizonArb,
        fc.constantFrom(...origins),
        (horizon, vector, origin) => {
          const text = JSON.stringify(horizon);
          expect(horizonTextCovered(vector, text)).toBe(horizonCovered(vector, horizon));
          expect(horizonTextSeq(text, origin)).toBe(horizon[origin] ?? 0);
        },
      ),
    );
  });

  it('parse any other form rather than misread it', () => {
    const own = 'a'.repeat(32);
    const spaced = `{ "${own}" : 7 }`;
    expect(horizonTextSeq(spaced, own)).toBe(7);
    expect(horizonTextCovered({ [own]: 6 }, spaced)).toBe(false);
    expect(horizonTextCovered({ [own]: 7 }, spaced)).toBe(true);
    const prefixed: Horizon = { [`${own}b`]: 9 };
    // A key that starts with another origin's id is another origin.
    expect(horizonTextSeq(JSON.stringify(prefixed), own)).toBe(0);
    expect(horizonTextCovered({ [own]: 9 }, JSON.stringify(prefixed))).toBe(false);
    expect(horizonTextCovered({}, '{}')).toBe(true);
  });
});

describe('extendedHorizonText', () => {
  it('writes what extendHorizon gives, with or without the shortcut for own-only titles, for any kind', () => {
    const own = origins[1] ?? '';
    fc.assert(
      fc.property(
        fc.oneof(
          horizonArb,
          fc.nat(1_000_000).map((seq): Horizon => ({ [own]: seq })),
        ),
        horizonArb,
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.constantFrom(own, origins[0] ?? ''),
        fc.constantFrom('STOCKTAKE' as const, 'SALE' as const, 'VOID' as const),
        (horizon, vector, seq, originId, kind) => {
          const common = {
            originId,
            seq,
            hlc: '001800000000000.00000',
            storeId: 'uptown',
            isbn: '9780000000002',
            actor: 'maria',
          };
          const event: LedgerEvent =
            kind === 'STOCKTAKE'
              ? { ...common, kind, counted: 3, vector, stocktakeId: 's' }
              : kind === 'SALE'
                ? { ...common, kind, qty: 1, unitPriceCents: 999, receiptId: 'r-1' }
                : { ...common, kind, target: { originId: own, seq: seq + 5 }, reason: 'test' };
          const text = extendedHorizonText(JSON.stringify(horizon), event, own);
          expect(JSON.parse(text)).toEqual(extendHorizon({ ...horizon }, event, own));
        },
      ),
    );
  });
});
