// Each numbered migration upgrades a file written by the version before it without losing a row,
// and its new tables work. Adding a migration without a fixture here fails the first test.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/ledger/database.js';
import { Ledger } from '../../app/ledger/ledger.js';
import {
  LATEST_VERSION,
  MIGRATIONS,
  migrate,
  schemaVersion,
} from '../../app/ledger/migrations/index.js';
import { readReceipt } from '../../app/ledger/sales.js';
import {
  FIXTURE_ISBN,
  FIXTURE_ORIGIN,
  MIGRATION_FIXTURES,
  allRows,
  userTables,
} from '../helpers/migration-rows.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const versions = MIGRATIONS.map((migration) => migration.version);

function fixture(version: number) {
  const found = MIGRATION_FIXTURES[version];
  if (!found) throw new Error(`no fixture for migration ${version}: add one to migration-rows.ts`);
  return found;
}

describe('migrations', () => {
  const tempDir = useTempDirs();

  it('are numbered 1..n, and each has a fixture in this suite', () => {
    expect(versions).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
    expect(Object.keys(MIGRATION_FIXTURES).map(Number)).toEqual(versions);
  });

  it.each(versions)('migration %i keeps the rows of the version before it', (version) => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: version - 1 });
    try {
      expect(schemaVersion(db)).toBe(version - 1);
      for (let earlier = 1; earlier < version; earlier += 1) fixture(earlier).writeRows(db, file);
      const tablesBefore = userTables(db);
      const rowsBefore = allRows(db, tablesBefore);

      migrate(db, version);

      expect(schemaVersion(db)).toBe(version);
      expect(userTables(db)).toEqual([...tablesBefore, ...fixture(version).tables].sort());
      expect(allRows(db, tablesBefore)).toEqual(rowsBefore);
      // The new tables take representative rows and refuse bad ones.
      fixture(version).writeRows(db, file);
      for (const table of fixture(version).tables) {
        const { n } = db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
        expect(n, table).toBeGreaterThan(0);
      }
      const { sql, error } = fixture(version).refusedRow;
      expect(() => db.prepare(sql).run()).toThrow(error);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a file written at every version opens as a working ledger after migrating', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file, schemaVersion: 1 });
    fixture(1).writeRows(db, file);
    for (const version of versions.slice(1)) {
      migrate(db, version);
      fixture(version).writeRows(db, file);
    }
    db.close();

    const ledger = Ledger.open({ path: file, storeId: 'uptown' });
    try {
      expect(ledger.originId).toBe(FIXTURE_ORIGIN);
      expect(ledger.rotatedBecause).toBeUndefined();
      expect(ledger.vector()).toEqual({ [FIXTURE_ORIGIN]: 2 });
      expect(ledger.onHand(FIXTURE_ISBN)).toBe(3);
      expect(ledger.checkStock()).toEqual([]);
      expect(readReceipt(ledger, `${FIXTURE_ORIGIN}-000001`).lines[0]?.event).toEqual({
        originId: FIXTURE_ORIGIN,
        seq: 2,
      });
      expect(ledger.integrityCheck()).toBe('ok');
    } finally {
      ledger.close();
    }
  });

  it('running migrate again on a current file changes nothing', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = openDatabase({ path: file });
    try {
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      const schema = db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all();
      migrate(db);
      migrate(db, 1);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(db.prepare('SELECT name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
    } finally {
      db.close();
    }
  });
});
