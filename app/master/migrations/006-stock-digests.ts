import type { Migration } from '../../ledger/migrations/migration.js';
import { addStockDigests } from '../../ledger/migrations/stock-digests.js';

/** Each title's digest in its stock row, as the register's migration 9 (see stock-digests.ts). */
export const migration006: Migration = {
  version: 6,
  name: 'title digests in the stock cache',
  up: addStockDigests,
};
