// The master's per-title index in two tiers (app/master/title-index.ts): whatever the writes, each
// event is indexed exactly once across the tiers, the recent tier stays near its target, and the
// per-title reads (read repair, the stock cache's fold) answer as a scan of the log would.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { InsufficientStockError } from '../../app/master/master-errors.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { OriginWriter, newOriginId } from './helpers.js';

const TIERS = { recentTarget: 24, sliceMin: 8, tieredFrom: 0 };
const ISBNS = Array.from({ length: 12 }, (_, index) => demoIsbn(index));
const STORES = ['uptown', 'riverside'] as const;

const open: SqliteMasterStorage[] = [];
const tempDir = useTempDirs();
afterEach(async () => {
  for (const storage of open.splice(0)) await storage.close();
});

function openStorage(tiers = TIERS): SqliteMasterStorage {
  const storage = SqliteMasterStorage.open({ path: ':memory:', titleIndex: tiers });
  open.push(storage);
  return storage;
}

type Entry = [storeId: string, isbn: string, masterSeq: number];

function rows(storage: SqliteMasterStorage, sql: string): Entry[] {
  return storage.db.prepare(sql).raw(true).all() as Entry[];
}

const indexed = (storage: SqliteMasterStorage) =>
  rows(storage, 'SELECT store_id, isbn, master_seq FROM title_index ORDER BY master_seq');
const logged = (storage: SqliteMasterStorage) =>
  rows(storage, 'SELECT store_id, isbn, master_seq FROM events ORDER BY master_seq');
