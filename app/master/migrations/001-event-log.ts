import type { Migration } from '../../ledger/migrations/migration.js';

/** The chain's event log in arrival order, what the master holds per origin, and the stock cache. */
export const migration001: Migration = {
  version: 1,
  name: 'master event log',
  up: (db) => {
    db.exec(`
      -- AUTOINCREMENT so a masterSeq a feed reader has seen is never handed out again.
      CREATE TABLE events (
        master_seq INTEGER PRIMARY KEY AUTOINCREMENT,
        origin_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        hlc TEXT NOT NULL,
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN
          ('SALE','RETURN','DELIVERY','TRANSFER_OUT','TRANSFER_IN','ADJUST','STOCKTAKE','VOID')),
        -- Canonical JSON of the whole event: what a re-sent event is compared against.
        body TEXT NOT NULL,
        ref_origin_id TEXT,
        ref_seq INTEGER,
        received_at TEXT NOT NULL,
        UNIQUE (origin_id, seq)
      ) STRICT;
      CREATE INDEX events_by_title ON events (store_id, isbn);
      CREATE INDEX events_by_ref ON events (ref_origin_id, ref_seq) WHERE ref_origin_id IS NOT NULL;

      -- Highest contiguous seq per origin: the master's version vector.
      CREATE TABLE held (
        origin_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL CHECK (seq >= 0)
      ) STRICT, WITHOUT ROWID;

      -- A cache: always equal to folding the events of the key (app/ledger/fold.ts); rebuildable.
      CREATE TABLE stock (
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        on_hand INTEGER NOT NULL,
        stocktake_origin_id TEXT,
        stocktake_seq INTEGER,
        stocktake_vector TEXT,
        PRIMARY KEY (store_id, isbn)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
