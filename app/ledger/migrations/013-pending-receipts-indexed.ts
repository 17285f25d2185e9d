import type { Migration } from './migration.js';

/**
 * The register's status counts the sales waiting for the master, and the shell sends the status
 * after every sale and scan (and polls it every 10 s); without an index that read every receipt the
 * till ever printed (18 ms at 100,000 receipts, growing with each). The index is partial: only
 * pending receipts are in it, so an eventual sale, final when written, never touches it, and a
 * strong sale adds one small page to each of its two commits.
 */
export const migration013: Migration = {
  version: 13,
  name: 'pending receipts indexed',
  up: (db) => {
    db.exec("CREATE INDEX receipts_pending ON receipts (receipt_no) WHERE status = 'pending'");
  },
};
