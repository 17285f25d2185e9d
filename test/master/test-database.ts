// A fresh master database of either kind for one test: a SQLite file in a temp dir, or a schema of
// its own in the test PostgreSQL. Tests open storages on it, point CLI processes at it, and read it
// back through an inspector, the same way for both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { MasterStorage } from '../../app/master/storage.js';
import { createTestSchema, hasTestPostgres, PG_SKIP_REASON } from '../pg/pg-schema.js';
import { pgInspector, sqliteInspector, type MasterInspector } from './inspect.js';

export type StorageKind = 'sqlite' | 'postgres';
export const STORAGE_KINDS: readonly StorageKind[] = ['sqlite', 'postgres'];

/**
 * The storage a suite that is not parametrized itself should use: BOOKCASE_TEST_STORAGE=postgres
 * (with BOOKCASE_TEST_PG_URL) runs it against PostgreSQL; the default is SQLite.
 */
export function testStorageKind(): StorageKind {
  const value = process.env.BOOKCASE_TEST_STORAGE ?? 'sqlite';
  if (value !== 'sqlite' && value !== 'postgres') {
    throw new Error(`BOOKCASE_TEST_STORAGE must be sqlite or postgres, not "${value}"`);
  }
  if (value === 'postgres' && !hasTestPostgres()) {
    throw new Error(
      `BOOKCASE_TEST_STORAGE=postgres needs BOOKCASE_TEST_PG_URL (${PG_SKIP_REASON})`,
    );
  }
  return value;
}

/** Whether tests of this kind can run here; PostgreSQL needs BOOKCASE_TEST_PG_URL. */
export function storageAvailable(kind: StorageKind): boolean {
  return kind === 'sqlite' || hasTestPostgres();
}

/** The suite's title, saying why it is skipped when it must be. */
export function storageSuiteName(name: string, kind: StorageKind): string {
  return storageAvailable(kind) ? `${name} [${kind}]` : `${name} [${kind}] (${PG_SKIP_REASON})`;
}

export interface TestDatabase {
  kind: StorageKind;
  /** A temp dir of the test's own; the SQLite file lives in it. */
  dir: string;
  /** The SQLite file; '' for PostgreSQL. */
  dbPath: string;
  /** The PostgreSQL URL selecting the test's schema; undefined for SQLite. */
  databaseUrl: string | undefined;
  /** What to append to a `master` command line to use this database. */
  cliArgs: string[];
  /** A new storage on this database: a restarted master, or another master process. */
  open(options?: { clock?: () => Date }): Promise<MasterStorage>;
  inspect: MasterInspector;
  dispose(): Promise<void>;
}

export async function createTestDatabase(kind: StorageKind): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bookcase-master-'));
  if (kind === 'sqlite') {
    const dbPath = join(dir, 'master.db');
    const inspect = sqliteInspector(dbPath);
    return {
      kind,
      dir,
      dbPath,
      databaseUrl: undefined,
      cliArgs: ['--data', dir],
      open: (options = {}) =>
        Promise.resolve(SqliteMasterStorage.open({ path: dbPath, ...options })),
      inspect,
      dispose: async () => {
        await inspect.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = await createTestSchema();
  const inspect = pgInspector(schema.url);
  return {
    kind,
    dir,
    dbPath: '',
    databaseUrl: schema.url,
    cliArgs: ['--data', dir, '--database', schema.url],
    // Small pools: many tests and "processes" share one test cluster.
    open: (options = {}) => PgMasterStorage.open({ url: schema.url, poolSize: 4, ...options }),
    inspect,
    dispose: async () => {
      await inspect.close();
      await schema.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