const count = (storage: SqliteMasterStorage, table: string) =>
  (storage.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** What repairView must find for a title: each origin's highest seq among the title's events. */
function titleTops(storage: SqliteMasterStorage, storeId: string, isbn: string) {
  return Object.fromEntries(
    storage.db
      .prepare(
        'SELECT origin_id, max(seq) AS top FROM events NOT INDEXED WHERE store_id = ? AND isbn = ? GROUP BY origin_id',
      )
      .raw(true)
      .all(storeId, isbn) as [string, number][],
  );
}

const writeArbitrary = fc.array(
  fc.record({
    store: fc.integer({ min: 0, max: STORES.length - 1 }),
    titles: fc.array(fc.integer({ min: 0, max: ISBNS.length - 1 }), {
      minLength: 1,
      maxLength: 30,
    }),
  }),
  { minLength: 1, maxLength: 40 },
);

describe('title index in two tiers', () => {
  it('indexes every event exactly once and keeps the recent tier near its target', async () => {
    await fc.assert(
      fc.asyncProperty(writeArbitrary, async (writes) => {
        const storage = openStorage();
        const writers = STORES.map((storeId) => new OriginWriter(newOriginId(), storeId));
        for (const write of writes) {
          const writer = writers[write.store] ?? writers[0];
          if (!writer) throw new Error('no writer');
          const events = write.titles.map((title) => writer.delivery(ISBNS[title] ?? '', 1));
          await storage.append({ events });
          expect(indexed(storage)).toEqual(logged(storage));
          expect(count(storage, 'title_index_recent')).toBeLessThan(
            TIERS.recentTarget + TIERS.sliceMin,
          );
        }
        await storage.close();
      }),
      { numRuns: 40 },
    );
  });

  it('moves slices into the settled tier in key order, and reads see both tiers', async () => {
    const storage = openStorage();
    const writers = STORES.map((storeId) => new OriginWriter(newOriginId(), storeId));
    for (let round = 0; round < 30; round += 1) {
      for (const writer of writers) {
        const events = ISBNS.map((isbn, index) =>
          (round + index) % 3 === 0 ? writer.sale(isbn, 1) : writer.delivery(isbn, 2),
        );
        await storage.append({ events });
      }
    }
    const settled = count(storage, 'title_index_settled');
    const recent = count(storage, 'title_index_recent');
    expect(settled).toBeGreaterThan(0);
    expect(recent).toBeGreaterThan(0);
    expect(settled + recent).toBe(count(storage, 'events'));
    // Every title has entries in both tiers here, so each read below spans them.
    for (const storeId of STORES) {
      for (const isbn of ISBNS) {
        const view = await storage.repairView(storeId, isbn, {}, 10_000);
        const tops = titleTops(storage, storeId, isbn);
        const lastPerOrigin: Record<string, number> = {};
        for (const event of view.events) lastPerOrigin[event.originId] = event.seq;
        expect(lastPerOrigin).toEqual(tops);
        expect(view.complete).toBe(true);
      }
    }
    expect(storage.checkStock()).toEqual([]);
  });

  it('indexes nothing of a request the master refuses', async () => {
    const storage = openStorage({ recentTarget: 0, sliceMin: 1, tieredFrom: 0 });
    const writer = new OriginWriter(newOriginId(), 'uptown');
    await storage.append({ events: ISBNS.map((isbn) => writer.delivery(isbn, 1)) });
    const before = indexed(storage);
    const refused = storage.append({
      events: [writer.sale(ISBNS[0] ?? '', 1), writer.sale(ISBNS[1] ?? '', 5)],
      refuseNegativeStock: true,
    });
    await expect(refused).rejects.toBeInstanceOf(InsufficientStockError);
    expect(indexed(storage)).toEqual(before);
    expect(indexed(storage)).toEqual(logged(storage));
  });

  it('drains a backlog found at open over several writes rather than in one', async () => {
    const path = join(tempDir(), 'master.db');
    let storage = SqliteMasterStorage.open({ path });
    open.push(storage);
    const writer = new OriginWriter(newOriginId(), 'uptown');
    // Inserted around the writer, as a bulk load does: all of it waits in the recent tier.
    const insert = storage.db.prepare(
      `INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, received_at)
       VALUES (?, ?, ?, ?, ?, 'DELIVERY', ?, '2026-01-01T00:00:00.000Z')`,
    );
    const addRecent = storage.db.prepare(
      'INSERT INTO title_index_recent (store_id, isbn, master_seq) VALUES (?, ?, ?)',
    );
    for (let index = 0; index < 200; index += 1) {
      const event: LedgerEvent = writer.delivery(ISBNS[index % ISBNS.length] ?? '', 1);
      const { lastInsertRowid } = insert.run(
        event.originId,
        event.seq,
        event.hlc,
        event.storeId,
        event.isbn,
        JSON.stringify(event),
      );
      addRecent.run(event.storeId, event.isbn, Number(lastInsertRowid));
    }
    storage.db.prepare('INSERT INTO held (origin_id, seq) VALUES (?, 200)').run(writer.originId);
    await storage.close();
    storage = SqliteMasterStorage.open({
      path,
      titleIndex: { recentTarget: 0, sliceMin: 4, tieredFrom: 0 },
    });
    open.push(storage);
    await storage.append({ events: [writer.delivery(ISBNS[0] ?? '', 1)] });
    // One write of one event moves at most four times the smallest slice.
    expect(count(storage, 'title_index_recent')).toBe(201 - 16);
    expect(indexed(storage)).toEqual(logged(storage));
  });

  it('indexes a small log straight into the settled tier, and tiers it once it grows', async () => {
    const storage = openStorage({ recentTarget: 1_000, sliceMin: 1_000, tieredFrom: 48 });
    const writer = new OriginWriter(newOriginId(), 'uptown');
    for (let round = 0; round < 4; round += 1) {
      await storage.append({ events: ISBNS.map((isbn) => writer.delivery(isbn, 1)) });
    }
    // 48 events: each of them went to the settled tier as it came.
    expect(count(storage, 'title_index_recent')).toBe(0);
    expect(count(storage, 'title_index_settled')).toBe(48);
    await storage.append({ events: ISBNS.map((isbn) => writer.delivery(isbn, 1)) });
    expect(count(storage, 'title_index_recent')).toBe(ISBNS.length);
    expect(indexed(storage)).toEqual(logged(storage));
  });

  it('rebuilds the index from the log, all of it settled', async () => {
    const storage = openStorage();
    const writer = new OriginWriter(newOriginId(), 'riverside');
    await storage.append({ events: ISBNS.map((isbn) => writer.delivery(isbn, 3)) });
    storage.db.exec('DELETE FROM title_index_recent; DELETE FROM title_index_settled');
    expect(indexed(storage)).toEqual([]);
    expect(storage.rebuildTitleIndex()).toBe(ISBNS.length);
    expect(count(storage, 'title_index_recent')).toBe(0);
    expect(indexed(storage)).toEqual(logged(storage));
  });
});
