import type { Migration } from './migration.js';

/** Read repairs (for the manager's view), titles flagged for counting, and stocktake sessions. */
export const migration005: Migration = {
  version: 5,
  name: 'read repair and stocktake',
  up: (db) => {
    db.exec(`
      CREATE TABLE repairs (
        repair_id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        actor TEXT NOT NULL,
        at_counter INTEGER NOT NULL,
        local_before INTEGER NOT NULL,
        local_after INTEGER,
        master_before INTEGER,
        master_after INTEGER,
        events_in INTEGER NOT NULL DEFAULT 0,
        events_out INTEGER NOT NULL DEFAULT 0,
        -- agreed: the ledgers agreed and the shelf too; corrected: a shelf correction was recorded;
        -- discrepancy: awaiting the cashier's confirmation; declined; unverified: master unreachable;
        -- flagged: still wrong after a late check, left for the stocktake.
        outcome TEXT NOT NULL CHECK (outcome IN
          ('agreed','discrepancy','corrected','declined','unverified','flagged')),
        correction_origin_id TEXT,
        correction_seq INTEGER,
        message TEXT
      ) STRICT;
      CREATE INDEX repairs_unverified ON repairs (outcome) WHERE outcome = 'unverified';

      CREATE TABLE count_flags (
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        reason TEXT NOT NULL,
        flagged_at TEXT NOT NULL,
        PRIMARY KEY (store_id, isbn)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE stocktakes (
        stocktake_id TEXT PRIMARY KEY,
        store_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        started_hlc TEXT NOT NULL,
        started_by TEXT NOT NULL,
        -- JSON: {"kind":"all"} | {"kind":"section","section":…} | {"kind":"titles","isbns":[…]}
        scope TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open','committed','abandoned')),
        committed_at TEXT,
        committed_by TEXT
      ) STRICT;

      CREATE TABLE stocktake_counts (
        stocktake_id TEXT NOT NULL REFERENCES stocktakes (stocktake_id),
        isbn TEXT NOT NULL,
        counted INTEGER NOT NULL CHECK (counted >= 0),
        -- The ledger's vector and clock when this title's count began: what the count reflects.
        vector TEXT NOT NULL,
        first_hlc TEXT NOT NULL,
        last_hlc TEXT NOT NULL,
        PRIMARY KEY (stocktake_id, isbn)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
