// The register's ledger can hand its WAL checkpoints to a worker thread: sales then never copy the
// WAL inside their COMMIT, the WAL stays bounded, nothing is lost, and close() stops the worker.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import { checkpointLedgerInWorker } from '../../app/ledger/ledger-checkpoint.js';
import type { WalCheckpointer } from '../../app/ledger/wal-checkpointer.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { recordSale } from '../../app/ledger/sales.js';
import { receiveDelivery } from '../../app/ledger/stock-operations.js';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bookcase-ledger-wal-'));
  path = join(dir, 'ledger.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openStocked(): { ledger: Ledger; isbns: string[] } {
  const ledger = Ledger.open({ path, storeId: 'uptown' });
  const titles = demoCatalog(200).map(({ stock: _stock, ...title }) => title);
  ledger.catalog.upsertStores(DEMO_STORES);
  ledger.catalog.upsertTitles(titles);
  const isbns = titles.map((title) => title.isbn);
  receiveDelivery(ledger, {
    actor: 'receiving',
    lines: isbns.map((isbn) => ({ isbn, qty: 1_000 })),
  });
  // An empty WAL to start from: what the set-up wrote is not what is measured.
  ledger.db.pragma('wal_checkpoint(TRUNCATE)');
  return { ledger, isbns };
}

const walBytes = () => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;

function sellOne(ledger: Ledger, isbns: readonly string[], i: number): void {
  recordSale(ledger, {
    cashier: 'amy',
    lines: [{ isbn: isbns[i % isbns.length] ?? '', qty: 1 }],
    payment: { method: 'card' },
  });
}

