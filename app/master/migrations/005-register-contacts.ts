import type { Migration } from '../../ledger/migrations/migration.js';

/** When each register last pushed and pulled, and how far its last pull reached in the feed. */
export const migration005: Migration = {
  version: 5,
  name: 'register contacts',
  up: (db) => {
    db.exec(`
      CREATE TABLE register_contacts (
        register_id TEXT PRIMARY KEY REFERENCES registers (register_id),
        last_push_at TEXT,
        last_pull_at TEXT,
        pulled_to INTEGER CHECK (pulled_to >= 0)
      ) STRICT;
    `);
  },
};
