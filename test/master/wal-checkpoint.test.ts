// The SQLite master checkpoints its WAL from a worker thread, off the push's commit. These tests
// hold it to its bounds: the WAL stays under its hard limit whatever the worker manages, every
// acknowledged event is still there, and close() stops the worker (its connection included).
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_STORES } from '../../app/catalog/demo-catalog.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { demoTitles } from '../helpers/sync-chain.js';
import { OriginWriter, newOriginId } from './helpers.js';

const HARD_LIMIT = 1024 * 1024;
/**
 * The limit is looked at after each commit, so the WAL may pass it by one commit: a push of 200
 * deliveries here writes under 100 pages (400 KiB).
 */
const ONE_COMMIT = 512 * 1024;
let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bookcase-wal-'));
  path = join(dir, 'master.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function walBytes(): number {
  return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}

async function openFilled(options: { walThresholdFrames: number }): Promise<SqliteMasterStorage> {
  const storage = SqliteMasterStorage.open({ path, walHardLimitBytes: HARD_LIMIT, ...options });
  await storage.upsertStores(DEMO_STORES);
  await storage.upsertTitles(demoTitles());
  return storage;
}

/**
 * Pushes `pushes` requests of `perPush` deliveries each, spread over every demo title, and
 * returns the largest WAL seen after a commit together with every acknowledged event.
 */
async function pushSustained(
  storage: SqliteMasterStorage,
  pushes: number,
  perPush: number,
): Promise<{ maxWal: number; acknowledged: LedgerEvent[] }> {
  const isbns = demoTitles().map((title) => title.isbn);
  const writer = new OriginWriter(newOriginId(), 'uptown');
  const acknowledged: LedgerEvent[] = [];
  let maxWal = 0;
  for (let push = 0; push < pushes; push += 1) {
    const events = Array.from({ length: perPush }, (_, i) =>
      writer.delivery(isbns[(push * perPush + i) % isbns.length] ?? '', 1),
    );
    const result = await storage.append({ events });
    expect(result.accepted).toBe(perPush);
    acknowledged.push(...events);
    maxWal = Math.max(maxWal, walBytes());
  }
  return { maxWal, acknowledged };
}

async function expectHeld(storage: SqliteMasterStorage, events: LedgerEvent[]): Promise<void> {
  const held = new Set<string>();
  for (let after = 0; ;) {
    const page = await storage.feed(after, 5_000);
    for (const entry of page.entries) held.add(`${entry.event.originId}:${entry.event.seq}`);
    if (page.entries.length === 0) break;
    after = page.entries.at(-1)?.masterSeq ?? after;
  }
  expect(held.size).toBe(events.length);
  for (const event of events) expect(held.has(`${event.originId}:${event.seq}`)).toBe(true);
  expect(storage.checkStock()).toEqual([]);
}

it('copies the WAL in the worker and keeps it under its hard limit under sustained pushes', async () => {
  const storage = await openFilled({ walThresholdFrames: 64 });
  try {
    const { maxWal, acknowledged } = await pushSustained(storage, 60, 200);
    // Past the limit the writer waits for a commit that finds no pass under way, up to twice it.
    expect(maxWal).toBeLessThanOrEqual(2 * HARD_LIMIT + ONE_COMMIT);
    const stats = storage.checkpointStats();
    expect(stats?.passes).toBeGreaterThan(0);
    await expectHeld(storage, acknowledged);
  } finally {
    await storage.close();
  }
});

it('keeps the WAL under its hard limit when the worker never copies anything', async () => {
  // A threshold no WAL reaches: every frame waits for the writer's own fallback checkpoint.
  const storage = await openFilled({ walThresholdFrames: 2 ** 30 });
  try {
    // 60 pushes write about 15 MiB of WAL: without the fallback it would hold all of it. No pass
    // ever runs here, so the writer takes over as soon as the WAL passes the limit.
    const { maxWal, acknowledged } = await pushSustained(storage, 60, 200);
    expect(maxWal).toBeLessThanOrEqual(HARD_LIMIT + ONE_COMMIT);
    const stats = storage.checkpointStats();
    expect(stats?.passes).toBe(0);
    expect(stats?.writerCheckpoints).toBeGreaterThan(0);
    await expectHeld(storage, acknowledged);
  } finally {
    await storage.close();
  }
});

it('close() stops the worker and closes its connection', async () => {
  const storage = await openFilled({ walThresholdFrames: 64 });
  await pushSustained(storage, 20, 200);
  expect(existsSync(`${path}-wal`)).toBe(true);
  await storage.close();
  // SQLite removes the WAL only when the last connection to the file closes: the worker's too.
  expect(existsSync(`${path}-wal`)).toBe(false);
  expect(existsSync(`${path}-shm`)).toBe(false);
  // Closing twice is harmless, and nothing holds the file any more.
  await storage.close();
  const db = new Database(path);
  expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  db.close();
});
