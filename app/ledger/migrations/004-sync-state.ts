import type { Migration } from './migration.js';

/** What the register knows of the master: how far each side has durably got, and the history. */
export const migration004: Migration = {
  version: 4,
  name: 'sync state',
  up: (db) => {
    db.exec(`
      -- Push checkpoint: the highest seq of each of our origins the master acknowledged holding.
      CREATE TABLE master_held (
        origin_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL CHECK (seq >= 0)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_runs (
        run_id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('batch','strong-sale','repair')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        pushed INTEGER NOT NULL DEFAULT 0,
        pulled INTEGER NOT NULL DEFAULT 0,
        outcome TEXT CHECK (outcome IN ('ok','failed','interrupted')),
        message TEXT
      ) STRICT;
    `);
  },
};
