import type { Migration } from '../../ledger/migrations/migration.js';

/**
 * The master keeps its counts with the register's own StockCache (app/ledger/stock-cache.ts), so
 * one implementation of the fold's cache serves both; it records superseded concurrent stocktakes.
 */
export const migration004: Migration = {
  version: 4,
  name: 'shared stock cache',
  up: (db) => {
    db.exec(`ALTER TABLE stock ADD COLUMN superseded_stocktakes TEXT NOT NULL DEFAULT '[]';`);
  },
};
