import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../app/ledger/database.js';
import { openDatabase } from '../../app/ledger/database.js';
import { openMasterDatabase } from '../../app/master/master-database.js';
import { MasterDatabaseError } from '../../app/master/master-errors.js';
import {
  MASTER_LATEST_VERSION,
  masterSchemaVersion,
  type MasterMigrationStep,
} from '../../app/master/migrations/index.js';

let dir: string;
let path: string;
const open: SqliteDatabase[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bookcase-master-migrations-'));
  path = join(dir, 'master.db');
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openAt(schemaVersion?: number): SqliteDatabase {
  const db = openMasterDatabase({ path, ...(schemaVersion ? { schemaVersion } : {}) });
  open.push(db);
  return db;
}

const insertEvent = (db: SqliteDatabase, originId: string, seq: number, kind = 'SALE') =>
  db
    .prepare(
      `INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, received_at)
       VALUES (?, ?, '001700000000000.00000', 'uptown', '9780306406157', ?, '{}', '2026-01-01T00:00:00.000Z')`,
    )
    .run(originId, seq, kind);

describe('master migrations', () => {
  it('001 creates the event log with increasing masterSeq and one row per (origin, seq)', () => {
    const db = openAt(1);
    expect(masterSchemaVersion(db)).toBe(1);
    const first = insertEvent(db, 'a', 1).lastInsertRowid;
    const second = insertEvent(db, 'b', 1).lastInsertRowid;
    expect(Number(second)).toBeGreaterThan(Number(first));
    expect(() => insertEvent(db, 'a', 1)).toThrow(/UNIQUE/);
    expect(() => insertEvent(db, 'a', 0)).toThrow(/CHECK/);
    expect(() => insertEvent(db, 'a', 2, 'THEFT')).toThrow(/CHECK/);
    db.prepare("INSERT INTO held (origin_id, seq) VALUES ('a', 1)").run();
    db.prepare(
      "INSERT INTO stock (store_id, isbn, on_hand) VALUES ('uptown', '9780306406157', 3)",
    ).run();
    expect(() => db.prepare("INSERT INTO held (origin_id, seq) VALUES ('c', -1)").run()).toThrow(
      /CHECK/,
    );
  });

  it('002 adds stores and titles, keeping the events already held', () => {
    insertEvent(openAt(1), 'a', 1);
    open.pop()?.close();
    const db = openAt(2);
    expect(masterSchemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    db.prepare("INSERT INTO stores (store_id, name) VALUES ('uptown', 'Uptown')").run();
    const store = db.prepare('SELECT created_at FROM stores').get() as { created_at: string };
    expect(store.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO titles (isbn, title, author, price_cents, cost_cents) VALUES ('123', 't', 'a', 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('003 adds registers, origins and codes bound to existing stores', () => {
    openAt(2).prepare("INSERT INTO stores (store_id, name) VALUES ('uptown', 'Uptown')").run();
    open.pop()?.close();
    const db = openAt(3);
    expect(masterSchemaVersion(db)).toBe(3);
    const hash = Buffer.alloc(32, 1);
    const addRegister = (id: string, storeId: string, tokenHash: Buffer) =>
      db
        .prepare(
          "INSERT INTO registers (register_id, store_id, name, token_hash, enrolled_at) VALUES (?, ?, 'Till', ?, 'now')",
        )
        .run(id, storeId, tokenHash);
    addRegister('r1', 'uptown', hash);
    expect(() => addRegister('r2', 'nowhere', Buffer.alloc(32, 2))).toThrow(/FOREIGN KEY/);
    expect(() => addRegister('r3', 'uptown', hash)).toThrow(/UNIQUE/);
    expect(() => addRegister('r4', 'uptown', Buffer.alloc(8))).toThrow(/CHECK/);
    db.prepare("INSERT INTO register_origins VALUES ('o1', 'r1', 'now')").run();
    expect(() =>
      db.prepare("INSERT INTO register_origins VALUES ('o1', 'r1', 'now')").run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO enrolment_codes (code_hash, store_id, created_at, expires_at) VALUES (?, 'nowhere', 'a', 'b')",
        )
        .run(Buffer.alloc(32, 3)),
    ).toThrow(/FOREIGN KEY/);
  });

  it('004 lets the stock cache record superseded concurrent stocktakes, keeping cached counts', () => {
    openAt(3)
      .prepare("INSERT INTO stock (store_id, isbn, on_hand) VALUES ('uptown', '9780306406157', 3)")
      .run();
    open.pop()?.close();
    const db = openAt(4);
    expect(masterSchemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT on_hand, superseded_stocktakes FROM stock').get()).toEqual({
      on_hand: 3,
      superseded_stocktakes: '[]',
    });
  });

  it('006 fills each title’s digest in its stock row from the log, and refuses a negative one', () => {
    const v5 = openAt(5);
    insertEvent(v5, 'a', 1);
    insertEvent(v5, 'a', 2);
    insertEvent(v5, 'b', 7, 'DELIVERY');
    v5.prepare(
      "INSERT INTO stock (store_id, isbn, on_hand) VALUES ('uptown', '9780306406157', 10)",
    ).run();
    // A row with no events of its own keeps an empty digest.
    v5.prepare(
      "INSERT INTO stock (store_id, isbn, on_hand) VALUES ('riverside', '9780306406157', 0)",
    ).run();
    open.pop()?.close();
    const db = openAt(6);
    expect(masterSchemaVersion(db)).toBe(6);
    expect(
      db
        .prepare('SELECT store_id, on_hand, event_count, seq_sum FROM stock ORDER BY store_id')
        .all(),
    ).toEqual([
      { store_id: 'riverside', on_hand: 0, event_count: 0, seq_sum: 0 },
      { store_id: 'uptown', on_hand: 10, event_count: 3, seq_sum: 10 },
    ]);
    expect(() =>
      db.prepare("UPDATE stock SET event_count = -1 WHERE store_id = 'uptown'").run(),
    ).toThrow(/CHECK/);
  });

  it('007 moves the title index into its settled tier, in key order, and drops the old index', () => {
    const v6 = openAt(6);
    insertEvent(v6, 'a', 1);
    v6.prepare(
      `INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, received_at)
       VALUES ('b', 1, '001700000000000.00000', 'riverside', '9781861972712', 'SALE', '{}', 'now')`,
    ).run();
    insertEvent(v6, 'a', 2);
    open.pop()?.close();
    const steps: MasterMigrationStep[] = [];
    const db = openMasterDatabase({ path, schemaVersion: 7, onMigration: (s) => steps.push(s) });
    open.push(db);
    expect(masterSchemaVersion(db)).toBe(7);
    // What `master serve` logs before the step, which takes seconds on a log of millions.
    expect(steps).toEqual([{ version: 7, name: 'title index in two tiers' }]);
    expect(db.prepare('SELECT * FROM title_index_settled').raw(true).all()).toEqual([
      ['riverside', '9781861972712', 2],
      ['uptown', '9780306406157', 1],
      ['uptown', '9780306406157', 3],
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM title_index_recent').get()).toEqual({ n: 0 });
    expect(
      db.prepare("SELECT name FROM sqlite_schema WHERE name = 'events_by_title'").all(),
    ).toEqual([]);
    db.prepare("INSERT INTO title_index_recent VALUES ('uptown', '9780306406157', 4)").run();
    expect(
      db
        .prepare(
          "SELECT master_seq FROM title_index WHERE store_id = 'uptown' AND isbn = '9780306406157'",
        )
        .raw(true)
        .all()
        .flat(),
    ).toEqual([1, 3, 4]);
    expect(() =>
      db.prepare("INSERT INTO title_index_settled VALUES ('uptown', '9780306406157', 1)").run(),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('opens an up-to-date database without migrating it again', () => {
    openAt();
    open.pop()?.close();
    expect(masterSchemaVersion(openAt())).toBe(MASTER_LATEST_VERSION);
  });

  it('refuses a register ledger and a database from a newer master', () => {
    const ledgerPath = join(dir, 'ledger.db');
    openDatabase({ path: ledgerPath }).close();
    expect(() => openMasterDatabase({ path: ledgerPath })).toThrow(MasterDatabaseError);

    const db = openAt();
    db.pragma(`user_version = ${MASTER_LATEST_VERSION + 1}`);
    db.close();
    expect(() => openMasterDatabase({ path })).toThrow(/newer Bookcase/);
  });
});
