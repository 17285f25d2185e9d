// canonicalEvent writes an event whose keys are already in order with JSON.stringify instead of
// sorting them; the text must be the sorting one whatever the event's key order or values, since
// duplicates are recognised (and conflicts refused) by comparing it with the stored text.
import fc from 'fast-check';
import { stringify } from 'safe-stable-stringify';
import { describe, expect, it } from 'vitest';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import { ledgerEventSchema, type LedgerEvent } from '../../app/protocol/events.js';

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const qty = fc.integer({ min: 1, max: 100_000 });
// Lone surrogates, quotes, backslashes and control characters: escaping must agree too.
const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const key = fc.record({ originId: hex32, seq });
const base = {
  originId: hex32,
  seq,
  hlc: fc.stringMatching(/^[0-9]{15}\.[0-9]{5}$/),
  storeId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/),
  isbn: fc.stringMatching(/^97[89][0-9]{10}$/),
  actor: fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
};

/** Every kind of valid event, as the event schema accepts it. */
const eventArb: fc.Arbitrary<LedgerEvent> = fc.oneof(
  fc.record({
    ...base,
    kind: fc.constant('SALE' as const),
    qty,
    unitPriceCents: fc.nat(),
    receiptId: text,
  }),
  fc.record({ ...base, kind: fc.constant('RETURN' as const), qty, receiptId: text, sale: key }),
  fc.record({
    ...base,
    kind: fc.constant('DELIVERY' as const),
    qty,
    reference: fc.string({ unit: 'binary', maxLength: 40 }),
  }),
  fc.record({
    ...base,
    kind: fc.constant('TRANSFER_OUT' as const),
    qty,
    transferId: text,
    toStoreId: fc.constant('riverside'),
  }),
  fc.record({
    ...base,
    kind: fc.constant('TRANSFER_IN' as const),
    qty,
    transferId: text,
    fromStoreId: fc.constant('uptown'),
  }),
  fc.record({
    ...base,
    kind: fc.constant('ADJUST' as const),
    delta: fc.integer({ min: -100_000, max: 100_000 }).filter((n) => n !== 0),
    reason: text,
  }),
  fc.record({
    ...base,
    kind: fc.constant('STOCKTAKE' as const),
    counted: fc.integer({ min: 0, max: 1_000_000 }),
    vector: fc.dictionary(hex32, fc.nat(), { maxKeys: 5 }),
    stocktakeId: text,
  }),
  fc.record({ ...base, kind: fc.constant('VOID' as const), target: key, reason: text }),
);

/** The same value with every object's keys in an order picked by `order`. */
function reordered(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => reordered(item, order));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of order(Object.keys(source))) out[name] = reordered(source[name], order);
  return out;
}

const sorted = (keys: string[]) => [...keys].sort();
const reversed = (keys: string[]) => [...keys].sort().reverse();

describe('canonicalEvent', () => {
  it('writes every event as the sorting stringify does, whatever its key order', () => {
    fc.assert(
      fc.property(eventArb, fc.func(fc.integer()), (event, rank) => {
        const expected = stringify(event);
        const shuffle = (keys: string[]) =>
          [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
        for (const order of [sorted, reversed, shuffle]) {
          expect(canonicalEvent(reordered(event, order) as LedgerEvent)).toBe(expected);
        }
        // What a feed page or a push page delivers: the stored text, parsed.
        expect(canonicalEvent(JSON.parse(expected) as LedgerEvent)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('writes any parsed JSON object as the sorting stringify does, in any key order', () => {
    // Arrays, nested objects, -0, integer-like keys (which JSON.parse moves to the front),
    // "__proto__" and "toJSON" keys: the fast path must step aside wherever it would differ.
    const objects = fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toJSON', '10', '2', '-0')),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(objects, (object) => {
        const expected = stringify(object);
        for (const order of [sorted, reversed]) {
          const parsed = JSON.parse(JSON.stringify(reordered(object, order))) as LedgerEvent;
          expect(canonicalEvent(parsed)).toBe(stringify(parsed));
        }
        expect(canonicalEvent(object as LedgerEvent)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("is the same for the event schema's output as for the event it was given", () => {
    // The ledger and the master store the text of what arrived once the schema accepted it:
    // sound only while the schema adds, drops and changes nothing (no defaults, no transforms).
    fc.assert(
      fc.property(eventArb, (event) => {
        const arrived = JSON.parse(stringify(event)) as LedgerEvent;
        const parsed = ledgerEventSchema.parse(arrived);
        expect(parsed).toStrictEqual(arrived);
        expect(canonicalEvent(parsed)).toBe(canonicalEvent(arrived));
      }),
      { numRuns: 500 },
    );
  });
});
