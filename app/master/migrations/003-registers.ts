import type { Migration } from '../../ledger/migrations/migration.js';

/** Enrolled registers, the origins each may write as, and one-time enrolment codes. */
export const migration003: Migration = {
  version: 3,
  name: 'registers and enrolment',
  up: (db) => {
    db.exec(`
      CREATE TABLE registers (
        register_id TEXT PRIMARY KEY,
        store_id TEXT NOT NULL REFERENCES stores (store_id),
        name TEXT NOT NULL,
        -- SHA-256 of the bearer token; the token itself is never stored.
        token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        enrolled_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;

      CREATE TABLE register_origins (
        origin_id TEXT PRIMARY KEY,
        register_id TEXT NOT NULL REFERENCES registers (register_id),
        claimed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX register_origins_by_register ON register_origins (register_id);

      CREATE TABLE enrolment_codes (
        -- SHA-256 of the normalized code; the code itself is only ever printed once.
        code_hash BLOB PRIMARY KEY CHECK (length(code_hash) = 32),
        store_id TEXT NOT NULL REFERENCES stores (store_id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        used_by TEXT REFERENCES registers (register_id)
      ) STRICT;
    `);
  },
};
