// SIGKILL of the SQLite master while its worker thread is copying the WAL into the database file.
// The kill lands while a checkpoint pass is under way, seen from outside in the wal-index header
// (the -shm file, https://sqlite.org/walformat.html): nBackfillAttempted, set when a pass starts
// copying, runs ahead of nBackfill, set when it has finished and synced. After the kill the
// database reopens consistent and holds every event the master acknowledged, once.
import { openSync, readSync, closeSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { prepareMasterDatabase, startMasterProcess } from '../helpers/sync-processes.js';
import { demoTitles } from '../helpers/sync-chain.js';
import {
  call,
  createTestDatabase,
  newOriginId,
  OriginWriter,
  type TestDatabase,
} from './helpers.js';

const WRITERS = 4;
const PER_PUSH = 400;
/** Pushes go on this long at most while the test waits for a pass to catch. */
const WATCH_MS = 30_000;

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase('sqlite');
});
afterEach(async () => {
  await database.dispose();
});

/** True while a checkpoint pass is copying frames: it started but has not finished. */
function passUnderWay(shmPath: string, header: Buffer): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(shmPath, 'r');
    if (readSync(fd, header, 0, header.length, 0) < header.length) return false;
    const nBackfill = header.readUInt32LE(96);
    const nBackfillAttempted = header.readUInt32LE(128);
    return nBackfillAttempted > nBackfill;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

it('loses no acknowledged event when killed in the middle of a checkpoint', async () => {
  const [code] = await prepareMasterDatabase(database, ['uptown']);
  const master = await startMasterProcess(database);
  let killed = false;
  try {
    const enrolled = await call(master, 'POST', '/v1/enrol', {
      code,
      originId: newOriginId(),
      registerName: 'Till',
    });
    expect(enrolled.status).toBe(200);
    const { token } = enrolled.body as { token: string };
    const writers: OriginWriter[] = [];
    for (let i = 0; i < WRITERS; i += 1) {
      const originId = newOriginId();
      const claim = await call(master, 'POST', '/v1/origins', { originId }, { token });
      expect(claim.status).toBe(200);
      writers.push(new OriginWriter(originId, 'uptown'));
    }
    const isbns = demoTitles().map((title) => title.isbn);
    const acknowledged: LedgerEvent[] = [];
    let stop = false;
    const pushers = writers.map(async (writer, w) => {
      for (let push = 0; !stop; push += 1) {
        const events = Array.from({ length: PER_PUSH }, (_, i) =>
          writer.delivery(isbns[(push * PER_PUSH + i * 7 + w) % isbns.length] ?? '', 1),
        );
        try {
          const reply = await call(master, 'POST', '/v1/events', { events }, { token });
          if (reply.status === 200) acknowledged.push(...events);
          else return;
        } catch {
          return; // The connection died with the process: not acknowledged.
        }
      }
    });
    const header = Buffer.alloc(132);
    const deadline = Date.now() + WATCH_MS;
    while (!passUnderWay(`${database.dbPath}-shm`, header) && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const caught = passUnderWay(`${database.dbPath}-shm`, header);
    await master.kill();
    killed = true;
    stop = true;
    await Promise.all(pushers);
    expect(caught).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(0);

    const storage = await database.open();
    try {
      const held = new Map<string, LedgerEvent>();
      for (let after = 0; ;) {
        const page = await storage.feed(after, 5_000);
        if (page.entries.length === 0) break;
        for (const { event } of page.entries) {
          const key = `${event.originId}:${event.seq}`;
          expect(held.has(key)).toBe(false);
          held.set(key, event);
        }
        after = page.entries.at(-1)?.masterSeq ?? after;
      }
      for (const event of acknowledged) {
        expect(held.get(`${event.originId}:${event.seq}`)).toEqual(event);
      }
      // Opening ran SQLite's quick_check (a damaged file refuses to open); the stock cache must
      // also equal a fresh fold of the log.
      expect(await database.inspect.checkStock()).toEqual([]);
    } finally {
      await storage.close();
    }
  } finally {
    if (!killed) await master.kill();
  }
}, 90_000);
