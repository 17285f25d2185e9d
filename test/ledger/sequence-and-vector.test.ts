// (originId, seq) names one event forever: local seqs are gap-free and never reused, and the
// version vector names exactly the events the log holds.
import { describe, expect, it } from 'vitest';
import { recordSale } from '../../app/ledger/sales.js';
import { adjustStock, receiveDelivery, voidEvent } from '../../app/ledger/stock-operations.js';
import { LEDGER_KINDS, deliver, demoIsbn, useLedgers } from '../helpers/ledgers.js';
import { oneToN, seqsOf } from '../helpers/ledger-state.js';
import { foreignDeliveries, originNo } from '../helpers/foreign-events.js';

const A = demoIsbn(0);

describe.each(LEDGER_KINDS)('seq and version vector (%s ledger)', (kind) => {
  const ledgers = useLedgers(kind);

  it('a new ledger names only its own origin, at 0', () => {
    const ledger = ledgers.open();
    expect(ledger.originId).toMatch(/^[0-9a-f]{32}$/);
    expect(ledger.vector()).toEqual({ [ledger.originId]: 0 });
  });

  it('reads the writing origin’s highest seq from the log: its appends leave its vector row alone', () => {
    const ledger = ledgers.open();
    const row = () =>
      ledger.db.prepare('SELECT seq FROM vector WHERE origin_id = ?').pluck().get(ledger.originId);
    deliver(ledger, A, 5);
    recordSale(ledger, {
      cashier: 'ana',
      lines: [
        { isbn: A, qty: 1 },
        { isbn: A, qty: 2 },
      ],
      payment: { method: 'card' },
    });
    // Not written by a sale: a WAL page less before its receipt prints.
    expect(row()).toBe(0);
    expect(ledger.highestSeq(ledger.originId)).toBe(3);
    expect(ledger.vector()).toEqual({ [ledger.originId]: 3 });
    expect(ledger.eventsMissingFrom({}, 10).map((event) => event.seq)).toEqual([1, 2, 3]);
    // Foreign origins keep theirs in the table, raised with each page applied.
    ledger.applyForeign(foreignDeliveries(originNo(9), 2, A));
    expect(
      ledger.db.prepare('SELECT seq FROM vector WHERE origin_id = ?').pluck().get(originNo(9)),
    ).toBe(2);
    expect(ledger.vector()).toEqual({ [ledger.originId]: 3, [originNo(9)]: 2 });
  });

  it('gives local events gap-free seqs from 1, through refusals and reopens', () => {
    let ledger = ledgers.open();
    deliver(ledger, A, 5);
    const sale = recordSale(ledger, {
      cashier: 'ana',
      lines: [
        { isbn: A, qty: 1 },
        { isbn: A, qty: 1 },
      ],
      payment: { method: 'card' },
    });
    expect(() => adjustStock(ledger, { actor: 'm', isbn: A, delta: 0, reason: 'x' })).toThrow();
    expect(() =>
      receiveDelivery(ledger, { actor: 'r', lines: [{ isbn: demoIsbn(100), qty: 1 }] }),
    ).toThrow();
    const line = sale.lines[1];
    if (!line) throw new Error('no line');
    voidEvent(ledger, line.event, 'm', 'double scan');
    ledger = ledgers.reopen(ledger);
    deliver(ledger, A, 1);
    expect(seqsOf(ledger, ledger.originId)).toEqual(oneToN(5));
    expect(ledger.vector()).toEqual({ [ledger.originId]: 5 });
  });

  it('counts a foreign origin only up to its first gap', () => {
    const ledger = ledgers.open();
    const other = originNo(7);
    const events = foreignDeliveries(other, 6);
    ledger.applyForeign(
      [events[0], events[1], events[2], events[4]].flatMap((e) => (e ? [e] : [])),
    );
    expect(ledger.vector()).toEqual({ [ledger.originId]: 0, [other]: 3 });
    expect(ledger.earlyEventCount()).toBe(1);
    expect(ledger.onHand(A)).toBe(3);
    ledger.applyForeign(events.slice(3, 4));
    expect(ledger.vector()).toEqual({ [ledger.originId]: 0, [other]: 5 });
    expect(ledger.earlyEventCount()).toBe(0);
    expect(ledger.onHand(A)).toBe(5);
  });

  it('lists exactly the events a peer lacks, oldest first per origin', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 1);
    deliver(ledger, A, 2);
    const other = originNo(9);
    ledger.applyForeign(foreignDeliveries(other, 3));
    const missing = ledger.eventsMissingFrom({ [ledger.originId]: 1, [other]: 1 }, 100);
    expect(missing.map((e) => [e.originId, e.seq]).sort()).toEqual(
      [
        [ledger.originId, 2],
        [other, 2],
        [other, 3],
      ].sort(),
    );
    expect(ledger.eventsMissingFrom(ledger.vector(), 100)).toEqual([]);
    expect(ledger.eventsMissingFrom({}, 2)).toHaveLength(2);
    expect(ledger.eventsMissingFrom({}, 100)).toHaveLength(5);
  });
});
