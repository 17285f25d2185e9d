// Which database the master uses: SQLite in --data DIR (the default), or PostgreSQL when a URL is
// given with --database or BOOKCASE_MASTER_DATABASE_URL. Every command goes through here, so serve
// and the operator commands always agree on where the chain lives.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MasterDatabaseError } from './master-errors.js';
import type { MasterMigrationStep } from './migrations/index.js';
import { isPostgresUrl, redactedUrl } from './pg-pool.js';
import { PgMasterStorage } from './pg-storage.js';
import { SqliteMasterStorage } from './sqlite-storage.js';
import type { MasterStorage } from './storage.js';

export const DATABASE_URL_ENV = 'BOOKCASE_MASTER_DATABASE_URL';
/** Connections each master process may open to PostgreSQL (default 10). */
export const POOL_SIZE_ENV = 'BOOKCASE_MASTER_PG_POOL_SIZE';

export interface StorageLocation {
  /** SQLite: the directory holding master.db. */
  dataDir: string;
  /** PostgreSQL: when set, the master uses it and ignores dataDir. */
  databaseUrl?: string | undefined;
  /** SQLite: told before each pending schema migration runs. */
  onMigration?: ((step: MasterMigrationStep) => void) | undefined;
}

/** --database wins over the environment; an empty value means "not set". */
export function databaseUrlFrom(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const url = flag ?? env[DATABASE_URL_ENV];
  if (url === undefined || url === '') return undefined;
  if (!isPostgresUrl(url)) {
    throw new MasterDatabaseError(
      `--database (or ${DATABASE_URL_ENV}) must be a postgres:// or postgresql:// URL, not "${redactedUrl(url)}"`,
    );
  }
  return url;
}

function poolSizeFrom(env: NodeJS.ProcessEnv): number | undefined {
  const text = env[POOL_SIZE_ENV];
  if (text === undefined || text === '') return undefined;
  const size = Number(text);
  if (!/^\d+$/.test(text) || size < 2 || size > 1_000) {
    throw new MasterDatabaseError(
      `${POOL_SIZE_ENV} must be a whole number from 2 to 1000, not "${text}"`,
    );
  }
  return size;
}

export async function openMasterStorage(
  location: StorageLocation,
  env: NodeJS.ProcessEnv = process.env,
): Promise<MasterStorage> {
  if (location.databaseUrl) {
    return PgMasterStorage.open({ url: location.databaseUrl, poolSize: poolSizeFrom(env) });
  }
  const dir = resolve(location.dataDir);
  mkdirSync(dir, { recursive: true });
  const { onMigration } = location;
  return SqliteMasterStorage.open({
    path: join(dir, 'master.db'),
    ...(onMigration ? { onMigration } : {}),
  });
}

/** For logs: where the chain lives, with any password hidden. */
export function describeLocation(location: StorageLocation): Record<string, string> {
  return location.databaseUrl
    ? { database: redactedUrl(location.databaseUrl) }
    : { dataDir: resolve(location.dataDir) };
}
