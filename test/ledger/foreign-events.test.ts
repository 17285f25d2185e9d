// Events from other registers arrive through the master in any order, possibly twice: they are
// applied once, held while early, and refused (writing nothing) when they contradict what we hold.
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { recordSale } from '../../app/ledger/sales.js';
import { LEDGER_KINDS, deliver, demoIsbn, useLedgers } from '../helpers/ledgers.js';
import { snapshot } from '../helpers/ledger-state.js';
import { at, foreignDeliveries, hlcAt, originNo } from '../helpers/foreign-events.js';

const A = demoIsbn(0);
const OTHER = originNo(42);

describe.each(LEDGER_KINDS)('foreign events (%s ledger)', (kind) => {
  const ledgers = useLedgers(kind);

  it('applies a peer register’s events once, however often they arrive', () => {
    const source = ledgers.open();
    const target = ledgers.open();
    deliver(source, A, 5);
    recordSale(source, {
      cashier: 'ana',
      lines: [{ isbn: A, qty: 2 }],
      payment: { method: 'card' },
    });
    const events = source.eventsMissingFrom({}, 100);
    expect(target.applyForeign(events)).toEqual({
      applied: 2,
      duplicate: 0,
      early: 0,
      conflicts: [],
    });
    const after = snapshot(target);
    expect(target.applyForeign(events)).toEqual({
      applied: 0,
      duplicate: 2,
      early: 0,
      conflicts: [],
    });
    expect(target.applyForeign([...events, ...events])).toMatchObject({ applied: 0, duplicate: 4 });
    expect(snapshot(target)).toEqual(after);
    expect(target.onHand(A)).toBe(3);
    expect(target.vector()[source.originId]).toBe(2);
    expect(ledgers.reopen(target).checkStock()).toEqual([]);
  });

  it('holds events that arrive ahead of a gap, then drains them in order', () => {
    const ledger = ledgers.open();
    const events = foreignDeliveries(OTHER, 5);
    const [first, ...rest] = events;
    if (!first) throw new Error('no events');
    expect(ledger.applyForeign([...rest].reverse())).toEqual({
      applied: 0,
      duplicate: 0,
      early: 4,
      conflicts: [],
    });
    expect(ledger.earlyEventCount()).toBe(4);
    expect(ledger.onHand(A)).toBe(0);
    expect(ledger.vector()[OTHER]).toBeUndefined();
    // An early event seen again is a duplicate, not a second copy.
    expect(ledger.applyForeign(rest.slice(0, 1))).toMatchObject({ duplicate: 1, early: 0 });

    const resumed = ledgers.reopen(ledger);
    expect(resumed.earlyEventCount()).toBe(4);
    expect(resumed.applyForeign([first])).toMatchObject({ applied: 1, early: 0 });
    expect(resumed.earlyEventCount()).toBe(0);
    expect(resumed.vector()[OTHER]).toBe(5);
    expect(resumed.onHand(A)).toBe(5);
    for (const event of events) expect(resumed.event(event)).toEqual(event);
    expect(resumed.checkStock()).toEqual([]);
  });

  it('refuses a different event under a key it already holds, writing nothing for it', () => {
    const ledger = ledgers.open();
    const events = foreignDeliveries(OTHER, 2);
    ledger.applyForeign(events);
    const before = snapshot(ledger);
    const forged: LedgerEvent[] = [
      { ...at(events, 0), qty: 9 },
      { ...at(events, 1), actor: 'someone else' },
    ];
    expect(ledger.applyForeign(forged)).toEqual({
      applied: 0,
      duplicate: 0,
      early: 0,
      conflicts: [
        { originId: OTHER, seq: 1 },
        { originId: OTHER, seq: 2 },
      ],
    });
    expect(snapshot(ledger)).toEqual(before);
    expect(ledger.onHand(A)).toBe(2);
  });

  it('refuses a conflicting copy of one of its own events', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 3);
    const own = ledger.eventsMissingFrom({}, 1)[0];
    if (own?.kind !== 'DELIVERY') throw new Error('expected the delivery');
    const before = snapshot(ledger);
    expect(ledger.applyForeign([own]).duplicate).toBe(1);
    expect(ledger.applyForeign([{ ...own, qty: 30 }]).conflicts).toEqual([
      { originId: ledger.originId, seq: own.seq },
    ]);
    expect(snapshot(ledger)).toEqual(before);
  });

  it('refuses a conflicting copy of an early event, and a gap-filler contradicting it', () => {
    const ledger = ledgers.open();
    const [one, two, three] = foreignDeliveries(OTHER, 3);
    if (!one || !two || !three) throw new Error('no events');
    ledger.applyForeign([three]);
    const before = snapshot(ledger);
    expect(ledger.applyForeign([{ ...three, qty: 2 }]).conflicts).toEqual([
      { originId: OTHER, seq: 3 },
    ]);
    expect(snapshot(ledger)).toEqual(before);

    ledger.applyForeign([one]);
    // seq 2 is next: it must match nothing held early (nothing is), so it applies and drains 3.
    expect(ledger.applyForeign([two])).toMatchObject({ applied: 1, conflicts: [] });
    expect(ledger.onHand(A)).toBe(3);
  });

  it('applies the good events of a batch and refuses only the conflicting ones', () => {
    const ledger = ledgers.open();
    const events = foreignDeliveries(OTHER, 3);
    ledger.applyForeign(events.slice(0, 1));
    const conflicting = { ...at(events, 0), reference: 'changed' };
    const report = ledger.applyForeign([conflicting, ...events.slice(1)]);
    expect(report).toEqual({
      applied: 2,
      duplicate: 0,
      early: 0,
      conflicts: [{ originId: OTHER, seq: 1 }],
    });
    expect(ledger.event({ originId: OTHER, seq: 1 })).toEqual(at(events, 0));
    expect(ledger.onHand(A)).toBe(3);
  });

  it('refuses a malformed event and writes nothing of its batch', () => {
    const ledger = ledgers.open();
    const events = foreignDeliveries(OTHER, 2);
    const before = snapshot(ledger);
    const malformed = { ...at(events, 1), isbn: '0306406152' };
    expect(() => ledger.applyForeign([at(events, 0), malformed])).toThrow(/normalized ISBN-13/);
    const extra = { ...at(events, 1), surprise: true };
    expect(() => ledger.applyForeign([at(events, 0), extra])).toThrow(/surprise/);
    expect(snapshot(ledger)).toEqual(before);
  });

  it('orders later local events after a foreign event from a clock running ahead', () => {
    const ledger = ledgers.open();
    const [ahead] = foreignDeliveries(OTHER, 1);
    if (!ahead) throw new Error('no event');
    const future = { ...ahead, hlc: hlcAt(Date.now() + 3_600_000, 7) };
    ledger.applyForeign([future]);
    deliver(ledger, A, 1);
    const local = ledger.event({ originId: ledger.originId, seq: 1 });
    expect(local?.hlc.localeCompare(future.hlc)).toBe(1);
  });
});
