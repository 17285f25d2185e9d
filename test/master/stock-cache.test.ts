// The master's stock cache must equal foldCount() of the events it holds, whatever the mix of
// kinds and whatever order the origins' events arrive in.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCount } from '../../app/ledger/fold.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { PgMasterStorage } from '../../app/master/pg-storage.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { MasterStorage } from '../../app/master/storage.js';
import { ISBN_A, ISBN_B, OriginWriter, newOriginId } from './helpers.js';
import {
  createTestDatabase,
  storageAvailable,
  storageSuiteName,
  type TestDatabase,
} from './test-database.js';

const STORES = ['uptown', 'uptown', 'riverside'] as const;
const ISBNS = [ISBN_A, ISBN_B] as const;

const actionArbitrary = fc.record({
  origin: fc.integer({ min: 0, max: STORES.length - 1 }),
  isbn: fc.integer({ min: 0, max: ISBNS.length - 1 }),
  kind: fc.constantFrom('DELIVERY', 'SALE', 'ADJUST', 'STOCKTAKE', 'VOID'),
  qty: fc.integer({ min: 1, max: 9 }),
  pick: fc.nat(),
  seen: fc.array(fc.nat(), { minLength: STORES.length, maxLength: STORES.length }),
});
type Action = typeof actionArbitrary extends fc.Arbitrary<infer A> ? A : never;

function buildEvents(actions: Action[]): LedgerEvent[][] {
  const writers = STORES.map((storeId) => new OriginWriter(newOriginId(), storeId));
  const perOrigin: LedgerEvent[][] = STORES.map(() => []);
  const all: LedgerEvent[] = [];
  for (const action of actions) {
    const writer = writers[action.origin];
    const list = perOrigin[action.origin];
    if (!writer || !list) continue;
    const isbn = ISBNS[action.isbn] ?? ISBN_A;
    let event: LedgerEvent;
    const target = all[action.pick % Math.max(all.length, 1)];
    if (action.kind === 'VOID' && target) {
      event = writer.next({
        kind: 'VOID',
        storeId: target.storeId,
        isbn: target.isbn,
        actor: 'mo',
        target: { originId: target.originId, seq: target.seq },
        reason: 'keyed in error',
      });
    } else if (action.kind === 'STOCKTAKE') {
      // What the counting register had seen: some prefix of each origin's events.
      const vector = Object.fromEntries(
        perOrigin
          .map((events, index) => [
            events[0]?.originId,
            (action.seen[index] ?? 0) % (events.length + 1),
          ])
          .filter((entry): entry is [string, number] => entry[0] !== undefined),
      );
      event = writer.next({
        kind: 'STOCKTAKE',
        isbn,
        actor: 'mo',
        counted: action.qty,
        vector,
        stocktakeId: `st-${all.length}`,
      });
    } else if (action.kind === 'ADJUST') {
      event = writer.next({
        kind: 'ADJUST',
        isbn,
        actor: 'mo',
        delta: -action.qty,
        reason: 'damaged',
      });
    } else if (action.kind === 'SALE') {
      event = writer.sale(isbn, action.qty);
    } else {
      event = writer.delivery(isbn, action.qty);
    }
    list.push(event);
    all.push(event);
  }
  return perOrigin;
}

/** Interleaves the origins in the given order, keeping each origin's own events in seq order. */
function interleave(perOrigin: LedgerEvent[][], order: number[]): LedgerEvent[] {
  const queues = perOrigin.map((events) => [...events]);
  const out: LedgerEvent[] = [];
  for (const pick of order) {
    const event = queues[pick % queues.length]?.shift();
    if (event) out.push(event);
  }
  for (const queue of queues) out.push(...queue);
  return out;
}

/** Appends the events in batches of the given sizes, all at once, as concurrent pushes would. */
async function appendAll(
  storage: MasterStorage,
  events: LedgerEvent[],
  batchSizes: number[],
): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (let at = 0, i = 0; at < events.length; i += 1) {
    const size = batchSizes[i % batchSizes.length] ?? 1;
    pending.push(storage.append({ events: events.slice(at, at + size) }));
    at += size;
  }
  await Promise.all(pending);
}

async function expectFoldedCounts(storage: MasterStorage, events: LedgerEvent[]): Promise<void> {
  for (const storeId of new Set(STORES)) {
    for (const isbn of ISBNS) {
      const key = events.filter((e) => e.storeId === storeId && e.isbn === isbn);
      const state = await storage.titleState(storeId, isbn);
      expect(state.onHand).toBe(foldCount(key).onHand);
    }
  }
}

const scenario = () =>
  [
    fc.array(actionArbitrary, { minLength: 1, maxLength: 40 }),
    fc.array(fc.nat({ max: STORES.length - 1 }), { maxLength: 60 }),
    fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }),
  ] as const;

describe('master stock cache [sqlite]', () => {
  it('equals foldCount of the held events for any mix and arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(...scenario(), async (actions, order, batchSizes) => {
        const events = interleave(buildEvents(actions), order);
        const storage = SqliteMasterStorage.open({ path: ':memory:' });
        try {
          // Several batches per group commit, as concurrent pushes would be.
          await appendAll(storage, events, batchSizes);
          expect(storage.checkStock()).toEqual([]);
          await expectFoldedCounts(storage, events);
        } finally {
          await storage.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe.skipIf(!storageAvailable('postgres'))(
  storageSuiteName('master stock cache', 'postgres'),
  () => {
    let database: TestDatabase;
    let storage: PgMasterStorage;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      storage = (await database.open()) as PgMasterStorage;
    });
    afterAll(async () => {
      await storage.close();
      await database.dispose();
    });

    it('equals foldCount of the held events for any mix and arrival order', async () => {
      await fc.assert(
        fc.asyncProperty(...scenario(), async (actions, order, batchSizes) => {
          // One schema for every run, emptied in between: a schema per run would be slow.
          await storage.pool.query(
            'TRUNCATE events, held, stock; UPDATE feed_head SET master_seq = 0',
          );
          const events = interleave(buildEvents(actions), order);
          await appendAll(storage, events, batchSizes);
          expect(await storage.checkStock()).toEqual([]);
          await expectFoldedCounts(storage, events);
        }),
        { numRuns: 200 },
      );
    });
  },
);
