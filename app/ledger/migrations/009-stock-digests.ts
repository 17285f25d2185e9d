import type { Migration } from './migration.js';
import { addStockDigests } from './stock-digests.js';

/** Each title's digest in its stock row (see stock-digests.ts). */
export const migration009: Migration = {
  version: 9,
  name: 'title digests in the stock cache',
  up: addStockDigests,
};
