import type { Migration } from './migration.js';

/** Receipts as printed: lines keep the title and price of the moment, whatever the catalog says later. */
export const migration003: Migration = {
  version: 3,
  name: 'receipts',
  up: (db) => {
    db.exec(`
      CREATE TABLE receipts (
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
      ) STRICT;

      CREATE TABLE receipt_lines (
        receipt_id TEXT NOT NULL REFERENCES receipts (receipt_id),
        line_no INTEGER NOT NULL,
        isbn TEXT NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
        event_origin_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        PRIMARY KEY (receipt_id, line_no)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
