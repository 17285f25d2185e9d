import type { Migration } from './migration.js';

/**
 * From this version the `vector` row of the origin a ledger writes as is no longer raised by each
 * of its appends: its highest seq is read from the log (see EventLog), and the row catches up when
 * the ledger moves to a new origin. Nothing in the file changes now; the version is what matters.
 * A register built before it trusted that row to be exact, and would give a sale a seq its log
 * already holds; it refuses a file of a newer schema (LEDGER_TOO_NEW) instead.
 */
export const migration012: Migration = {
  version: 12,
  name: 'own seq from the log',
  up: () => undefined,
};
