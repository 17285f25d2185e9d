import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadMemo, readColumnsAsJson } from '../../app/ledger/read-memo.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDb(): { path: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'read-memo-'));
  dirs.push(dir);
  const path = join(dir, 'memo.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
  db.prepare('INSERT INTO t (n) VALUES (1)').run();
  return { path, db };
}

describe('ReadMemo', () => {
  it('reads once while nothing changed, and again after any write', () => {
    const { db } = fileDb();
    const memo = new ReadMemo<number[]>(db);
    let reads = 0;
    const read = () => {
      reads += 1;
      return db.prepare<[], number>('SELECT n FROM t ORDER BY n').pluck().all();
    };
    expect(memo.get('k', read)).toEqual([1]);
    expect(memo.get('k', read)).toEqual([1]);
    expect(reads).toBe(1);
    expect(memo.get('other', read)).toEqual([1]);
    expect(reads).toBe(2);
    db.prepare('INSERT INTO t (n) VALUES (2)').run();
    expect(memo.get('other', read)).toEqual([1, 2]);
    expect(reads).toBe(3);
    db.close();
  });

  it('reads again after another connection commits', () => {
    const { path, db } = fileDb();
    const memo = new ReadMemo<number[]>(db);
    const read = () => db.prepare<[], number>('SELECT n FROM t ORDER BY n').pluck().all();
    expect(memo.get('k', read)).toEqual([1]);
    const other = new Database(path);
    other.prepare('INSERT INTO t (n) VALUES (3)').run();
    other.close();
    expect(memo.get('k', read)).toEqual([1, 3]);
    db.close();
  });

  it('keeps nothing read inside a transaction, which a rollback could undo unseen', () => {
    const { db } = fileDb();
    const memo = new ReadMemo<number[]>(db);
    const read = () => db.prepare<[], number>('SELECT n FROM t ORDER BY n').pluck().all();
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t (n) VALUES (9)').run();
        expect(memo.get('k', read)).toEqual([1, 9]);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(memo.get('k', read)).toEqual([1]);
    db.close();
  });
});

describe('readColumnsAsJson', () => {
  it('gives the same values as better-sqlite3, column by column, whatever the text holds', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE r (k INTEGER PRIMARY KEY, s TEXT, n INTEGER, j TEXT)');
    const texts = ['plain', 'quote " and \\ backslash', 'line\nbreak\ttab', 'émoji 📚 ü', '', null];
    const insert = db.prepare('INSERT INTO r (k, s, n, j) VALUES (?, ?, ?, ?)');
    texts.forEach((text, index) => insert.run(index, text, index * -7, '{"a":1}'));
    const select = 'SELECT s, n, j FROM r ORDER BY k DESC';
    const rows = db.prepare(select).raw(true).all() as unknown[][];
    expect(readColumnsAsJson(db, ['s', 'n', 'j'], select)).toEqual([
      rows.map((row) => row[0]),
      rows.map((row) => row[1]),
      rows.map((row) => row[2]),
    ]);
    // A stored JSON text comes back as the text, not parsed.
    expect(readColumnsAsJson(db, ['j'], 'SELECT j FROM r WHERE k = ?', 0)).toEqual([['{"a":1}']]);
    expect(readColumnsAsJson(db, ['s', 'n'], 'SELECT s, n FROM r WHERE k < 0')).toEqual([[], []]);
    db.close();
  });
});
