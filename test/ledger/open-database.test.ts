// Opening a ledger file: durable pragmas, and a clear refusal (changing nothing) for a damaged
// file or one written by a newer Bookcase.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/ledger/database.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { LATEST_VERSION } from '../../app/ledger/migrations/index.js';
import { recordSale } from '../../app/ledger/sales.js';
import { deliver, demoIsbn, seedTitles } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectUserError } from '../helpers/user-error.js';

const PAGE = 4096;

/** Deterministic junk, so a failure reproduces byte for byte. */
function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('openDatabase', () => {
  const tempDir = useTempDirs();

  /** A closed, real ledger file with a catalog and some sales: several pages of tables and indexes. */
  function realLedgerFile(): string {
    const file = path.join(tempDir(), 'uptown.db');
    const ledger = Ledger.open({ path: file, storeId: 'uptown' });
    seedTitles(ledger, 60);
    for (let i = 0; i < 60; i += 1) deliver(ledger, demoIsbn(i), 3);
    for (let i = 0; i < 20; i += 1) {
      recordSale(ledger, {
        cashier: 'ana',
        lines: [{ isbn: demoIsbn(i), qty: 1 }],
        payment: { method: 'card' },
      });
    }
    ledger.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    return file;
  }

  function expectDamaged(file: string): void {
    const before = fs.readFileSync(file);
    const error = expectUserError(
      () => Ledger.open({ path: file, storeId: 'uptown' }),
      'LEDGER_DAMAGED',
      /is damaged or is not a Bookcase ledger/,
    );
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/Restore it from a backup/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  }

  it('opens on-disk ledgers in WAL mode with synchronous=FULL and foreign keys on', () => {
    const db = openDatabase({ path: path.join(tempDir(), 'x.db') });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    } finally {
      db.close();
    }
  });

  it('keeps those pragmas for a ledger reopened from disk', () => {
    const file = realLedgerFile();
    const ledger = Ledger.open({ path: file, storeId: 'uptown' });
    try {
      expect(ledger.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(ledger.db.pragma('synchronous', { simple: true })).toBe(2);
      expect(ledger.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(ledger.integrityCheck()).toBe('ok');
    } finally {
      ledger.close();
    }
  });

  const spans: [string, (size: number) => [offset: number, length: number]][] = [
    ['every page after the header', (size) => [PAGE, size - PAGE]],
    ['three pages in the middle', () => [2 * PAGE, 3 * PAGE]],
    ['the last page', (size) => [size - PAGE, PAGE]],
    ['the file header', () => [0, 100]],
  ];
  it.each(spans)('refuses a ledger with garbage over %s as LEDGER_DAMAGED', (_where, span) => {
    const file = realLedgerFile();
    const bytes = fs.readFileSync(file);
    const [offset, length] = span(bytes.length);
    garbage(length, offset + 1).copy(bytes, offset);
    fs.writeFileSync(file, bytes);
    expectDamaged(file);
  });

  it('refuses a truncated ledger as LEDGER_DAMAGED', () => {
    const file = realLedgerFile();
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2 / PAGE) * PAGE + 100);
    expectDamaged(file);
  });

  it('refuses a text file as LEDGER_DAMAGED', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'Shopping list: milk, bread, a good novel.\n'.repeat(200));
    expectDamaged(file);
  });

  it('refuses a ledger from a newer Bookcase as LEDGER_TOO_NEW, changing nothing', () => {
    const file = realLedgerFile();
    const db = openDatabase({ path: file });
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(file);
    const error = expectUserError(
      () => Ledger.open({ path: file, storeId: 'uptown' }),
      'LEDGER_TOO_NEW',
      /newer Bookcase/,
    );
    expect(error.message).toContain(`schema ${LATEST_VERSION + 1}`);
    expect(error.message).toMatch(/Update the register/);
    expectUserError(() => openDatabase({ path: file }), 'LEDGER_TOO_NEW');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
