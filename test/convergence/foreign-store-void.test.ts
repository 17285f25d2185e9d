// Found by the convergence proof (seed 20260301): a register voided another store's event it had
// pulled from the feed. The master takes a register's events only for its own store, so it
// refused that VOID with 403 on every push, and every later event of the register waited behind
// it for ever. voidEvent now refuses such a target and writes nothing.
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { voidEvent } from '../../app/ledger/stock-operations.js';
import { authorizeEvents } from '../../app/master/routes/append-events.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { Outbox } from '../../app/sync/outbox.js';
import { foreignDeliveries, originNo } from '../helpers/foreign-events.js';
import { demoIsbn, seedTitles } from '../helpers/ledgers.js';
import { expectUserError } from '../helpers/user-error.js';

describe("voiding another store's event", () => {
  it('is refused at the register, before the master could refuse it for ever', () => {
    const riverside = Ledger.open({ path: ':memory:', storeId: 'riverside' });
    try {
      seedTitles(riverside, 1);
      const [uptownDelivery] = foreignDeliveries(originNo(7), 1, demoIsbn(0));
      if (!uptownDelivery) throw new Error('no foreign delivery');
      riverside.applyForeign([uptownDelivery]);
      const vectorBefore = riverside.vector();

      expectUserError(
        () => voidEvent(riverside, uptownDelivery, 'manager', 'entered by mistake'),
        'NOT_ALLOWED',
        /belongs to store "uptown"/,
      );
      expect(riverside.vector()).toEqual(vectorBefore);
      expect(new Outbox(riverside).size()).toBe(0);
      expect(riverside.onHand(demoIsbn(0), 'uptown')).toBe(1);

      // What the master would have said to such a VOID, on every push.
      const strayVoid: LedgerEvent = {
        kind: 'VOID',
        originId: riverside.originId,
        seq: 1,
        hlc: uptownDelivery.hlc,
        storeId: 'uptown',
        isbn: uptownDelivery.isbn,
        actor: 'manager',
        target: { originId: uptownDelivery.originId, seq: uptownDelivery.seq },
        reason: 'entered by mistake',
      };
      expect(() =>
        authorizeEvents(
          {
            registerId: 'reg-riverside',
            storeId: 'riverside',
            name: 'Till',
            tokenHash: Buffer.alloc(32),
            origins: [riverside.originId],
            enrolledAt: '2026-01-01T00:00:00.000Z',
            revokedAt: null,
          },
          [strayVoid],
        ),
      ).toThrow(/not this register's store/);
    } finally {
      riverside.close();
    }
  });

  it("still voids the register's own store's events", () => {
    const uptown = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    try {
      seedTitles(uptown, 1);
      const [delivery] = foreignDeliveries(originNo(7), 1, demoIsbn(0));
      if (!delivery) throw new Error('no foreign delivery');
      uptown.applyForeign([delivery]);
      const voided = voidEvent(uptown, delivery, 'manager', 'entered by mistake');
      expect(voided).toMatchObject({ kind: 'VOID', storeId: 'uptown' });
      expect(uptown.onHand(demoIsbn(0))).toBe(0);
    } finally {
      uptown.close();
    }
  });
});