/** Closes the ledger and its worker, then reads the title's count back from the file. */
async function onHandAfterReopen(
  ledger: Ledger,
  checkpointer: WalCheckpointer | undefined,
  isbn: string,
): Promise<{ onHand: number; check: unknown }> {
  ledger.close();
  await checkpointer?.exited;
  const reopened = Ledger.open({ path });
  try {
    return {
      onHand: reopened.onHand(isbn),
      check: reopened.db.pragma('quick_check', { simple: true }),
    };
  } finally {
    reopened.close();
  }
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('copies the WAL in the worker while sales go on, and keeps every sale', async () => {
  const { ledger, isbns } = openStocked();
  const checkpointer = checkpointLedgerInWorker(ledger, {
    thresholdFrames: 32,
    hardLimitBytes: 1024 * 1024,
    limitCheckMs: 5,
  });
  expect(ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  let maxWal = 0;
  for (let i = 0; i < 400; i += 1) {
    sellOne(ledger, isbns, i);
    // Room for the worker (it looks at the WAL every 20 ms) and for the hard limit's timer: the
    // WAL may pass the limit by what is written between two looks, five sales here.
    if (i % 5 === 0) await pause(25);
    maxWal = Math.max(maxWal, walBytes());
  }
  expect(checkpointer?.stats().passes).toBeGreaterThan(0);
  // 400 sales write several MiB: the WAL started over instead of holding them all.
  // The limit is 1 MiB; while a pass runs the writer lets the WAL reach twice that.
  expect(maxWal).toBeLessThanOrEqual(2 * 1024 * 1024 + 512 * 1024);
  expect(ledger.onHand(isbns[0] ?? '')).toBe(998);
  expect(await onHandAfterReopen(ledger, checkpointer, isbns[0] ?? '')).toEqual({
    onHand: 998,
    check: 'ok',
  });
});

it('sold back to back, the WAL still starts over: the writer copies the last frames a pass left', async () => {
  const { ledger, isbns } = openStocked();
  // The hard limit out of reach: only the catch-up can make this WAL start over.
  const checkpointer = checkpointLedgerInWorker(ledger, { thresholdFrames: 100 });
  const sales = 600;
  for (let i = 0; i < sales; i += 1) sellOne(ledger, isbns, i);
  const written = Number(ledger.db.pragma('page_size', { simple: true })) * 10 * sales;
  // Each pass races the next sales, so without the writer's copy the WAL holds every frame.
  expect(checkpointer?.stats().writerCatchUps).toBeGreaterThan(0);
  expect(walBytes()).toBeLessThan(written / 2);
  const after = await onHandAfterReopen(ledger, checkpointer, isbns[0] ?? '');
  expect(after.onHand).toBe(1_000 - sales / isbns.length);
});

it("the ledger's close() stops the worker, whose connection closes last", async () => {
  const { ledger } = openStocked();
  const checkpointer = checkpointLedgerInWorker(ledger);
  expect(existsSync(`${path}-wal`)).toBe(true);
  ledger.close();
  await checkpointer?.exited;
  // SQLite removes the WAL only when the last connection to the file closes: the worker's.
  expect(existsSync(`${path}-wal`)).toBe(false);
});

it("a copy that fails after a sale's commit does not fail the sale", async () => {
  const { ledger, isbns } = openStocked();
  const checkpointer = checkpointLedgerInWorker(ledger, { thresholdFrames: 100 });
  const pragma = ledger.db.pragma.bind(ledger.db);
  // The writer's own copies fail as a disk error would; everything else runs as usual.
  ledger.db.pragma = (source: string, options?: { simple?: boolean }) => {
    if (source.startsWith('wal_checkpoint')) throw new Error('SQLITE_IOERR: disk I/O error');
    return pragma(source, options);
  };
  const sales = 600;
  for (let i = 0; i < sales; i += 1) {
    expect(() => sellOne(ledger, isbns, i)).not.toThrow();
  }
  // Back to back the writer is due to copy the last frames many times: each attempt failed.
  expect(checkpointer?.stats().writerFailures).toBeGreaterThan(0);
  expect(checkpointer?.stats().writerCatchUps).toBe(0);
  ledger.db.pragma = pragma;
  const after = await onHandAfterReopen(ledger, checkpointer, isbns[0] ?? '');
  expect(after.onHand).toBe(1_000 - sales / isbns.length);
});

/** POSIX locks this process holds on a file, from Linux's /proc/locks. */
function locksHeldOn(file: string): number {
  const inode = statSync(file).ino;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .map((line) => line.split(/\s+/))
    .filter((fields) => fields[1] === 'POSIX' && fields[4] === String(process.pid))
    .filter((fields) => fields[5]?.endsWith(`:${inode}`)).length;
}

it.skipIf(!existsSync('/proc/locks'))(
  "keeps SQLite's locks on the -shm file until the ledger itself closes",
  async () => {
    const { ledger } = openStocked();
    const shm = `${path}-shm`;
    const held = locksHeldOn(shm);
    // The open connection's lock, which tells another process opening the file not to rebuild it.
    expect(held).toBeGreaterThan(0);
    const checkpointer = checkpointLedgerInWorker(ledger);
    await pause(50);
    // Stopping the worker (as close() does first) must not close a descriptor of the -shm file:
    // that would drop every lock of this process on it while the ledger is still open.
    checkpointer?.stop();
    await checkpointer?.exited;
    expect(locksHeldOn(shm)).toBe(held);
    ledger.close();
    expect(existsSync(shm)).toBe(false);
  },
);

it('does nothing for a ledger in memory', () => {
  const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
  try {
    expect(checkpointLedgerInWorker(ledger)).toBeUndefined();
  } finally {
    ledger.close();
  }
});

it('gives the ledger back its own checkpoints when the worker cannot load SQLite', async () => {
  const { ledger } = openStocked();
  const before = 1_000;
  expect(ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(before);
  // A packaged register whose worker cannot load the native build: the worker fails at start.
  const checkpointer = checkpointLedgerInWorker(ledger, {
    nativeBinding: join(dir, 'no-such-build.node'),
  });
  expect(ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  await checkpointer?.exited;
  expect(ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(before);
  // And the ledger keeps working as before.
  receiveDelivery(ledger, {
    actor: 'receiving',
    lines: [{ isbn: demoCatalog(1)[0]?.isbn ?? '', qty: 1 }],
  });
  ledger.close();
});
