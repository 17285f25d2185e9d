// PostgreSQL schema migrations: numbered files applied in order, each once, recorded; several
// processes starting at once migrate once; a database that is not ours, or is newer, is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MasterDatabaseError } from '../../app/master/master-errors.js';
import { loadPgMigrations, PG_LATEST_VERSION } from '../../app/master/pg-migrate.js';
import { createPgPool } from '../../app/master/pg-pool.js';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import {
  createTestSchema,
  hasTestPostgres,
  PG_SKIP_REASON,
  urlForSchema,
  type TestSchema,
} from './pg-schema.js';

describe('PostgreSQL migration files', () => {
  it('are numbered 001, 002… without a gap, each named for what it adds', () => {
    const migrations = loadPgMigrations();
    expect(migrations.map((migration) => migration.version)).toEqual(
      Array.from({ length: PG_LATEST_VERSION }, (_, index) => index + 1),
    );
    expect(migrations.map((migration) => migration.name)).toEqual([
      'event log',
      'catalog',
      'registers',
      'register contacts',
    ]);
  });

  it('refuses a folder whose numbering skips', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bookcase-pg-migrations-'));
    try {
      writeFileSync(join(dir, '001-first.sql'), 'SELECT 1;');
      writeFileSync(join(dir, '003-third.sql'), 'SELECT 1;');
      expect(() => loadPgMigrations(dir)).toThrow(/out of order/);
      writeFileSync(join(dir, '2-bad name.sql'), 'SELECT 1;');
      expect(() => loadPgMigrations(dir)).toThrow(/NNN-name\.sql/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasTestPostgres())(
  `PostgreSQL schema migrations${hasTestPostgres() ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    let schema: TestSchema;
    beforeEach(async () => {
      schema = await createTestSchema();
    });
    afterEach(async () => {
      await schema.drop();
    });

    async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const pool = createPgPool({ url: schema.url, max: 1 });
      try {
        return (await pool.query<T>(sql, params)).rows;
      } finally {
        await pool.end();
      }
    }
    const tables = async () =>
      (
        await query<{ name: string }>(
          `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()
           ORDER BY tablename`,
        )
      ).map((row) => row.name);
    const recorded = async () =>
      (
        await query<{ version: number }>(
          'SELECT version FROM bookcase_schema_migrations ORDER BY version',
        )
      ).map((row) => row.version);

    it('applies each migration in order, once, step by step, recording each', async () => {
      await (await PgMasterStorage.open({ url: schema.url, schemaVersion: 1 })).close();
      expect(await recorded()).toEqual([1]);
      expect(await tables()).toEqual([
        'bookcase_schema_migrations',
        'events',
        'feed_head',
        'held',
        'stock',
      ]);
      expect(await query('SELECT master_seq FROM feed_head')).toEqual([{ master_seq: 0 }]);

      await (await PgMasterStorage.open({ url: schema.url, schemaVersion: 2 })).close();
      expect(await recorded()).toEqual([1, 2]);
      expect(await tables()).toContain('titles');

      await (await PgMasterStorage.open({ url: schema.url })).close();
      await (await PgMasterStorage.open({ url: schema.url })).close();
      expect(await recorded()).toEqual([1, 2, 3, 4]);
      expect(await tables()).toEqual(
        expect.arrayContaining([
          'registers',
          'register_origins',
          'enrolment_codes',
          'register_contacts',
        ]),
      );
    });

    it('migrates once when several master processes start together on an empty schema', async () => {
      const opened = await Promise.all(
        Array.from({ length: 5 }, () => PgMasterStorage.open({ url: schema.url, poolSize: 2 })),
      );
      await Promise.all(opened.map((storage) => storage.close()));
      expect(await recorded()).toEqual([1, 2, 3, 4]);
    });

    it('refuses a schema that already holds someone else’s tables, changing nothing', async () => {
      await query('CREATE TABLE invoices (id integer PRIMARY KEY)');
      const opening = PgMasterStorage.open({ url: schema.url });
      await expect(opening).rejects.toBeInstanceOf(MasterDatabaseError);
      await expect(opening).rejects.toThrow(/not a Bookcase master database/);
      expect(await tables()).toEqual(['invoices']);
    });

    it('refuses a database written by a newer Bookcase', async () => {
      await (await PgMasterStorage.open({ url: schema.url })).close();
      await query("INSERT INTO bookcase_schema_migrations (version, name) VALUES (99, 'future')");
      await expect(PgMasterStorage.open({ url: schema.url })).rejects.toThrow(/newer Bookcase/);
    });

    it('names the missing schema when the URL selects one that does not exist', async () => {
      await expect(
        PgMasterStorage.open({ url: urlForSchema(`${schema.name}_missing`) }),
      ).rejects.toThrow(/CREATE SCHEMA/);
    });

    it('refuses a session that would acknowledge commits before they are on disk', async () => {
      const url = new URL(schema.url);
      url.searchParams.set('options', `-c search_path=${schema.name} -c synchronous_commit=off`);
      await expect(PgMasterStorage.open({ url: url.toString() })).rejects.toThrow(
        /synchronous_commit = off/,
      );
      expect(await tables()).toEqual([]);
    });
  },
);
