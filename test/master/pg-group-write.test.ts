// The PostgreSQL master judges a whole group of appends in memory and writes it at once; only a
// group where a strong sale cannot be covered (or one bringing a STOCKTAKE or VOID) is written
// request by request. Either way each request must get exactly the answer it would get alone, in
// arrival order: a refused strong sale changes nothing and refuses only itself, a re-sent event is
// a duplicate counted once, masterSeqs stay contiguous, and the counts answered are those the
// group's commit left.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InsufficientStockError } from '../../app/master/master-errors.js';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import type { AppendRequest, AppendResult } from '../../app/master/storage.js';
import { ISBN_A, ISBN_B, OriginWriter, newOriginId } from './helpers.js';
import { strong } from './strong-request.js';
import {
  createTestDatabase,
  storageAvailable,
  storageSuiteName,
  type TestDatabase,
} from './test-database.js';

/** Appends every request in the same turn, so they share one group commit. */
function together(storage: PgMasterStorage, requests: AppendRequest[]) {
  return Promise.allSettled(requests.map((request) => storage.append(request)));
}

function value(outcome: PromiseSettledResult<AppendResult> | undefined): AppendResult {
  if (outcome?.status !== 'fulfilled') throw new Error(`refused: ${String(outcome?.reason)}`);
  return outcome.value;
}

function reason(outcome: PromiseSettledResult<AppendResult> | undefined): unknown {
  if (outcome?.status !== 'rejected') throw new Error('expected a refusal');
  return outcome.reason;
}

