import Database from 'better-sqlite3';
import { UserError } from '../shared/errors.js';
import { migrate } from './migrations/index.js';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  /**
   * Path of a better-sqlite3 build for this process's ABI. Electron's ABI differs from Node's, so
   * the packaged register points this at its own build (see docs/architecture.md).
   */
  nativeBinding?: string;
  /** Stop at this schema version: only the migration tests use it. */
  schemaVersion?: number;
}

const DAMAGED_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB']);

function damaged(path: string, detail: string): UserError {
  return new UserError(
    'LEDGER_DAMAGED',
    `The ledger file ${path} is damaged or is not a Bookcase ledger (${detail}). Restore it from a backup; the master still holds every synced event.`,
  );
}

/**
 * Opens a ledger file durably: WAL with synchronous=FULL so a sale the cashier saw survives a
 * power cut, foreign keys on, and an integrity check before anything trusts the file.
 */
export function openDatabase(options: OpenDatabaseOptions): SqliteDatabase {
  return openChecked(options, (db) => migrate(db, options.schemaVersion));
}

/** The same without migrating: for an upgrade that reports its progress (ledger-upgrade.ts). */
export function openUnmigrated(
  options: Omit<OpenDatabaseOptions, 'schemaVersion'>,
): SqliteDatabase {
  return openChecked(options, () => undefined);
}

function openChecked(
  options: OpenDatabaseOptions,
  then: (db: SqliteDatabase) => void,
): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(
      options.path,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    );
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MiB of page cache (SQLite's default is 2 MiB): a stocktake commits 50,000 events and
    // stock rows in one transaction, and a smaller cache spills its pages to the WAL mid-way.
    db.pragma('cache_size = -32768');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw damaged(options.path, String(check));
    then(db);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof Database.SqliteError && DAMAGED_CODES.has(error.code)) {
      throw damaged(options.path, error.message);
    }
    throw error;
  }
}
