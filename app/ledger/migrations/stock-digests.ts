import type { Database } from 'better-sqlite3';

/**
 * Adds each title's digest (its events and the sum of their seqs) to its stock row, filled from
 * the log, so anti-entropy reads one row per title instead of every event of the store. Shared by
 * the register's migration 9 and the master's migration 6: both keep their stock with StockCache.
 */
export function addStockDigests(db: Database): void {
  db.exec(`
    ALTER TABLE stock ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0 CHECK (event_count >= 0);
    ALTER TABLE stock ADD COLUMN seq_sum INTEGER NOT NULL DEFAULT 0 CHECK (seq_sum >= 0);
    UPDATE stock SET event_count = log.events, seq_sum = log.seq_sum
      FROM (SELECT store_id, isbn, count(*) AS events, sum(seq) AS seq_sum FROM events
            GROUP BY store_id, isbn) AS log
      WHERE stock.store_id = log.store_id AND stock.isbn = log.isbn;
  `);
}
