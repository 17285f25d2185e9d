-- Enrolled registers, the origins each may write as, and one-time enrolment codes.

CREATE TABLE registers (
  register_id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (store_id),
  name text NOT NULL,
  -- SHA-256 of the bearer token; the token itself is never stored.
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  enrolled_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE register_origins (
  origin_id text PRIMARY KEY,
  register_id text NOT NULL REFERENCES registers (register_id),
  claimed_at timestamptz NOT NULL,
  -- Ties between claims made in the same instant keep their order (SQLite's rowid).
  claim_order bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX register_origins_by_register ON register_origins (register_id);

CREATE TABLE enrolment_codes (
  -- SHA-256 of the normalized code; the code itself is only ever printed once.
  code_hash bytea PRIMARY KEY CHECK (length(code_hash) = 32),
  store_id text NOT NULL REFERENCES stores (store_id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by text REFERENCES registers (register_id)
);
