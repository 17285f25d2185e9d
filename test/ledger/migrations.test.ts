// Each numbered migration upgrades a file written by the version before it without losing a row,
// and its new tables work. Adding a migration without a fixture here fails the first test.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/ledger/database.js';
import { Ledger } from '../../app/ledger/ledger.js';
import {
  LATEST_VERSION,
  MIGRATIONS,
  migrate,
  schemaVersion,
} from '../../app/ledger/migrations/index.js';
import { readReceipt } from '../../app/ledger/sales.js';
import { pendingReceipts } from '../../app/sync/strong-sale.js';
import {
  FIXTURE_ISBN,
  FIXTURE_ORIGIN,
  MIGRATION_FIXTURES,
  allRows,
  userTables,
} from '../helpers/migration-rows.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { originNo } from '../helpers/foreign-events.js';
import { demoIsbn } from '../helpers/ledgers.js';

const versions = MIGRATIONS.map((migration) => migration.version);

function fixture(version: number) {
  const found = MIGRATION_FIXTURES[version];
  if (!found) throw new Error(`no fixture for migration ${version}: add one to migration-rows.ts`);
  return found;
}

describe('migrations', () => {
  const tempDir = useTempDirs();

  it('are numbered 1..n, and each has a fixture in this suite', () => {
    expect(versions).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
    expect(Object.keys(MIGRATION_FIXTURES).map(Number)).toEqual(versions);
  });

  it.each(versions)('migration %i keeps the rows of the version before it', (version) => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 0 });
    try {
      // Each version's rows written by that version, as the registers that ran it wrote them.
      for (let earlier = 1; earlier < version; earlier += 1) {
        migrate(db, earlier);
        fixture(earlier).writeRows(db, file);
      }
      expect(schemaVersion(db)).toBe(version - 1);
      const tablesBefore = userTables(db);
      const rowsBefore = allRows(db, tablesBefore);

      migrate(db, version);

      expect(schemaVersion(db)).toBe(version);
      const reshapes = fixture(version).reshapes;
      const kept = tablesBefore.filter((table) => !reshapes?.drops.includes(table));
      expect(userTables(db)).toEqual([...kept, ...fixture(version).tables].sort());
      const added = fixture(version).columns ?? {};
      const withoutAdded = (rows: Record<string, unknown[]>) =>
        Object.fromEntries(
          Object.entries(rows).map(([table, list]) => [
            table,
            list.map((row) =>
              Object.fromEntries(
                Object.entries(row as Record<string, unknown>).filter(
                  ([column]) => !added[table]?.includes(column),
                ),
              ),
            ),
          ]),
        );
      expect(withoutAdded(allRows(db, kept))).toEqual(
        reshapes ? reshapes.rows(rowsBefore) : rowsBefore,
      );
      // The new tables take representative rows and refuse bad ones.
      fixture(version).writeRows(db, file);
      for (const table of fixture(version).tables) {
        const { n } = db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
        expect(n, table).toBeGreaterThan(0);
      }
      const { sql, error } = fixture(version).refusedRow;
      expect(() => db.prepare(sql).run()).toThrow(error);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a file written at every version opens as a working ledger after migrating', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 1 });
    fixture(1).writeRows(db, file);
    for (const version of versions.slice(1)) {
      migrate(db, version);
      fixture(version).writeRows(db, file);
    }
    db.close();

    const ledger = Ledger.open({ path: file, storeId: 'uptown' });
    try {
      expect(ledger.originId).toBe(FIXTURE_ORIGIN);
      expect(ledger.rotatedBecause).toBeUndefined();
      expect(ledger.vector()).toEqual({ [FIXTURE_ORIGIN]: 2 });
      expect(ledger.onHand(FIXTURE_ISBN)).toBe(3);
      expect(ledger.checkStock()).toEqual([]);
      expect(readReceipt(ledger, `${FIXTURE_ORIGIN}-000001`).lines[0]?.event).toEqual({
        originId: FIXTURE_ORIGIN,
        seq: 2,
      });
      expect(pendingReceipts(ledger).map((receipt) => receipt.receiptId)).toEqual([
        `${FIXTURE_ORIGIN}-000003`,
      ]);
      expect(ledger.integrityCheck()).toBe('ok');
    } finally {
      ledger.close();
    }
  });

  it('migration 13 indexes the receipts already waiting for the master, and only those', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 0 });
    try {
      for (let earlier = 1; earlier <= 12; earlier += 1) {
        migrate(db, earlier);
        fixture(earlier).writeRows(db, file);
      }
      const statuses = db.prepare('SELECT status FROM receipts').pluck().all();
      expect(statuses).toContain('final');

      migrate(db, 13);

      const indexed = db
        .prepare(
          "SELECT receipt_no, status FROM receipts INDEXED BY receipts_pending WHERE status = 'pending'",
        )
        .all();
      expect(indexed).toEqual([{ receipt_no: 3, status: 'pending' }]);
      // The index's own entries, counted from its pages: the final receipts are not among them.
      const entries = db
        .prepare(
          "SELECT sum(ncell) FROM dbstat WHERE name = 'receipts_pending' AND pagetype = 'leaf'",
        )
        .pluck()
        .get();
      expect(entries).toBe(1);
    } finally {
      db.close();
    }
  });

  it('migration 7 fills each title’s horizon from the log: keys, VOID targets, what counts saw of this origin', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 6 });
    try {
      for (let earlier = 1; earlier <= 6; earlier += 1) fixture(earlier).writeRows(db, file);
      const other = originNo(7);
      const book = demoIsbn(2);
      const insert = db.prepare(
        'INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, ref_origin_id, ref_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const stocktake = {
        kind: 'STOCKTAKE',
        originId: other,
        seq: 1,
        hlc: '001767225600005.00000',
        storeId: 'uptown',
        isbn: book,
        actor: 'manager',
        counted: 4,
        vector: { [FIXTURE_ORIGIN]: 9, [originNo(8)]: 3 },
        stocktakeId: 'night-0',
      };
      insert.run(
        other,
        1,
        stocktake.hlc,
        'uptown',
        book,
        'STOCKTAKE',
        JSON.stringify(stocktake),
        null,
        null,
      );
      const voided = { originId: originNo(9), seq: 12 };
      const voidEvent = {
        kind: 'VOID',
        originId: other,
        seq: 2,
        hlc: '001767225600006.00000',
        storeId: 'uptown',
        isbn: book,
        actor: 'manager',
        target: voided,
        reason: 'typo',
      };
      insert.run(
        other,
        2,
        voidEvent.hlc,
        'uptown',
        book,
        'VOID',
        JSON.stringify(voidEvent),
        voided.originId,
        voided.seq,
      );
      db.prepare("INSERT INTO stock (store_id, isbn, on_hand) VALUES ('uptown', ?, 4)").run(book);

      migrate(db, 7);

      const horizons = Object.fromEntries(
        (
          db.prepare('SELECT isbn, horizon FROM stock ORDER BY isbn').all() as {
            isbn: string;
            horizon: string;
          }[]
        ).map((row) => [row.isbn, JSON.parse(row.horizon) as unknown]),
      );
      expect(horizons).toEqual({
        [FIXTURE_ISBN]: { [FIXTURE_ORIGIN]: 2 },
        // Of the count's vector only this register's origin: the one its own counts are written as.
        [book]: { [other]: 2, [voided.originId]: 12, [FIXTURE_ORIGIN]: 9 },
      });
    } finally {
      db.close();
    }
  });

  it('migration 9 fills each title’s digest from the log: its events, seen or not in its count', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 8 });
    try {
      for (let earlier = 1; earlier <= 8; earlier += 1) fixture(earlier).writeRows(db, file);

      migrate(db, 9);

      expect(
        db.prepare('SELECT isbn, event_count, seq_sum FROM stock ORDER BY isbn').all(),
      ).toEqual(
        [
          // The fixture's delivery and sale (seqs 1 and 2).
          { isbn: FIXTURE_ISBN, event_count: 2, seq_sum: 3 },
          // Migration 7's row: a title with a stock row and no events.
          { isbn: demoIsbn(1), event_count: 0, seq_sum: 0 },
        ].sort((a, b) => a.isbn.localeCompare(b.isbn)),
      );
    } finally {
      db.close();
    }
  });

  it('migration 8 keys receipts by receipt_id alone, with foreign keys on again after the rebuild', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 7 });
    try {
      for (let version = 1; version <= 7; version += 1) fixture(version).writeRows(db, file);
      migrate(db, 8);
      const { sql } = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'receipts'").get() as {
        sql: string;
      };
      expect(sql).toMatch(/WITHOUT ROWID/);
      expect(() => db.prepare('SELECT rowid FROM receipts').all()).toThrow(/no such column/);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // receipt_lines still refers to the rebuilt table.
      expect(() =>
        db
          .prepare(
            "INSERT INTO receipt_lines (receipt_id, line_no, isbn, title, author, qty, unit_price_cents, event_origin_id, event_seq) VALUES ('no-such', 1, 'i', 't', 'a', 1, 1, 'o', 1)",
          )
          .run(),
      ).toThrow(/FOREIGN KEY constraint/);
    } finally {
      db.close();
    }
  });

  it('migration 8 refuses a file whose receipt lines point at missing receipts, and leaves it as it was', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 7 });
    try {
      for (let version = 1; version <= 7; version += 1) fixture(version).writeRows(db, file);
      db.pragma('foreign_keys = OFF');
      db.prepare(
        "INSERT INTO receipt_lines (receipt_id, line_no, isbn, title, author, qty, unit_price_cents, event_origin_id, event_seq) VALUES ('lost', 1, 'i', 't', 'a', 1, 1, 'o', 1)",
      ).run();
      db.pragma('foreign_keys = ON');
      const before = allRows(db, userTables(db));

      expect(() => migrate(db, 8)).toThrow(/receipt_lines pointing at missing receipts/);

      expect(schemaVersion(db)).toBe(7);
      expect(db.prepare('SELECT count(*) AS n FROM receipts WHERE rowid > 0').get()).toEqual({
        n: 1,
      });
      expect(allRows(db, userTables(db))).toEqual(before);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('running migrate again on a current file changes nothing', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file });
    try {
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      const schema = db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all();
      migrate(db);
      migrate(db, 1);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
    } finally {
      db.close();
    }
  });
});
