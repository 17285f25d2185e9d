// Numbered schema migrations for the PostgreSQL master: pg-migrations/NNN-name.sql, applied in
// order, each in its own transaction and recorded in bookcase_schema_migrations. Several master
// processes may start at once: an advisory lock lets one migrate while the others wait.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool, PoolClient } from 'pg';
import { MasterDatabaseError } from './master-errors.js';
import { inTransaction } from './pg-pool.js';

export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const PG_MIGRATIONS_TABLE = 'bookcase_schema_migrations';
const MIGRATIONS_DIR = fileURLToPath(new URL('./pg-migrations/', import.meta.url));
/** First key of the two-key advisory lock; the second is the schema's hash. */
const MIGRATION_LOCK_SPACE = 0x424b4d01;

/** Reads the migration files; their numbers must run 1, 2, 3… without a gap or a repeat. */
export function loadPgMigrations(dir: string = MIGRATIONS_DIR): PgMigration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
      if (!match?.[1] || !match[2]) {
        throw new Error(`PostgreSQL migration ${file} must be named NNN-name.sql`);
      }
      return {
        version: Number(match[1]),
        name: match[2].replaceAll('-', ' '),
        sql: readFileSync(`${dir}/${file}`, 'utf8'),
      };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`PostgreSQL migration ${migration.version} is out of order`);
    }
  });
  return migrations;
}

export const PG_LATEST_VERSION = loadPgMigrations().length;

async function hasMigrationsTable(client: Pool | PoolClient): Promise<boolean> {
  const exists = await client.query<{ found: boolean }>(
    `SELECT to_regclass(quote_ident(current_schema()) || '.${PG_MIGRATIONS_TABLE}') IS NOT NULL AS found`,
  );
  return exists.rows[0]?.found === true;
}

export async function pgSchemaVersion(client: Pool | PoolClient): Promise<number> {
  if (!(await hasMigrationsTable(client))) return 0;
  const result = await client.query<{ version: number }>(
    `SELECT coalesce(max(version), 0)::bigint AS version FROM ${PG_MIGRATIONS_TABLE}`,
  );
  return result.rows[0]?.version ?? 0;
}

/** A schema that already holds tables but was never migrated by us belongs to something else. */
async function claimSchema(client: PoolClient): Promise<void> {
  const schema = await client.query<{ name: string | null; tables: number }>(
    `SELECT current_schema() AS name,
       (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()) AS tables`,
  );
  const row = schema.rows[0];
  if (!row?.name) {
    throw new MasterDatabaseError(
      'The database URL selects no existing schema (check search_path in its options); create the schema first, e.g. CREATE SCHEMA bookcase.',
    );
  }
  if (row.tables > 0 && !(await hasMigrationsTable(client))) {
    throw new MasterDatabaseError(
      `Schema "${row.name}" already holds other tables and is not a Bookcase master database. Give the master its own database or schema.`,
    );
  }
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${PG_MIGRATIONS_TABLE} (
       version integer PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
}

/** Serialises migrators of one schema until the end of the current transaction. */
async function lockMigrations(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), $2)))', [
    MIGRATION_LOCK_SPACE,
    '',
  ]);
}

/**
 * Brings the schema to `target` (default: latest). Each step is one transaction that takes the
 * migration lock and re-reads the version, so processes starting together apply each migration
 * once; transaction-level locks also work through a transaction-pooling proxy (PgBouncer).
 */
export async function migratePg(pool: Pool, target: number = PG_LATEST_VERSION): Promise<void> {
  const migrations = loadPgMigrations();
  await inTransaction(pool, async (client) => {
    await lockMigrations(client);
    await claimSchema(client);
    const current = await pgSchemaVersion(client);
    if (current > migrations.length) {
      throw new MasterDatabaseError(
        `This master database was written by a newer Bookcase (schema ${current}, this one knows ${migrations.length}). Update the master before opening it.`,
      );
    }
  });
  for (const migration of migrations) {
    if (migration.version > target) break;
    await inTransaction(pool, async (client) => {
      await lockMigrations(client);
      if ((await pgSchemaVersion(client)) >= migration.version) return;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${PG_MIGRATIONS_TABLE} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    });
  }
}
