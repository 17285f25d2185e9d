import Database from 'better-sqlite3';
import type { SqliteDatabase } from '../ledger/database.js';
import { MasterDatabaseError } from './master-errors.js';
import { migrateMaster, type MasterMigrationStep } from './migrations/index.js';

/** 'BKMS' in PRAGMA application_id: tells a master database from a register's ledger file. */
export const MASTER_APPLICATION_ID = 0x424b4d53;

export interface OpenMasterDatabaseOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  /** Stop at this schema version: only the migration tests use it. */
  schemaVersion?: number;
  /** Told before each pending migration runs. */
  onMigration?: (step: MasterMigrationStep) => void;
}

const DAMAGED_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB']);

function claimFile(db: SqliteDatabase, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === MASTER_APPLICATION_ID) return;
  const objects = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number };
  if (applicationId !== 0 || objects.n > 0) {
    // Most likely a register's ledger pointed at by mistake: migrating it would wreck it.
    throw new MasterDatabaseError(
      `${path} is not a Bookcase master database (it already holds other data). Point --data at the master's own directory.`,
    );
  }
  db.pragma(`application_id = ${MASTER_APPLICATION_ID}`);
}

/**
 * Opens the master database durably: WAL with synchronous=FULL so an acknowledged push survives
 * a power cut, foreign keys on, and an integrity check before anything trusts the file.
 */
export function openMasterDatabase(options: OpenMasterDatabaseOptions): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw new MasterDatabaseError(`${options.path} is damaged (${String(check)}).`);
    }
    claimFile(db, options.path);
    migrateMaster(db, options.schemaVersion, options.onMigration);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof Database.SqliteError && DAMAGED_CODES.has(error.code)) {
      throw new MasterDatabaseError(
        `${options.path} is damaged or is not a database (${error.message}). Restore it from a backup.`,
      );
    }
    throw error;
  }
}
