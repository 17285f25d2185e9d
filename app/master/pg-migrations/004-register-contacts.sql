-- When each register last pushed and pulled, and how far its last pull reached in the feed: the
-- manager's view of how stale each register of a store is.

CREATE TABLE register_contacts (
  register_id text PRIMARY KEY REFERENCES registers (register_id),
  last_push_at timestamptz,
  last_pull_at timestamptz,
  pulled_to bigint CHECK (pulled_to >= 0)
);
