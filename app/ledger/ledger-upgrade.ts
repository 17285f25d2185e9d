// A ledger written by an earlier Bookcase is upgraded before the register opens it. Most
// migrations take milliseconds; one that rebuilds the event log takes seconds on a register holding
// millions of events, so the shell runs the upgrade here first, in steps, and shows its progress.
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { UserError } from '../shared/errors.js';
import { openUnmigrated, type SqliteDatabase } from './database.js';
import {
  LATEST_VERSION,
  migrateInSteps,
  pendingMigrations,
  type UpgradeProgress,
} from './migrations/index.js';

export type { UpgradeProgress };

export interface LedgerUpgradeOptions {
  path: string;
  nativeBinding?: string;
  onProgress: (progress: UpgradeProgress) => void;
}

export interface LedgerUpgrade {
  from: number;
  to: number;
}

/** Upgrades the file at `path` to the latest schema; null when there is no file or nothing to do. */
export async function upgradeLedgerFile(
  options: LedgerUpgradeOptions,
): Promise<LedgerUpgrade | null> {
  if (!existsSync(options.path)) return null;
  // The integrity check reads the whole file (about 1.7 s a million events): a current file is
  // left to the register's own open, which runs it anyway, instead of being checked twice.
  if (isCurrent(options)) return null;
  const db = openUnmigrated({
    path: options.path,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const pending = pendingMigrations(db);
    const first = pending[0];
    if (!first) return null;
    await migrateInSteps(db, {
      onProgress: options.onProgress,
      // setImmediate, not a resolved promise: timers and I/O (the page's calls) get their turn.
      pause: () => new Promise((resolve) => setImmediate(resolve)),
    }).catch((error: unknown) => {
      throw diskFull(error) ? outOfRoom(options.path) : error;
    });
    return { from: first.version - 1, to: LATEST_VERSION };
  } finally {
    db.close();
  }
}

function diskFull(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_FULL';
}

/**
 * A rebuild writes a second copy of the table beside the first, and the WAL holds it until the
 * commit: the disk needs about as much free room again as the file takes.
 */
function outOfRoom(path: string): UserError {
  const megabytes = Math.ceil(statSync(path).size / 2 ** 20);
  return new UserError(
    'DISK_FULL',
    `The disk holding ${path} is full: upgrading the ledger needs about ${megabytes.toLocaleString('en')} MB free (as much again as the ledger takes). Nothing was changed; free some space and start the register again.`,
  );
}

/** True when the file is at the latest schema; false when it is older or cannot be read here. */
function isCurrent(options: LedgerUpgradeOptions): boolean {
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(options.path, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    return (db.pragma('user_version', { simple: true }) as number) >= LATEST_VERSION;
  } catch {
    // A damaged file: the checked open below says so in a person's words.
    return false;
  } finally {
    db?.close();
  }
}

/**
 * For a terminal: one line per tenth of each step ("reorganising the event log: 40% (400,000 of
 * 1,000,000)"), not one per report.
 */
export function progressInTenths(
  write: (line: string) => void,
): (progress: UpgradeProgress) => void {
  let shown = '';
  return ({ name, done, total }) => {
    const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (`${name} ${tenth}` === shown) return;
    shown = `${name} ${tenth}`;
    write(
      `${name}: ${tenth * 10}% (${done.toLocaleString('en')} of ${total.toLocaleString('en')})`,
    );
  };
}
