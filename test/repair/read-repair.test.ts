// Read repair over real HTTP on loopback: registers on real SQLite files, the master on SQLite and
// on PostgreSQL.
import { expect, it } from 'vitest';
import { createMasterServer } from '../../app/master/server.js';
import { recentRepairs } from '../../app/repair/repair-log.js';
import { describeEachStorage } from '../master/helpers.js';
import { useChain, X, Y } from './chain.js';

const card = { method: 'card' as const };

describeEachStorage('read repair at the counter', (kind) => {
  const chain = useChain(kind);

  it('is not needed when the ledger already has the copies', async () => {
    await chain.start();
    const a = await chain.till();
    a.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 2 }] });
    await expect(a.checkScan({ isbn: X, atCounter: 1, actor: 'cam' })).resolves.toMatchObject({
      outcome: 'no-dispute',
      onHand: 2,
    });
    expect(recentRepairs(a.ledger)).toHaveLength(0);
  });

  it('pulls the events the register lacked for the title, and the ledgers agree with no question asked', async () => {
    await chain.start();
    const a = await chain.till();
    const b = await chain.till();
    a.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 3 }] });
    await a.syncNow(); // the master knows of the delivery; b has not pulled it
    expect(b.ledger.onHand(X)).toBe(0);
    const outcome = await b.checkScan({ isbn: X, atCounter: 1, actor: 'cam' });
    expect(outcome).toMatchObject({
      outcome: 'agreed',
      localBefore: 0,
      onHand: 3,
      masterOnHand: 3,
    });
    expect(b.ledger.onHand(X)).toBe(3);
    expect(b.ledger.checkStock()).toEqual([]);
    const [record] = b.repairs();
    expect(record).toMatchObject({
      isbn: X,
      outcome: 'agreed',
      localBefore: 0,
      localAfter: 3,
      masterAfter: 3,
    });
    expect(record?.eventsIn).toBeGreaterThan(0);
  });

  it('sends the master the events it lacked, in the same round trip', async () => {
    const at = await chain.start();
    const a = await chain.till();
    a.deliver({ actor: 'receiving', lines: [{ isbn: Y, qty: 1 }] }); // not pushed
    await a.syncNow();
    a.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 1 }] }); // waits in the outbox
    const result = await a.checkScan({ isbn: X, atCounter: 2, actor: 'cam' });
    expect(result).toMatchObject({ outcome: 'discrepancy', eventsOut: 1, masterOnHand: 1 });
    expect((await at.storage.titleState('uptown', X)).onHand).toBe(1);
    expect(a.status().outboxSize).toBe(0);
    expect(a.repairs()[0]).toMatchObject({ masterBefore: 0, masterAfter: 1, eventsOut: 1 });
  });

  it('records a confirmed shelf correction, flags the title, and in strong mode the master learns it at once', async () => {
    const at = await chain.start();
    const a = await chain.till('uptown', 'strong');
    const outcome = await a.checkScan({ isbn: X, atCounter: 1, actor: 'cam' });
    expect(outcome).toMatchObject({
      outcome: 'discrepancy',
      onHand: 0,
      proposed: { from: 0, to: 1 },
    });
    if (outcome.outcome !== 'discrepancy') throw new Error('expected a discrepancy');
    const correction = await a.confirmCorrection(outcome.repairId, 'maria');
    expect(correction).toMatchObject({ kind: 'ADJUST', delta: 1, actor: 'maria' });
    expect(a.ledger.onHand(X)).toBe(1);
    expect((await at.storage.titleState('uptown', X)).onHand).toBe(1);
    expect(a.titlesToCount().map((flag) => flag.isbn)).toEqual([X]);
    expect(a.repairs()[0]).toMatchObject({ outcome: 'corrected', localAfter: 1 });
    const sale = await a.sell({ cashier: 'cam', lines: [{ isbn: X, qty: 1 }], payment: card });
    expect(sale.status).toBe('confirmed');
    expect(a.ledger.onHand(X)).toBe(0);
    expect((await at.storage.titleState('uptown', X)).onHand).toBe(0);
  });

  it('leaves the count alone when the cashier declines, but flags the title for counting', async () => {
    await chain.start();
    const a = await chain.till();
    const outcome = await a.checkScan({ isbn: X, atCounter: 2, actor: 'cam' });
    if (outcome.outcome !== 'discrepancy') throw new Error('expected a discrepancy');
    a.declineCorrection(outcome.repairId, 'cam');
    expect(a.ledger.onHand(X)).toBe(0);
    expect(a.titlesToCount()).toHaveLength(1);
    await expect(a.confirmCorrection(outcome.repairId, 'maria')).rejects.toThrow(/declined/);
  });

  it('marks the count unverified when the master is away, and checks it at the next contact', async () => {
    const at = await chain.start();
    const a = await chain.till();
    const b = await chain.till();
    b.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 2 }] });
    await b.syncNow();
    await at.app.close(); // the master goes away mid-shift
    const outcome = await a.checkScan({ isbn: X, atCounter: 1, actor: 'cam' });
    expect(outcome).toMatchObject({ outcome: 'unverified', onHand: 0 });
    await a.sell({ cashier: 'cam', lines: [{ isbn: X, qty: 1 }], payment: card }); // eventual: proceeds
    expect(a.status().masterReachable).toBe(false);
    // The master comes back on a new port (same storage); the register, restarted, is pointed at it.
    const again = createMasterServer({ storage: at.storage });
    await again.listen({ port: 0, host: '127.0.0.1' });
    const address = again.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    a.ledger.settings.set('master_url', `http://127.0.0.1:${port}`);
    const reopened = await chain.reopen(a);
    try {
      await reopened.syncNow();
      const record = reopened.repairs().find((repair) => repair.isbn === X);
      expect(record).toMatchObject({ outcome: 'agreed', localAfter: 1 });
      expect(reopened.ledger.onHand(X)).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('treats a strong sale the master refuses for lack of stock as a dispute, and sells after the repair', async () => {
    const at = await chain.start();
    const a = await chain.till('uptown', 'strong');
    const b = await chain.till('uptown', 'strong');
    a.deliver({ actor: 'receiving', lines: [{ isbn: X, qty: 1 }] });
    await a.syncNow();
    await b.syncNow(); // both see one copy
    expect(
      (await a.sell({ cashier: 'ann', lines: [{ isbn: X, qty: 1 }], payment: card })).status,
    ).toBe('confirmed');
    // b has not heard of that sale; a second copy (unrecorded) is in b's cashier's hand.
    const refused = await b.sell({ cashier: 'ben', lines: [{ isbn: X, qty: 1 }], payment: card });
    expect(refused).toMatchObject({
      status: 'rejected',
      code: 'INSUFFICIENT_STOCK',
      detail: { isbn: X, onHand: -1 },
    });
    expect(refused.receipt.status).toBe('pending');
    const [outcome] = await b.reconcileRefusedSale(refused.receipt.receiptId, 'ben');
    expect(outcome).toMatchObject({
      outcome: 'discrepancy',
      onHand: -1,
      proposed: { from: -1, to: 0 },
    });
    if (outcome?.outcome !== 'discrepancy') throw new Error('expected a discrepancy');
    await b.confirmCorrection(outcome.repairId, 'maria');
    const retried = await b.retryPending(refused.receipt.receiptId);
    expect(retried.status).toBe('confirmed');
    expect(b.ledger.onHand(X)).toBe(0);
    expect((await at.storage.titleState('uptown', X)).onHand).toBe(0);
    await a.syncNow();
    expect(a.ledger.onHand(X)).toBe(0);
  });
});
