// A small chain for sync tests: a real master on loopback with the demo stores and catalog, and
// real registers (ledger files in temp dirs) enrolled with one-time codes over HTTP. Also the
// questions every sync test asks of the master's SQLite file: which events it holds, how many
// times, and whether its counts match each register's.
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import type { Title } from '../../app/catalog/catalog.js';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import type { SqliteDatabase } from '../../app/ledger/database.js';
import type { Ledger } from '../../app/ledger/ledger.js';
import type { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { VersionVector } from '../../app/protocol/events.js';
import { Register } from '../../app/register/register.js';
import { Outbox } from '../../app/sync/outbox.js';
import { issueCode, startMaster, type TestMaster } from '../master/helpers.js';

export const STORE_IDS = DEMO_STORES.map((store) => store.storeId);

export function demoTitles(): Title[] {
  return demoCatalog().map(({ stock: _stock, ...title }) => title);
}

/** A master on 127.0.0.1:0 with the demo stores and titles, so enrolment pulls a catalog. */
export async function startChainMaster(): Promise<TestMaster> {
  const master = await startMaster();
  await master.storage.upsertTitles(demoTitles());
  return master;
}

export interface OpenRegisterOptions {
  dataDir: string;
  storeId: string;
  /** Where the register talks to the master (a fault proxy in front of it, say). */
  masterUrl: string;
  code: string;
  name?: string;
  masterTimeoutMs?: number;
}

/** Opens a register on a fresh data dir and enrols it over HTTP with a one-time code. */
export async function openEnrolledRegister(options: OpenRegisterOptions): Promise<Register> {
  const register = Register.open({
    dataDir: options.dataDir,
    storeId: options.storeId,
    ...(options.masterTimeoutMs ? { masterTimeoutMs: options.masterTimeoutMs } : {}),
  });
  try {
    await register.enrol({
      masterUrl: options.masterUrl,
      code: options.code,
      registerName: options.name ?? `Till at ${options.storeId}`,
    });
    return register;
  } catch (error) {
    await register.close();
    throw error;
  }
}

/** Enrols a register with a code issued straight into the in-process master's storage. */
export async function enrolWith(
  master: TestMaster,
  options: Omit<OpenRegisterOptions, 'code' | 'masterUrl'> & { masterUrl?: string },
): Promise<Register> {
  return openEnrolledRegister({
    ...options,
    masterUrl: options.masterUrl ?? master.url,
    code: await issueCode(master.storage, options.storeId),
  });
}

/** Runs `work` on a short-lived connection to a master database file (the server may be dead). */
export function withMasterDb<T>(path: string, work: (db: SqliteDatabase) => T): T {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return work(db);
  } finally {
    db.close();
  }
}

/** The master's version vector: the highest contiguous seq it holds per origin. */
export function masterHeld(db: SqliteDatabase): VersionVector {
  const rows = db.prepare('SELECT origin_id, seq FROM held WHERE seq > 0').all() as {
    origin_id: string;
    seq: number;
  }[];
  return Object.fromEntries(rows.map((row) => [row.origin_id, row.seq]));
}

/** Per receipt id, how many rows of the kind the master's log holds. */
export function masterRowsByReceipt(
  db: SqliteDatabase,
  kind: 'SALE' | 'RETURN' = 'SALE',
): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT json_extract(body, '$.receiptId') AS receipt_id, count(*) AS n FROM events
       WHERE kind = ? GROUP BY receipt_id`,
    )
    .all(kind) as { receipt_id: string; n: number }[];
  return new Map(rows.map((row) => [row.receipt_id, row.n]));
}

/** VOID rows per receipt, found through the SALE events they cancel. */
export function masterVoidsByReceipt(db: SqliteDatabase): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT json_extract(s.body, '$.receiptId') AS receipt_id, count(*) AS n
       FROM events v JOIN events s ON s.origin_id = v.ref_origin_id AND s.seq = v.ref_seq
       WHERE v.kind = 'VOID' AND s.kind = 'SALE' GROUP BY receipt_id`,
    )
    .all() as { receipt_id: string; n: number }[];
  return new Map(rows.map((row) => [row.receipt_id, row.n]));
}

export function masterHeadSeq(db: SqliteDatabase): number {
  return (
    db.prepare('SELECT coalesce(max(master_seq), 0) AS head FROM events').get() as { head: number }
  ).head;
}

/**
 * Every event of the ledger's own origins is on the master exactly once, with the same body: the
 * master's rows for the origin are seqs 1..n with no repeat, and n is what the ledger wrote.
 */
export function expectOwnEventsOnMasterOnce(ledger: Ledger, db: SqliteDatabase): void {
  const vector = ledger.vector();
  for (const origin of ledger.ownOrigins()) {
    const written = vector[origin] ?? 0;
    const rows = db
      .prepare('SELECT seq, body FROM events WHERE origin_id = ? ORDER BY seq')
      .all(origin) as { seq: number; body: string }[];
    expect(rows.length, `master rows of origin ${origin}`).toBe(written);
    const mine = ledger.eventsOfOrigin(origin, 0, written, written);
    rows.forEach((row, index) => {
      const event = mine[index];
      expect(row.seq).toBe(index + 1);
      if (!event || row.body !== canonicalEvent(event)) {
        expect.fail(`master body of ${origin}/${row.seq} differs from the ledger's`);
      }
    });
  }
}

/** The register's push checkpoint never claims more than the master really holds. */
export function expectCheckpointsNotAhead(ledger: Ledger, held: VersionVector): void {
  for (const [origin, seq] of Object.entries(new Outbox(ledger).heldByMaster())) {
    expect(seq, `checkpoint of ${origin}`).toBeLessThanOrEqual(held[origin] ?? 0);
  }
}

/**
 * After a final sync: every ledger's count of every (store, title) equals the master's, each
 * ledger's stock cache equals a fresh fold, and the master's too.
 */
export async function expectCountsAgree(
  storage: SqliteMasterStorage,
  ledgers: readonly Ledger[],
  isbns: readonly string[],
): Promise<void> {
  for (const storeId of STORE_IDS) {
    for (const isbn of isbns) {
      const { onHand } = await storage.titleState(storeId, isbn);
      for (const ledger of ledgers) {
        expect(
          ledger.onHand(isbn, storeId),
          `${ledger.storeId} register's ${storeId}/${isbn}`,
        ).toBe(onHand);
      }
    }
  }
  for (const ledger of ledgers) expect(ledger.checkStock()).toEqual([]);
  expect(storage.checkStock()).toEqual([]);
}

/** Every title that has an event at the master. */
export function masterTitles(db: SqliteDatabase): string[] {
  return (
    db.prepare('SELECT DISTINCT isbn FROM events ORDER BY isbn').all() as { isbn: string }[]
  ).map((row) => row.isbn);
}
