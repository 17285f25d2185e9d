import type { Migration } from '../../ledger/migrations/migration.js';
import { INDEX_WHOLE_LOG } from '../title-index.js';

/**
 * The master's per-title index in two tiers (see app/master/title-index.ts). As one index on
 * `events (store_id, isbn)`, a push of 1,000 events to 1,000 titles landed on about 1,000
 * distinct leaves once the log held millions of events, and each dirty leaf was written to the
 * WAL and again into the file: a push at 5M events took twice as long as at 10k. The writer now
 * indexes new entries itself, in a small `recent` tier once the log is large, and moves them into
 * the `settled` tier a key-ordered slice at a time, so a slice lands on a few leaves per title
 * instead of one leaf per event. The existing log is indexed here, all of it settled.
 */
export const migration007: Migration = {
  version: 7,
  name: 'title index in two tiers',
  up: (db) => {
    db.exec(`
      CREATE TABLE title_index_settled (
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        master_seq INTEGER NOT NULL,
        PRIMARY KEY (store_id, isbn, master_seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE title_index_recent (
        store_id TEXT NOT NULL,
        isbn TEXT NOT NULL,
        master_seq INTEGER NOT NULL,
        PRIMARY KEY (store_id, isbn, master_seq)
      ) STRICT, WITHOUT ROWID;
      ${INDEX_WHOLE_LOG};
      DROP INDEX events_by_title;

      -- What every per-title read goes through; SQLite pushes the title's key into both arms.
      CREATE VIEW title_index AS
        SELECT store_id, isbn, master_seq FROM title_index_settled
        UNION ALL
        SELECT store_id, isbn, master_seq FROM title_index_recent;
    `);
  },
};
