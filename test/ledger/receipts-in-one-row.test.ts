// Ledger migration 11: each receipt becomes one row keyed (origin_id, receipt_no), its lines a JSON
// array inside it. Receipts read back whole, lookups by the printed id still find them, and a file
// the upgrade cannot trust is refused and left as it was.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../app/ledger/database.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { migrate, schemaVersion } from '../../app/ledger/migrations/index.js';
import { findReceipts } from '../../app/ledger/receipt-search.js';
import { readReceipt, recordSale } from '../../app/ledger/sales.js';
import { UserError } from '../../app/shared/errors.js';
import { originNo } from '../helpers/foreign-events.js';
import {
  FIXTURE_ISBN,
  FIXTURE_ORIGIN,
  MIGRATION_FIXTURES,
  allRows,
  userTables,
} from '../helpers/migration-rows.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const EARLY = new Date('2000-01-01T00:00:00Z');

/** A file at schema 10 holding every earlier fixture's rows. */
function atVersion10(file: string): SqliteDatabase {
  const db = openDatabase({ path: file, schemaVersion: 10 });
  for (let version = 1; version <= 10; version += 1)
    MIGRATION_FIXTURES[version]?.writeRows(db, file);
  return db;
}

function insertReceipt(
  db: SqliteDatabase,
  originId: string,
  receiptNo: number,
  id?: string,
): string {
  const receiptId = id ?? `${originId}-${String(receiptNo).padStart(6, '0')}`;
  db.prepare(
    `INSERT INTO receipts (receipt_id, receipt_no, kind, store_id, origin_id, cashier, created_at,
       hlc, payment_method, card_reference, total_cents, tendered_cents, change_cents, status)
     VALUES (?, ?, 'SALE', 'uptown', ?, 'ana', '2026-01-05T10:00:00.000Z', '001767607200000.00000',
       'card', 'visa 4242', 4500, NULL, NULL, 'final')`,
  ).run(receiptId, receiptNo, originId);
  return receiptId;
}

function insertLine(
  db: SqliteDatabase,
  receiptId: string,
  line: { no: number; isbn: string; qty: number; seq: number },
): void {
  db.prepare(
    `INSERT INTO receipt_lines (receipt_id, line_no, isbn, title, author, qty, unit_price_cents,
       event_origin_id, event_seq)
     VALUES (?, ?, ?, ?, 'An Author', ?, 1500, ?, ?)`,
  ).run(receiptId, line.no, line.isbn, `Title ${line.no}`, line.qty, FIXTURE_ORIGIN, line.seq);
}

describe('ledger migration 11: receipts in one row', () => {
  const tempDir = useTempDirs();

  it('keeps each receipt whole, lines in line order, and the ledger reads and numbers them as before', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = atVersion10(file);
    // Three lines written out of line order, as nothing promised the old table's order.
    const id = insertReceipt(db, FIXTURE_ORIGIN, 5);
    insertLine(db, id, { no: 3, isbn: '9780000000031', qty: 1, seq: 9 });
    insertLine(db, id, { no: 1, isbn: '9780000000011', qty: 2, seq: 7 });
    insertLine(db, id, { no: 2, isbn: '9780000000021', qty: 1, seq: 8 });
    migrate(db, 11);
    expect(schemaVersion(db)).toBe(11);
    expect(userTables(db)).not.toContain('receipt_lines');
    // The key is the only B-tree: no second index for a sale to write.
    expect(db.pragma('index_list(receipts)')).toEqual([
      expect.objectContaining({ origin: 'pk', unique: 1 }),
    ]);
    db.close();

    const ledger = Ledger.open({ path: file, storeId: 'uptown' });
    try {
      const receipt = readReceipt(ledger, id);
      expect(receipt).toMatchObject({
        receiptId: id,
        receiptNo: 5,
        originId: FIXTURE_ORIGIN,
        payment: { method: 'card', reference: 'visa 4242' },
        totalCents: 4500,
        status: 'final',
      });
      expect(receipt.lines).toEqual(
        [
          { lineNo: 1, isbn: '9780000000011', qty: 2, seq: 7 },
          { lineNo: 2, isbn: '9780000000021', qty: 1, seq: 8 },
          { lineNo: 3, isbn: '9780000000031', qty: 1, seq: 9 },
        ].map(({ lineNo, isbn, qty, seq }) => ({
          lineNo,
          isbn,
          title: `Title ${lineNo}`,
          author: 'An Author',
          qty,
          unitPriceCents: 1500,
          lineTotalCents: qty * 1500,
          event: { originId: FIXTURE_ORIGIN, seq },
        })),
      );
      expect(findReceipts(ledger, id, { todayStart: EARLY })).toEqual([
        expect.objectContaining({ receiptId: id, items: 4 }),
      ]);
      // The same number with one zero more names no receipt.
      const padded = `${FIXTURE_ORIGIN}-0000005`;
      expect(() => readReceipt(ledger, padded)).toThrow(UserError);
      expect(findReceipts(ledger, padded, { todayStart: EARLY })).toEqual([]);
      // The next sale takes the number after the highest, read from the key.
      const next = recordSale(ledger, {
        cashier: 'ana',
        lines: [{ isbn: FIXTURE_ISBN, qty: 1 }],
        payment: { method: 'card' },
      });
      expect(next.receiptNo).toBe(6);
      expect(readReceipt(ledger, next.receiptId)).toEqual(next);
      expect(ledger.integrityCheck()).toBe('ok');
    } finally {
      ledger.close();
    }
  });

  it('copies receipts of several registers in key order across its chunks', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = atVersion10(file);
    const perOrigin = 10_001;
    const origins = [originNo(3), originNo(2)];
    db.transaction(() => {
      for (const originId of origins) {
        for (let no = perOrigin; no >= 1; no -= 1) {
          const id = insertReceipt(db, originId, no);
          insertLine(db, id, { no: 1, isbn: FIXTURE_ISBN, qty: (no % 3) + 1, seq: no });
        }
      }
    })();
    const before = db.prepare('SELECT count(*) FROM receipts').pluck().get() as number;
    migrate(db, 11);
    try {
      expect(db.prepare('SELECT count(*) FROM receipts').pluck().get()).toBe(before);
      for (const originId of origins) {
        const rows = db
          .prepare(
            `SELECT receipt_no, items, lines ->> '$[0].event.seq' AS seq FROM receipts
             WHERE origin_id = ? ORDER BY receipt_no`,
          )
          .all(originId) as { receipt_no: number; items: number; seq: number }[];
        expect(rows).toHaveLength(perOrigin);
        rows.forEach((row, index) => {
          expect(row).toEqual({
            receipt_no: index + 1,
            items: ((index + 1) % 3) + 1,
            seq: index + 1,
          });
        });
      }
    } finally {
      db.close();
    }
  });

  it('refuses a receipt whose id does not name its register and number, and leaves the file as it was', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = atVersion10(file);
    try {
      insertReceipt(db, FIXTURE_ORIGIN, 7, `${FIXTURE_ORIGIN}-000070`);
      const before = allRows(db, userTables(db));

      expect(() => migrate(db, 11)).toThrow(/receipt .*-000070, whose id does not match/);

      expect(schemaVersion(db)).toBe(10);
      expect(allRows(db, userTables(db))).toEqual(before);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});
