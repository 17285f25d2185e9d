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
import type { Migration } from './migration.js';

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
];
export const LATEST_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema to `target` (default: latest), each step in its own transaction. */
export function migrate(db: Database, target: number = LATEST_VERSION): void {
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
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    apply(db, migration);
  }
}

function apply(db: Database, migration: Migration): void {
  // SQLite ignores a change of foreign_keys inside a transaction, so it is switched around it.
  const keysOff =
    migration.rebuildsTables === true && db.pragma('foreign_keys', { simple: true }) === 1;
  if (keysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      migration.up(db);
      if (migration.rebuildsTables) refuseBrokenKeys(db, migration);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  } finally {
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
