-- The chain's event log in feed order, what the master holds per origin, the feed's head, and the
-- stock cache. Written by app/master/pg-event-writer.ts; see docs/postgres.md for why the feed
-- order is safe with several master processes.

CREATE TABLE events (
  -- Handed out from feed_head under its row lock, so masterSeq order is commit order (never from
  -- a sequence: a sequence value is not a commit order).
  master_seq bigint PRIMARY KEY CHECK (master_seq > 0),
  origin_id text NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  hlc text NOT NULL,
  store_id text NOT NULL,
  isbn text NOT NULL,
  kind text NOT NULL CHECK (kind IN
    ('SALE', 'RETURN', 'DELIVERY', 'TRANSFER_OUT', 'TRANSFER_IN', 'ADJUST', 'STOCKTAKE', 'VOID')),
  -- Canonical JSON of the whole event, byte for byte what a re-sent event is compared against.
  body text NOT NULL,
  ref_origin_id text,
  ref_seq bigint,
  received_at timestamptz NOT NULL,
  UNIQUE (origin_id, seq)
);
CREATE INDEX events_by_title ON events (store_id, isbn, origin_id, seq);
CREATE INDEX events_by_ref ON events (ref_origin_id, ref_seq) WHERE ref_origin_id IS NOT NULL;

-- Highest contiguous seq per origin: the master's version vector. Writers lock an origin's row
-- before judging its events, so two processes appending one origin take turns.
CREATE TABLE held (
  origin_id text PRIMARY KEY,
  seq bigint NOT NULL CHECK (seq >= 0)
);

-- The one row holding the highest masterSeq handed out. A writer adds to it just before inserting
-- its events and keeps the row locked until it commits.
CREATE TABLE feed_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  master_seq bigint NOT NULL CHECK (master_seq >= 0)
);
INSERT INTO feed_head (only_row, master_seq) VALUES (true, 0);

-- A cache: always equal to folding the events of the key (app/ledger/fold.ts); rebuildable.
CREATE TABLE stock (
  store_id text NOT NULL,
  isbn text NOT NULL,
  on_hand bigint NOT NULL,
  stocktake_origin_id text,
  stocktake_seq bigint,
  stocktake_vector jsonb,
  superseded_stocktakes jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (store_id, isbn)
);
