import type { Database } from 'better-sqlite3';
import { strictAssert } from '../../shared/assert.js';
import type { Migration } from '../../ledger/migrations/migration.js';
import { MasterDatabaseError } from '../master-errors.js';
import { migration001 } from './001-event-log.js';
import { migration002 } from './002-catalog.js';
import { migration003 } from './003-registers.js';
import { migration004 } from './004-shared-stock-cache.js';
import { migration005 } from './005-register-contacts.js';
import { migration006 } from './006-stock-digests.js';
import { migration007 } from './007-title-index-in-two-tiers.js';

export const MASTER_MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
];
export const MASTER_LATEST_VERSION = MASTER_MIGRATIONS.length;

export function masterSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** A migration about to run, for the operator's log: one can take seconds on a large log. */
export interface MasterMigrationStep {
  version: number;
  name: string;
}

/** Brings the schema to `target` (default: latest), each step in its own transaction. */
export function migrateMaster(
  db: Database,
  target: number = MASTER_LATEST_VERSION,
  onStep: (step: MasterMigrationStep) => void = () => {},
): void {
  MASTER_MIGRATIONS.forEach((migration, index) =>
    strictAssert(migration.version === index + 1, `migration ${migration.name} is out of order`),
  );
  const current = masterSchemaVersion(db);
  if (current > MASTER_LATEST_VERSION) {
    throw new MasterDatabaseError(
      `This master database was written by a newer Bookcase (schema ${current}, this one knows ${MASTER_LATEST_VERSION}). Update the master before opening it.`,
    );
  }
  for (const migration of MASTER_MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    onStep({ version: migration.version, name: migration.name });
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
