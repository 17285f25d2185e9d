import type { Migration } from './migration.js';

/** The event log, the version vector, out-of-order arrivals, and the register's identity. */
export const migration001: Migration = {
  version: 1,
  name: 'event log and identity',
  up: (db) => {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- Every origin this file has ever written as, newest last, and why it changed.
      CREATE TABLE origin_history (
        origin_id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;

      CREATE TABLE events (
        origin_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hlc TEXT NOT NULL,
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN
          ('SALE','RETURN','DELIVERY','TRANSFER_OUT','TRANSFER_IN','ADJUST','STOCKTAKE','VOID')),
        -- Canonical JSON of the whole event: what duplicates are compared against.
        body TEXT NOT NULL,
        ref_origin_id TEXT,
        ref_seq INTEGER,
        PRIMARY KEY (origin_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX events_by_title ON events (store_id, isbn);
      CREATE INDEX events_by_ref ON events (ref_origin_id, ref_seq) WHERE ref_origin_id IS NOT NULL;

      CREATE TABLE vector (
        origin_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL CHECK (seq >= 0)
      ) STRICT, WITHOUT ROWID;

      -- Foreign events that arrived ahead of a gap; applied once the gap fills.
      CREATE TABLE early_events (
        origin_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (origin_id, seq)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
