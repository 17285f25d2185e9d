// Which storage a suite that follows BOOKCASE_TEST_STORAGE gets.
import { afterEach, describe, expect, it } from 'vitest';
import { hasTestPostgres } from '../pg/pg-schema.js';
import { testStorageKind } from './test-database.js';

const saved = process.env.BOOKCASE_TEST_STORAGE;
afterEach(() => {
  if (saved === undefined) delete process.env.BOOKCASE_TEST_STORAGE;
  else process.env.BOOKCASE_TEST_STORAGE = saved;
});

describe('testStorageKind', () => {
  it('is SQLite unless BOOKCASE_TEST_STORAGE says otherwise', () => {
    delete process.env.BOOKCASE_TEST_STORAGE;
    expect(testStorageKind()).toBe('sqlite');
    process.env.BOOKCASE_TEST_STORAGE = 'sqlite';
    expect(testStorageKind()).toBe('sqlite');
  });

  it('is PostgreSQL when asked, and only with a test database to use', () => {
    process.env.BOOKCASE_TEST_STORAGE = 'postgres';
    if (hasTestPostgres()) expect(testStorageKind()).toBe('postgres');
    else expect(() => testStorageKind()).toThrow(/BOOKCASE_TEST_PG_URL/);
  });

  it('refuses anything else by name', () => {
    process.env.BOOKCASE_TEST_STORAGE = 'mysql';
    expect(() => testStorageKind()).toThrow(/sqlite or postgres, not "mysql"/);
  });
});
