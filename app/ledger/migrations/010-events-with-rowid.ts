import type { Database } from 'better-sqlite3';
import type { Migration, MigrationProgress } from './migration.js';

/** Rows copied between two progress reports: about 30 ms of work on the machines we measured. */
const COPY_CHUNK = 10_000;
const INDEXING = 'indexing the event log';

/**
 * `events` as a rowid table keyed by UNIQUE (origin_id, seq). WITHOUT ROWID kept each ~400-byte
 * row inside the key's B-tree, a layout SQLite advises only for rows under a twentieth of a page:
 * every insert of a pulled event (100,000 a night) split and rewrote leaves full of bodies. Rows
 * appended by rowid and a narrow key insert a pull's page 20–25% faster (bench goal 4,
 * docs/benchmarks.md). The copy goes in key order so each origin's events keep neighbouring
 * rowids, which the push's range reads rely on. It yields its progress between steps: on a
 * register holding millions of events it takes seconds (about 9 s a million here,
 * bench/ledger-upgrade.ts), and the start-up screen shows how far it has got.
 */
export const migration010: Migration = {
  version: 10,
  name: 'events with rowid',
  rebuildsTables: true,
  progressLabel: 'reorganising the event log',
  up: copyEvents,
};

function* copyEvents(db: Database): Generator<MigrationProgress, void, void> {
  db.exec(`
    CREATE TABLE events_rebuilt (
      origin_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      hlc TEXT NOT NULL,
      store_id TEXT NOT NULL,
      isbn TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN
        ('SALE','RETURN','DELIVERY','TRANSFER_OUT','TRANSFER_IN','ADJUST','STOCKTAKE','VOID')),
      -- Canonical JSON of the whole event: what duplicates are compared against.
      body TEXT NOT NULL,
      ref_origin_id TEXT,
      ref_seq INTEGER,
      UNIQUE (origin_id, seq)
    ) STRICT;
  `);
  const total = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  const copy = db.prepare<[string, number, number]>(
    `INSERT INTO events_rebuilt
     SELECT * FROM events WHERE (origin_id, seq) > (?, ?) ORDER BY origin_id, seq LIMIT ?`,
  );
  const last = db.prepare<[], { origin_id: string; seq: number }>(
    'SELECT origin_id, seq FROM events_rebuilt ORDER BY rowid DESC LIMIT 1',
  );
  let copied = 0;
  let after = { origin_id: '', seq: 0 };
  yield { done: 0, total };
  for (;;) {
    const { changes } = copy.run(after.origin_id, after.seq, COPY_CHUNK);
    if (changes === 0) break;
    copied += changes;
    after = last.get() ?? after;
    yield { done: copied, total };
  }
  // Each of these takes about half a second a million events: one step each, so the page keeps
  // hearing how far the upgrade has got.
  const finishing = [
    'DROP TABLE events; ALTER TABLE events_rebuilt RENAME TO events;',
    'CREATE INDEX events_by_title ON events (store_id, isbn);',
    'CREATE INDEX events_by_ref ON events (ref_origin_id, ref_seq) WHERE ref_origin_id IS NOT NULL;',
    'CREATE INDEX events_by_store_hlc ON events (store_id, hlc);',
  ];
  for (const [index, sql] of finishing.entries()) {
    yield { done: index, total: finishing.length, label: INDEXING };
    db.exec(sql);
  }
  yield { done: finishing.length, total: finishing.length, label: INDEXING };
}
