import type { Migration } from './migration.js';

/**
 * `receipts` keyed by receipt_id alone (WITHOUT ROWID). As a rowid table it was three B-trees
 * (rows, the receipt_id key, the receipt-number key) and every sale wrote a page of each; now the
 * rows live in the receipt_id key, and a durable sale writes one page less to the WAL.
 */
export const migration008: Migration = {
  version: 8,
  name: 'receipts without rowid',
  rebuildsTables: true,
  up: (db) => {
    db.exec(`
      CREATE TABLE receipts_rebuilt (
        receipt_id TEXT PRIMARY KEY,
        receipt_no INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('SALE','RETURN')),
        store_id TEXT NOT NULL,
        origin_id TEXT NOT NULL,
        cashier TEXT NOT NULL,
        created_at TEXT NOT NULL,
        hlc TEXT NOT NULL,
        payment_method TEXT NOT NULL CHECK (payment_method IN ('cash','card')),
        card_reference TEXT,
        total_cents INTEGER NOT NULL,
        tendered_cents INTEGER,
        change_cents INTEGER,
        -- pending: written locally, waiting for the master (strong mode); final; cancelled (voided).
        status TEXT NOT NULL CHECK (status IN ('pending','final','cancelled')),
        original_receipt_id TEXT REFERENCES receipts (receipt_id),
        UNIQUE (origin_id, receipt_no)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO receipts_rebuilt SELECT * FROM receipts;
      DROP TABLE receipts;
      ALTER TABLE receipts_rebuilt RENAME TO receipts;
    `);
  },
};