describe.skipIf(!storageAvailable('postgres'))(
  storageSuiteName('PostgreSQL group write', 'postgres'),
  () => {
    let database: TestDatabase;
    let storage: PgMasterStorage;
    const writers = () =>
      Array.from({ length: 6 }, () => new OriginWriter(newOriginId(), 'uptown'));

    beforeEach(async () => {
      database = await createTestDatabase('postgres');
      storage = (await database.open()) as PgMasterStorage;
    });
    afterEach(async () => {
      await storage.close();
      await database.dispose();
    });

    it('writes a group of strong sales in one commit, answering each with the counts the commit left', async () => {
      const [stocker, ...tills] = writers();
      if (!stocker) throw new Error('no writer');
      await storage.append({
        events: [stocker.delivery(ISBN_A, 10), stocker.delivery(ISBN_B, 10)],
      });
      const before = storage.stats();
      const outcomes = await together(
        storage,
        tills.map((till, i) => strong([till.sale(i % 2 === 0 ? ISBN_A : ISBN_B, 1)])),
      );
      expect(storage.stats().commits - before.commits).toBe(1);
      for (const outcome of outcomes) {
        expect(value(outcome)).toMatchObject({
          accepted: 1,
          duplicates: 0,
          headSeq: 2 + tills.length,
        });
      }
      // Three sales of A and two of B in the group: every answer shows the count after all of them.
      expect(value(outcomes[0]).onHand).toEqual({ [ISBN_A]: 7 });
      expect(value(outcomes[1]).onHand).toEqual({ [ISBN_B]: 8 });
      expect(value(outcomes[4]).onHand).toEqual({ [ISBN_A]: 7 });
      expect(await database.inspect.headSeq()).toBe(2 + tills.length);
      expect(await database.inspect.checkStock()).toEqual([]);
    });

    it('refuses the strong sale a count cannot cover alone; the rest of its group commits', async () => {
      const [stocker, first, short, third, pusher] = writers();
      if (!stocker || !first || !short || !third || !pusher) throw new Error('no writers');
      await storage.append({ events: [stocker.delivery(ISBN_A, 3)] });
      const outcomes = await together(storage, [
        strong([first.sale(ISBN_A, 2)]),
        // 1 left after the first sale: this one would leave -1.
        strong([short.delivery(ISBN_B, 4), short.sale(ISBN_A, 2)]),
        strong([third.sale(ISBN_A, 1)]),
        { events: [pusher.delivery(ISBN_B, 1)] },
      ]);
      const refusal = reason(outcomes[1]);
      expect(refusal).toBeInstanceOf(InsufficientStockError);
      expect(refusal).toMatchObject({ isbn: ISBN_A, onHand: -1 });
      expect(value(outcomes[0])).toMatchObject({ accepted: 1, onHand: { [ISBN_A]: 0 } });
      expect(value(outcomes[2])).toMatchObject({ accepted: 1, onHand: { [ISBN_A]: 0 } });
      expect(value(outcomes[3])).toMatchObject({ accepted: 1 });
      // Nothing of the refused request: neither its delivery of B nor its sale, nor its seqs.
      expect((await storage.titleState('uptown', ISBN_A)).onHand).toBe(0);
      expect((await storage.titleState('uptown', ISBN_B)).onHand).toBe(1);
      expect((await database.inspect.held())[short.originId]).toBeUndefined();
      expect(await database.inspect.eventCount()).toBe(4);
      expect(await database.inspect.headSeq()).toBe(4);
      expect(await database.inspect.checkStock()).toEqual([]);
    });

    it('a later request of the refused till in the same group finds the gap its refusal left', async () => {
      const [stocker, till] = writers();
      if (!stocker || !till) throw new Error('no writers');
      await storage.append({ events: [stocker.delivery(ISBN_A, 1)] });
      const outcomes = await together(storage, [
        strong([till.sale(ISBN_A, 5)]),
        strong([till.sale(ISBN_A, 1)]),
      ]);
      expect(reason(outcomes[0])).toBeInstanceOf(InsufficientStockError);
      expect(reason(outcomes[1])).toMatchObject({ name: 'EventGapError' });
      expect(await database.inspect.eventCount()).toBe(1);
      expect((await storage.titleState('uptown', ISBN_A)).onHand).toBe(1);
    });

    it('counts a sale sent twice in one group once, and passes a re-sent held sale whatever the count', async () => {
      const [stocker, till, other] = writers();
      if (!stocker || !till || !other) throw new Error('no writers');
      await storage.append({ events: [stocker.delivery(ISBN_A, 2)] });
      const held = till.sale(ISBN_A, 2);
      expect(value((await together(storage, [strong([held])]))[0]).onHand).toEqual({
        [ISBN_A]: 0,
      });
      const twice = other.sale(ISBN_B, 1);
      const outcomes = await together(storage, [
        { events: [stocker.delivery(ISBN_B, 3)] },
        strong([twice]),
        strong([twice]),
        // Already held: passes although the count is 0 now.
        strong([held]),
      ]);
      expect(value(outcomes[1])).toMatchObject({
        accepted: 1,
        duplicates: 0,
        onHand: { [ISBN_B]: 2 },
      });
      expect(value(outcomes[2])).toMatchObject({
        accepted: 0,
        duplicates: 1,
        onHand: { [ISBN_B]: 2 },
      });
      expect(value(outcomes[3])).toMatchObject({
        accepted: 0,
        duplicates: 1,
        onHand: { [ISBN_A]: 0 },
      });
      expect(await database.inspect.eventCount()).toBe(4);
      expect(await database.inspect.checkStock()).toEqual([]);
    });

    it('answers a group bringing only duplicates with the head and counts as they are', async () => {
      const [stocker, till] = writers();
      if (!stocker || !till) throw new Error('no writers');
      await storage.append({ events: [stocker.delivery(ISBN_A, 4)] });
      const sale = till.sale(ISBN_A, 1);
      await storage.append(strong([sale]));
      const outcomes = await together(storage, [strong([sale]), strong([sale])]);
      for (const outcome of outcomes) {
        expect(value(outcome)).toEqual({
          accepted: 0,
          duplicates: 1,
          headSeq: 2,
          onHand: { [ISBN_A]: 3 },
          held: { [till.originId]: 1 },
        });
      }
    });

    it('stores text with quotes, backslashes and dollar signs byte for byte', async () => {
      const [till] = writers();
      if (!till) throw new Error('no writer');
      const tricky = `O'Brien \\ \\' \\x41 $$ $1 '); DROP TABLE events; -- “é” 🙂`;
      const delivery = till.next({
        kind: 'DELIVERY',
        isbn: ISBN_A,
        actor: tricky,
        qty: 2,
        reference: tricky,
      });
      const outcomes = await together(storage, [strong([delivery, till.sale(ISBN_A, 1)])]);
      expect(value(outcomes[0])).toMatchObject({ accepted: 2, onHand: { [ISBN_A]: 1 } });
      const feed = await storage.feed(0, 10);
      expect(feed.entries[0]?.event).toEqual(delivery);
      // A re-send compares the stored text with the new one: equal, so a duplicate.
      const again = await together(storage, [{ events: [delivery] }]);
      expect(value(again[0])).toMatchObject({ accepted: 0, duplicates: 1 });
    });

    it('commits nothing when a count does not come out as counted in memory', async () => {
      const [stocker, till] = writers();
      if (!stocker || !till) throw new Error('no writers');
      await storage.append({ events: [stocker.delivery(ISBN_A, 5)] });
      // Something other than the master moves the count as it is written.
      await storage.pool.query(`
        CREATE FUNCTION skew_stock() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN NEW.on_hand := NEW.on_hand + 1; RETURN NEW; END $$;
        CREATE TRIGGER skew_stock BEFORE UPDATE ON stock
          FOR EACH ROW EXECUTE FUNCTION skew_stock();`);
      const outcomes = await together(storage, [strong([till.sale(ISBN_A, 1)])]);
      expect(outcomes[0]?.status).toBe('rejected');
      expect(await database.inspect.eventCount()).toBe(1);
      expect(await database.inspect.headSeq()).toBe(1);
      expect((await storage.titleState('uptown', ISBN_A)).onHand).toBe(5);
    });

    it('writes a group bringing a VOID one request at a time, with the same answers', async () => {
      const [stocker, till, other] = writers();
      if (!stocker || !till || !other) throw new Error('no writers');
      await storage.append({ events: [stocker.delivery(ISBN_A, 1)] });
      const sale = till.sale(ISBN_A, 1);
      await storage.append(strong([sale]));
      const voided = till.next({
        kind: 'VOID',
        isbn: ISBN_A,
        actor: 'mo',
        target: { originId: sale.originId, seq: sale.seq },
        reason: 'keyed in error',
      });
      const outcomes = await together(storage, [
        { events: [voided] },
        strong([other.sale(ISBN_A, 1)]),
        strong([other.sale(ISBN_A, 1)]),
      ]);
      expect(value(outcomes[0])).toMatchObject({ accepted: 1 });
      expect(value(outcomes[1])).toMatchObject({ accepted: 1, onHand: { [ISBN_A]: 0 } });
      expect(reason(outcomes[2])).toBeInstanceOf(InsufficientStockError);
      expect(await database.inspect.checkStock()).toEqual([]);
    });
  },
);

