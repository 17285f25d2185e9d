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
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
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
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
