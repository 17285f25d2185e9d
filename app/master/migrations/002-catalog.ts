import type { Migration } from '../../ledger/migrations/migration.js';

/** The chain's stores and title catalog, handed to registers as they enrol and sync. */
export const migration002: Migration = {
  version: 2,
  name: 'stores and catalog',
  up: (db) => {
    db.exec(`
      CREATE TABLE stores (
        store_id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ) STRICT;

      CREATE TABLE titles (
        isbn TEXT PRIMARY KEY CHECK (length(isbn) = 13),
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        cost_cents INTEGER NOT NULL CHECK (cost_cents >= 0),
        section TEXT NOT NULL DEFAULT ''
      ) STRICT;
    `);
  },
};
