// A real master on loopback and three real registers (SQLite ledgers in temp dirs), two stores:
// strong sales confirmed by the master, eventual sales pushed by the batch, every store's events
// pulled everywhere, and the same counts on every register and on the master at the end. Once
// with the master on SQLite, once on PostgreSQL.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Register } from '../../app/register/register.js';
import { runBatch, type BatchProgress } from '../../app/sync/batch.js';
import { MasterClient } from '../../app/sync/master-client.js';
import { Outbox } from '../../app/sync/outbox.js';
import { describeEachStorage, type AnyTestMaster } from '../master/helpers.js';
import {
  enrolWith,
  expectAllCountsAgree,
  expectOwnEventsOnMasterOnce,
  startChainMaster,
} from '../helpers/sync-chain.js';
import { useTempDirs } from '../helpers/temp-dir.js';

function card(isbn: string, qty: number) {
  return { cashier: 'amy', lines: [{ isbn, qty }], payment: { method: 'card' as const } };
}

describeEachStorage('sync between a master and registers of two stores', (kind) => {
  const newDir = useTempDirs();
  let master: AnyTestMaster;
  const open: Register[] = [];

  beforeEach(async () => {
    master = await startChainMaster(kind);
  });
  afterEach(async () => {
    for (const register of open.splice(0)) await register.close();
    await master.close();
  });

  async function register(storeId: string, name: string): Promise<Register> {
    const opened = await enrolWith(master, { dataDir: newDir(), storeId, name });
    open.push(opened);
    return opened;
  }

  const rowsOf = async (receiptId: string) => (await master.inspect.rowsByReceipt()).get(receiptId);

  it('confirms strong sales, pushes eventual ones, pulls other stores and ends with equal counts', async () => {
    const front = await register('uptown', 'Front till');
    const back = await register('uptown', 'Back till');
    const river = await register('riverside', 'River till');

    // Enrolment brought the chain's catalog into each ledger.
    const titles = front.ledger.catalog.titles();
    expect(titles).toHaveLength(300);
    expect(river.ledger.catalog.titles()).toHaveLength(300);
    expect(front.status()).toMatchObject({ enrolled: true, storeName: 'Uptown' });
    const registers = await master.storage.registers();
    expect(registers.map((r) => r.name).sort()).toEqual(['Back till', 'Front till', 'River till']);
    const [a, b, c] = titles.map((title) => title.isbn);
    if (!a || !b || !c) throw new Error('demo catalog too small');

    // Opening stock arrives as deliveries at each store and reaches the master with the batch.
    back.deliver({
      actor: 'ivy',
      reference: 'PO-1',
      lines: [a, b, c].map((isbn) => ({ isbn, qty: 10 })),
    });
    river.deliver({
      actor: 'rex',
      reference: 'PO-2',
      lines: [a, c].map((isbn) => ({ isbn, qty: 6 })),
    });
    expect(back.status().outboxSize).toBe(3);
    expect((await back.syncNow()).pushed).toBe(3);
    expect((await river.syncNow()).pushed).toBe(2);
    expect(back.status().outboxSize).toBe(0);
    expect((await front.syncNow()).pulled).toBe(5);
    expect(front.ledger.onHand(a)).toBe(10);

    // Strong: the master confirms before the receipt is final and reports its own counts.
    front.setMode('strong');
    const strong = await front.sell({
      cashier: 'amy',
      lines: [
        { isbn: a, qty: 2 },
        { isbn: b, qty: 1 },
      ],
      payment: { method: 'cash', tenderedCents: 100_000 },
    });
    if (strong.status !== 'confirmed') throw new Error(`strong sale: ${strong.status}`);
    expect(strong.receipt.status).toBe('final');
    expect(front.receipt(strong.receipt.receiptId).status).toBe('final');
    expect(strong.masterOnHand).toEqual({ [a]: 8, [b]: 9 });
    expect(await rowsOf(strong.receipt.receiptId)).toBe(2);
    expect((await master.storage.titleState('uptown', a)).onHand).toBe(8);
    expect(front.status()).toMatchObject({ outboxSize: 0, pendingSales: 0, masterReachable: true });

    // Eventual: final at once, on the master only after the batch.
    const eventual = await back.sell(card(a, 3));
    expect(eventual.status).toBe('recorded');
    expect(eventual.receipt.status).toBe('final');
    expect(back.ledger.onHand(a)).toBe(7);
    expect(back.status().outboxSize).toBe(1);
    expect(await rowsOf(eventual.receipt.receiptId)).toBeUndefined();
    expect((await master.storage.titleState('uptown', a)).onHand).toBe(8);
    const riverSale = await river.sell(card(c, 4));
    expect(riverSale.status).toBe('recorded');

    const pushedBack = await back.syncNow();
    expect(pushedBack.pushed).toBe(1);
    // Back pulls the strong sale it had not seen; its own sale comes back as a duplicate.
    expect(back.ledger.onHand(a)).toBe(5);
    expect((await master.storage.titleState('uptown', a)).onHand).toBe(5);
    expect(await rowsOf(eventual.receipt.receiptId)).toBe(1);
    await river.syncNow();

    // Front learns of back's sale and of the other store's without having sold there.
    expect(front.ledger.onHand(a)).toBe(8);
    expect(front.ledger.onHand(c, 'riverside')).toBe(6);
    const pulled = await front.syncNow();
    expect(pulled.pushed).toBe(0);
    expect(front.ledger.onHand(a)).toBe(5);
    expect(front.ledger.onHand(c, 'riverside')).toBe(2);

    // A second batch everywhere: nothing left to move, nothing counted twice.
    for (const each of [front, back, river]) {
      const again = await each.syncNow();
      expect(again).toMatchObject({ pushed: 0, conflicts: 0 });
      expect(each.status().lastSyncAt).not.toBeNull();
    }
    expect((await river.syncNow()).pulled).toBe(0);

    const held = await master.inspect.held();
    for (const each of [front, back, river]) {
      expect(each.ledger.vector()).toEqual(held);
      expect(new Outbox(each.ledger).heldByMaster()[each.ledger.originId]).toBe(
        held[each.ledger.originId],
      );
      await expectOwnEventsOnMasterOnce(each.ledger, master.inspect);
    }
    await expectAllCountsAgree(master, [front.ledger, back.ledger, river.ledger]);
    expect((await master.storage.titleState('riverside', a)).onHand).toBe(6);
  });

  it('reports push and pull progress page by page, monotonic up to the total', async () => {
    const busy = await register('uptown', 'Busy till');
    const quiet = await register('riverside', 'Quiet till');
    const isbns = busy.ledger.catalog.titles().map((title) => title.isbn);
    busy.deliver({
      actor: 'ivy',
      reference: 'opening',
      lines: isbns.slice(0, 120).map((isbn) => ({ isbn, qty: 4 })),
    });
    await busy.syncNow();
    quiet.deliver({
      actor: 'rex',
      reference: 'opening',
      lines: isbns.slice(0, 57).map((isbn) => ({ isbn, qty: 2 })),
    });
    await quiet.sell(card(isbns[0] ?? '', 1));

    const token = quiet.ledger.settings.get('master_token');
    const client = new MasterClient({ url: master.url, ...(token ? { token } : {}) });
    const seen: BatchProgress[] = [];
    try {
      const result = await runBatch(quiet.ledger, client, {
        pageSize: 25,
        onProgress: (progress) => seen.push(progress),
      });
      expect(result).toMatchObject({ pushed: 58, pulled: 120, conflicts: 0 });
    } finally {
      await client.close();
    }

    const push = seen.filter((progress) => progress.phase === 'push');
    const pull = seen.filter((progress) => progress.phase === 'pull');
    expect(seen.map((progress) => progress.phase)).toEqual([
      ...push.map(() => 'push'),
      ...pull.map(() => 'pull'),
      'done',
    ]);
    expect(push.map((progress) => progress.eventsDone)).toEqual([25, 50, 58]);
    expect(push.every((progress) => progress.eventsTotal === 58)).toBe(true);
    // Its own 58 events come back in the feed after busy's 120: 178 in all. The pull runs while
    // the push lands, so the head (the total) may grow along the way, and the pull's progress
    // shows only once the push has shown all of its own (the latest page it had applied by then).
    expect(pull.at(-1)).toMatchObject({ eventsDone: 178, eventsTotal: 178 });
    expect(pull.every((progress) => progress.eventsDone <= progress.eventsTotal)).toBe(true);
    for (let i = 1; i < pull.length; i += 1) {
      expect(pull[i]?.eventsTotal).toBeGreaterThanOrEqual(pull[i - 1]?.eventsTotal ?? 0);
    }
    for (const phase of [push, pull]) {
      for (let i = 1; i < phase.length; i += 1) {
        const [before, now] = [phase[i - 1], phase[i]];
        if (!before || !now) continue;
        expect(now.eventsDone).toBeGreaterThan(before.eventsDone);
        expect(now.bytesDone).toBeGreaterThan(before.bytesDone);
      }
      const last = phase.at(-1);
      expect(last?.eventsDone).toBe(last?.eventsTotal);
      expect(last?.bytesDone).toBe(last?.bytesTotal);
      expect(phase.every((progress) => progress.bytesDone <= progress.bytesTotal)).toBe(true);
    }
    await busy.syncNow();
    await expectAllCountsAgree(master, [busy.ledger, quiet.ledger]);
  });
});
