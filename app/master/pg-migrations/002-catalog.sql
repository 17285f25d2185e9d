-- The chain's stores and title catalog, handed to registers as they enrol and sync.

CREATE TABLE stores (
  store_id text PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE titles (
  isbn text PRIMARY KEY CHECK (length(isbn) = 13),
  title text NOT NULL,
  author text NOT NULL,
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  cost_cents bigint NOT NULL CHECK (cost_cents >= 0),
  section text NOT NULL DEFAULT ''
);
