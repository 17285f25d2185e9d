import type { Database } from 'better-sqlite3';
import { UserError } from '../../shared/errors.js';
import { strictAssert } from '../../shared/assert.js';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-catalog-and-stock.js';
import { migration003 } from './003-receipts.js';
import { migration004 } from './004-sync-state.js';
import { migration005 } from './005-repair-and-stocktake.js';
import { migration006 } from './006-staff.js';
import { migration007 } from './007-title-horizon.js';
import { migration008 } from './008-receipts-without-rowid.js';
import { migration009 } from './009-stock-digests.js';
import { migration010 } from './010-events-with-rowid.js';
import { migration011 } from './011-receipts-in-one-row.js';
import { migration012 } from './012-own-seq-from-the-log.js';
import { migration013 } from './013-pending-receipts-indexed.js';
import type { Migration, MigrationProgress } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
];
export const LATEST_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** A long migration's progress, with which migration it is and what it does, in words. */
export interface UpgradeProgress {
  readonly version: number;
  readonly name: string;
  readonly done: number;
  readonly total: number;
}

/** The migrations a file at its current version still needs to reach `target`. */
export function pendingMigrations(db: Database, target: number = LATEST_VERSION): Migration[] {
  MIGRATIONS.forEach((migration, index) =>
    strictAssert(migration.version === index + 1, `migration ${migration.name} is out of order`),
  );
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new UserError(
      'LEDGER_TOO_NEW',
      `This ledger was written by a newer Bookcase (schema ${current}, this one knows ${LATEST_VERSION}). Update the register before opening it.`,
    );
  }
  return MIGRATIONS.filter(
    (migration) => migration.version > current && migration.version <= target,
  );
}

/** Brings the schema to `target` (default: latest), each step in its own transaction. */
export function migrate(db: Database, target: number = LATEST_VERSION): void {
  for (const migration of pendingMigrations(db, target)) {
    const steps = apply(db, migration);
    while (steps.next().done !== true);
  }
}

/**
 * The same, giving the event loop a turn (`pause`) each time a long migration reports progress:
 * a shell upgrading a large ledger at start-up keeps answering its page meanwhile. Nothing else
 * may use the connection until this settles.
 */
export async function migrateInSteps(
  db: Database,
  options: { onProgress: (progress: UpgradeProgress) => void; pause: () => Promise<void> },
): Promise<void> {
  for (const migration of pendingMigrations(db)) {
    for (const { done, total, label } of apply(db, migration)) {
      const name = label ?? migration.progressLabel ?? migration.name;
      options.onProgress({ version: migration.version, name, done, total });
      await options.pause();
    }
  }
}

function* apply(db: Database, migration: Migration): Generator<MigrationProgress, void, void> {
  // SQLite ignores a change of foreign_keys inside a transaction, so it is switched around it.
  const keysOff =
    migration.rebuildsTables === true && db.pragma('foreign_keys', { simple: true }) === 1;
  if (keysOff) db.pragma('foreign_keys = OFF');
  db.exec('BEGIN IMMEDIATE');
  try {
    const steps = migration.up(db);
    if (steps) yield* steps;
    if (migration.rebuildsTables) refuseBrokenKeys(db, migration);
    db.pragma(`user_version = ${migration.version}`);
    db.exec('COMMIT');
  } finally {
    // Reached with the transaction open only when a step threw: nothing of it stays.
    if (db.inTransaction) db.exec('ROLLBACK');
    if (keysOff) db.pragma('foreign_keys = ON');
  }
}

function refuseBrokenKeys(db: Database, migration: Migration): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  const first = broken[0];
  if (first) {
    throw new UserError(
      'LEDGER_DAMAGED',
      `Upgrading the ledger (${migration.name}) found ${broken.length} row(s) of ${first.table} pointing at missing ${first.parent}; the ledger was left as it was. Restore it from a backup; the master still holds every synced event.`,
    );
  }
}
