// A ledger file that was copied or restored must never write an (originId, seq) the chain has
// already seen with other content: it takes a new origin and keeps the old one as history.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { recordSale } from '../../app/ledger/sales.js';
import { deliver, demoIsbn, useLedgers } from '../helpers/ledgers.js';
import { oneToN, seqsOf, snapshot } from '../helpers/ledger-state.js';
import { at } from '../helpers/foreign-events.js';
import { expectUserError } from '../helpers/user-error.js';

const A = demoIsbn(0);

function sellOne(ledger: Ledger) {
  return recordSale(ledger, {
    cashier: 'ana',
    lines: [{ isbn: A, qty: 1 }],
    payment: { method: 'card' },
  });
}

describe('ledger identity on disk', () => {
  const ledgers = useLedgers('disk');

  it('keeps its origin across reopens of the same file', () => {
    const ledger = ledgers.open();
    const origin = ledger.originId;
    deliver(ledger, A, 3);
    const reopened = ledgers.reopen(ledger);
    expect(reopened.originId).toBe(origin);
    expect(reopened.rotatedBecause).toBeUndefined();
    expect(reopened.originHistory()).toEqual([
      { originId: origin, startedAt: expect.any(String) as string, reason: 'new ledger' },
    ]);
  });

  it('gives a copied file a new origin and keeps the old one as history', () => {
    const original = ledgers.open();
    const file = ledgers.pathOf(original);
    deliver(original, A, 5);
    sellOne(original);
    const oldOrigin = original.originId;
    original.close();

    const copyPath = path.join(path.dirname(file), 'copy.db');
    fs.copyFileSync(file, copyPath);
    const copy = Ledger.open({ path: copyPath, storeId: 'uptown' });
    try {
      expect(copy.originId).not.toBe(oldOrigin);
      expect(copy.originId).toMatch(/^[0-9a-f]{32}$/);
      expect(copy.rotatedBecause).toMatch(/copied or restored/);
      const history = copy.originHistory();
      expect(history.map((h) => h.originId)).toEqual([oldOrigin, copy.originId]);
      expect(history[1]?.reason).toMatch(/copied or restored/);
      // The copy still counts the old origin's events, and writes from seq 1 of its new origin.
      expect(copy.vector()).toEqual({ [oldOrigin]: 2, [copy.originId]: 0 });
      expect(copy.onHand(A)).toBe(4);
      const sale = sellOne(copy);
      expect(sale.lines[0]?.event).toEqual({ originId: copy.originId, seq: 1 });
      expect(sale.receiptId).toBe(`${copy.originId}-000001`);
      expect(seqsOf(copy, oldOrigin)).toEqual([1, 2]);
    } finally {
      copy.close();
    }

    // A second open of the copy is the same file again: no further rotation.
    const copyAgain = Ledger.open({ path: copyPath, storeId: 'uptown' });
    const copyOrigin = copyAgain.originId;
    expect(copyAgain.rotatedBecause).toBeUndefined();
    expect(copyAgain.originHistory()).toHaveLength(2);
    copyAgain.close();

    const reopened = Ledger.open({ path: file, storeId: 'uptown' });
    try {
      expect(reopened.originId).toBe(oldOrigin);
      expect(reopened.originId).not.toBe(copyOrigin);
      expect(reopened.rotatedBecause).toBeUndefined();
      expect(reopened.originHistory()).toHaveLength(1);
    } finally {
      reopened.close();
    }
  });

  it('refuses to open another store’s ledger, changing nothing', () => {
    const ledger = ledgers.open('uptown');
    const file = ledgers.pathOf(ledger);
    ledger.close();
    const bytes = fs.readFileSync(file);
    expectUserError(
      () => Ledger.open({ path: file, storeId: 'riverside' }),
      'WRONG_STORE',
      /belongs to store "uptown", not "riverside"/,
    );
    const sameStore = Ledger.open({ path: file });
    expect(sameStore.storeId).toBe('uptown');
    sameStore.close();
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('rotates when the chain holds newer events of its origin (restored in place)', () => {
    const ledger = ledgers.open();
    const file = ledgers.pathOf(ledger);
    deliver(ledger, A, 5);
    sellOne(ledger);
    ledger.close();
    const backup = fs.readFileSync(file);

    const live = Ledger.open({ path: file, storeId: 'uptown' });
    const origin = live.originId;
    sellOne(live);
    sellOne(live);
    const shippedToMaster = live.eventsMissingFrom({}, 100);
    live.close();

    // Restoring the backup into the same file keeps its inode, so only the chain can tell.
    fs.writeFileSync(file, backup);
    const restored = Ledger.open({ path: file, storeId: 'uptown' });
    try {
      expect(restored.originId).toBe(origin);
      expect(restored.vector()[origin]).toBe(2);
      const report = restored.applyForeign(shippedToMaster);
      expect(report.rotatedOrigin).toMatch(/restored from an older copy/);
      expect(report).toMatchObject({ applied: 2, duplicate: 2, early: 0, conflicts: [] });
      expect(restored.originId).not.toBe(origin);
      expect(restored.rotatedBecause).toBe(report.rotatedOrigin);
      expect(restored.originHistory().at(-1)).toMatchObject({
        originId: restored.originId,
        reason: report.rotatedOrigin,
      });
      expect(restored.vector()).toEqual({ [origin]: 4, [restored.originId]: 0 });
      expect(restored.onHand(A)).toBe(2);

      const next = sellOne(restored);
      expect(next.lines[0]?.event).toEqual({ originId: restored.originId, seq: 1 });
      expect(seqsOf(restored, origin)).toEqual(oneToN(4));
      for (const event of shippedToMaster) expect(restored.event(event)).toEqual(event);
      expect(restored.checkStock()).toEqual([]);
    } finally {
      restored.close();
    }
    const again = Ledger.open({ path: file, storeId: 'uptown' });
    expect(again.originId).not.toBe(origin);
    again.close();
  });
});

describe('ledger identity in memory', () => {
  const ledgers = useLedgers('memory');

  function ownEventBeyondHighest(ledger: Ledger, seq: number): LedgerEvent {
    return {
      kind: 'DELIVERY',
      originId: ledger.originId,
      seq,
      hlc: '001700000000000.00000',
      storeId: ledger.storeId,
      isbn: A,
      actor: 'a twin of this register',
      qty: 7,
      reference: 'written by a copy',
    };
  }

  it('rotates on its own origin beyond its highest seq and never reuses a seq', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 1);
    const origin = ledger.originId;
    expect(ledger.ownOrigins()).toEqual([origin]);
    const ahead = ownEventBeyondHighest(ledger, 3);
    const report = ledger.applyForeign([ahead]);
    expect(report.rotatedOrigin).toContain(origin);
    expect(report).toMatchObject({ applied: 0, early: 1, conflicts: [] });
    expect(ledger.originId).not.toBe(origin);
    // Both origins' events are ours to push, the old one's too.
    expect(ledger.ownOrigins()).toEqual([origin, ledger.originId]);
    deliver(ledger, A, 1);
    expect(seqsOf(ledger, ledger.originId)).toEqual([1]);
    expect(seqsOf(ledger, origin)).toEqual([1]);
    // seq 2 of the old origin belongs to whoever wrote 3; it arrives and drains 3.
    const two = { ...ownEventBeyondHighest(ledger, 2), originId: origin };
    const later = ledger.applyForeign([two]);
    expect(later.rotatedOrigin).toBeUndefined();
    expect(later.applied).toBe(1);
    expect(seqsOf(ledger, origin)).toEqual([1, 2, 3]);
    expect(ledger.onHand(A)).toBe(1 + 1 + 7 + 7);
  });

  it('does not rotate for its own events it already holds', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 1);
    const origin = ledger.originId;
    const report = ledger.applyForeign(ledger.eventsMissingFrom({}, 10));
    expect(report).toEqual({ applied: 0, duplicate: 1, early: 0, conflicts: [] });
    expect(ledger.originId).toBe(origin);
  });

  it('keeps its origin when a batch that would rotate it is refused', () => {
    const ledger = ledgers.open();
    deliver(ledger, A, 1);
    const origin = ledger.originId;
    const before = snapshot(ledger);
    const malformed = { ...ownEventBeyondHighest(ledger, 5), originId: 'not hex' };
    expect(ledger.ownOrigins()).toEqual([origin]);
    expect(() => ledger.applyForeign([ownEventBeyondHighest(ledger, 2), malformed])).toThrow();
    expect(snapshot(ledger)).toEqual(before);
    expect(ledger.originId).toBe(origin);
    expect(ledger.rotatedBecause).toBeUndefined();
    expect(ledger.ownOrigins()).toEqual([origin]);
    // The valid part, sent again, rotates for real: in memory and in the file alike.
    expect(ledger.applyForeign([ownEventBeyondHighest(ledger, 2)]).rotatedOrigin).toBeDefined();
    expect(ledger.originId).not.toBe(origin);
    expect(ledger.ownOrigins()).toEqual([origin, ledger.originId]);
    expect(at(ledger.originHistory(), 1).originId).toBe(ledger.originId);
    deliver(ledger, A, 1);
    expect(seqsOf(ledger, ledger.originId)).toEqual([1]);
    expect(seqsOf(ledger, origin)).toEqual([1, 2]);
  });
});
