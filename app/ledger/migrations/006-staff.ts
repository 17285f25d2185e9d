import type { Migration } from './migration.js';

/**
 * The people who sign in at this register. A PIN is kept only as a salted scrypt hash; a person
 * leaving is disabled, never deleted, so the names on past events keep meaning someone.
 */
export const migration006: Migration = {
  version: 6,
  name: 'staff',
  up: (db) => {
    db.exec(`
      CREATE TABLE staff (
        staff_id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 24),
        role TEXT NOT NULL CHECK (role IN ('cashier','manager')),
        pin_salt BLOB NOT NULL CHECK (length(pin_salt) = 16),
        pin_hash BLOB NOT NULL CHECK (length(pin_hash) >= 32),
        created_at TEXT NOT NULL,
        disabled_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX staff_active_name ON staff (name COLLATE NOCASE) WHERE disabled_at IS NULL;
      -- The manager's journal reads the store's latest events first; without this it sorts the log.
      CREATE INDEX events_by_store_hlc ON events (store_id, hlc);
    `);
  },
};
