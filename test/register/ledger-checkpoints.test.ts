// The register opens its ledger with WAL checkpoints in a worker thread (a sale never copies the WAL
// inside its COMMIT), and closing the register ends the worker before the ledger's own close, so the
// file left behind is the whole ledger with no WAL beside it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Register } from '../../app/register/register.js';
import { recordSale } from '../../app/ledger/sales.js';
import { demoIsbn, seedTitles, deliver } from '../helpers/ledgers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bookcase-register-wal-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('checkpoints in a worker while open, and leaves no WAL once closed', async () => {
  const register = Register.open({ dataDir: dir, storeId: 'uptown' });
  const { ledger } = register;
  // The writer's own automatic checkpoint is off: the worker does it.
  expect(ledger.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  seedTitles(ledger, 3);
  deliver(ledger, demoIsbn(0), 5);
  recordSale(ledger, {
    cashier: 'amy',
    lines: [{ isbn: demoIsbn(0), qty: 2 }],
    payment: { method: 'card' },
  });
  await register.close();

  const path = join(dir, 'ledger.db');
  expect(existsSync(`${path}-wal`)).toBe(false);
  // The file alone holds everything: read it without the register's code.
  const file = new Database(path, { readonly: true });
  try {
    expect(file.prepare('SELECT count(*) AS n FROM receipts').get()).toEqual({ n: 1 });
    expect(file.prepare('SELECT on_hand FROM stock WHERE isbn = ?').get(demoIsbn(0))).toEqual({
      on_hand: 3,
    });
  } finally {
    file.close();
  }
});
