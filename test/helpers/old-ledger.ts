// A ledger file as the register before migration 10 left it (schema 9, events WITHOUT ROWID),
// holding the migration fixtures' rows and `extra` more events of four other origins, written
// out of key order. The extra events are of a store this register does not count ('elsewhere'):
// bulk rows only for the upgrade to move.
import type { SqliteDatabase } from '../../app/ledger/database.js';
import { openDatabase } from '../../app/ledger/database.js';
import { originNo } from './foreign-events.js';
import { MIGRATION_FIXTURES } from './migration-rows.js';

export const BEFORE_EVENTS_WITH_ROWID = 9;

export function writeOldLedger(file: string, extra: number): void {
  const db = openDatabase({ path: file, schemaVersion: BEFORE_EVENTS_WITH_ROWID });
  try {
    for (let version = 1; version <= BEFORE_EVENTS_WITH_ROWID; version += 1) {
      MIGRATION_FIXTURES[version]?.writeRows(db, file);
    }
    addEvents(db, extra);
  } finally {
    db.close();
  }
}

function addEvents(db: SqliteDatabase, extra: number): void {
  const origins = [4, 5, 6, 7].map(originNo);
  const insert = db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
    INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body)
    SELECT ?, ? - i, printf('%015d.00000', 1767225600000 + i), 'elsewhere',
      printf('978%010d', i % 500), 'ADJUST', printf('{"seq":%d,"note":"%s"}', ? - i, hex(randomblob(150)))
    FROM n`);
  db.transaction(() => {
    // Each origin's seqs descending, origins in turn: nothing is written in key order.
    origins.forEach((origin, index) => {
      const count = Math.floor(extra / origins.length) + (index < extra % origins.length ? 1 : 0);
      if (count > 0) insert.run(count, origin, count, count);
    });
  })();
}