describe.skipIf(!storageAvailable('postgres'))(
  storageSuiteName('PostgreSQL group write, prepared statements', 'postgres'),
  () => {
    let database: TestDatabase;
    let storage: PgMasterStorage;

    beforeEach(async () => {
      database = await createTestDatabase('postgres');
      // One connection, so the session the test clears is the one the next group runs on.
      storage = await PgMasterStorage.open({ url: database.databaseUrl ?? '', poolSize: 1 });
    });
    afterEach(async () => {
      await storage.close();
      await database.dispose();
    });

    it('prepares them again on a session that lost them (a pooler in transaction mode)', async () => {
      const till = new OriginWriter(newOriginId(), 'uptown');
      await storage.append({ events: [till.delivery(ISBN_A, 3)] });
      const prepared = await storage.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_prepared_statements',
      );
      expect(prepared.rows[0]?.n).toBeGreaterThan(0);
      await storage.pool.query('DEALLOCATE ALL');
      const outcomes = await together(storage, [strong([till.sale(ISBN_A, 1)])]);
      expect(value(outcomes[0])).toMatchObject({ accepted: 1, onHand: { [ISBN_A]: 2 } });
      expect(await database.inspect.eventCount()).toBe(2);
    });
  },
);

describe.skipIf(!storageAvailable('postgres'))(
  storageSuiteName('PostgreSQL group write, two processes selling one title', 'postgres'),
  () => {
    let database: TestDatabase;
    let one: PgMasterStorage;
    let two: PgMasterStorage;

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      one = (await database.open()) as PgMasterStorage;
      two = (await database.open()) as PgMasterStorage;
    });
    afterAll(async () => {
      await one.close();
      await two.close();
      await database.dispose();
    });

    it('never sells more than the count between them, with masterSeqs in one unbroken run', async () => {
      const STOCK = 40;
      const stocker = new OriginWriter(newOriginId(), 'uptown');
      await one.append({ events: [stocker.delivery(ISBN_A, STOCK)] });
      const tills = Array.from({ length: 16 }, () => new OriginWriter(newOriginId(), 'uptown'));
      let confirmed = 0;
      const refusals: unknown[] = [];
      // Each till keeps selling through its own process until the master refuses it: the two
      // processes' groups interleave on the same title.
      await Promise.all(
        tills.map(async (till, i) => {
          const storage = i % 2 === 0 ? one : two;
          for (;;) {
            try {
              await storage.append(strong([till.sale(ISBN_A, 1)]));
              confirmed += 1;
            } catch (error) {
              refusals.push(error);
              return;
            }
          }
        }),
      );
      expect(confirmed).toBe(STOCK);
      expect(refusals).toHaveLength(tills.length);
      for (const refusal of refusals) expect(refusal).toBeInstanceOf(InsufficientStockError);
      expect((await one.titleState('uptown', ISBN_A)).onHand).toBe(0);
      expect(await database.inspect.eventCount()).toBe(1 + STOCK);
      const feed = await two.feed(0, 1000);
      expect(feed.entries.map((entry) => entry.masterSeq)).toEqual(
        Array.from({ length: 1 + STOCK }, (_, i) => i + 1),
      );
      expect(feed.headSeq).toBe(1 + STOCK);
      expect(await database.inspect.checkStock()).toEqual([]);
    });
  },
);
