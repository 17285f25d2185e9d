// Raw better-sqlite3 with the ledger's durability settings and none of its code: the limits that
// section 1 and bench/compare-sale.ts set the sale beside.
import Database from 'better-sqlite3';
import { nowMs } from './stats.js';

export function openRawDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/**
 * Commits made before any is timed: past SQLite's automatic checkpoint (1,000 frames), so the WAL
 * has started over once and each commit overwrites frames already on disk, as in a ledger that has
 * been selling for a while. A commit that still grows a fresh WAL also syncs the file's new size:
 * measured on a fresh file, the raw insert ran at 4,900–7,000 rows/s here against 7,600–10,000
 * once its WAL had started over, and the ledgers it is compared with are in the second state.
 */
export const RAW_WARM_UP_COMMITS = 1_100;

/**
 * Autocommit inserts of one small row on a database kept open: better-sqlite3's own durable write
 * rate, in the same steady state as the ledger it is compared with (see RAW_WARM_UP_COMMITS).
 */
export class RawInserter {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, number]>;

  constructor(path: string) {
    this.db = openRawDatabase(path);
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, isbn TEXT NOT NULL, qty INTEGER NOT NULL)',
    );
    this.insert = this.db.prepare('INSERT INTO t (isbn, qty) VALUES (?, ?)');
    this.rate(RAW_WARM_UP_COMMITS);
  }

  /** Rows a second over `count` autocommit inserts. */
  rate(count: number): number {
    const start = nowMs();
    for (let i = 0; i < count; i += 1) this.insert.run('9780306406157', 1);
    return count / ((nowMs() - start) / 1000);
  }

  close(): void {
    this.db.close();
  }
}
