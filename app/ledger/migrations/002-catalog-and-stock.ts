import type { Migration } from './migration.js';

/** The title catalog, the chain's stores, and the stock cache derived from the event log. */
export const migration002: Migration = {
  version: 2,
  name: 'catalog and stock cache',
  up: (db) => {
    db.exec(`
      CREATE TABLE stores (
        store_id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE titles (
        isbn TEXT PRIMARY KEY CHECK (length(isbn) = 13),
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        cost_cents INTEGER NOT NULL CHECK (cost_cents >= 0),
        section TEXT NOT NULL DEFAULT ''
      ) STRICT;

      -- A cache: always equal to folding the events of the key (see fold.ts); rebuildable.
      CREATE TABLE stock (
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        on_hand INTEGER NOT NULL,
        stocktake_origin_id TEXT,
        stocktake_seq INTEGER,
        stocktake_vector TEXT,
        superseded_stocktakes TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (store_id, isbn)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
