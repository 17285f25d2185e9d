// A repair's writes commit without waiting for the disk, and only those: the connection is back to
// synchronous=FULL for everything after, whatever happened inside.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { commitReDerivable } from '../../app/repair/re-derivable-commit.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const FULL = 2;
const NORMAL = 1;

describe('commitReDerivable', () => {
  const tempDir = useTempDirs();

  function diskLedger(): { ledger: Ledger; file: string } {
    const file = path.join(tempDir(), 'uptown.db');
    return { ledger: Ledger.open({ path: file, storeId: 'uptown' }), file };
  }

  const synchronous = (ledger: Ledger) => ledger.db.pragma('synchronous', { simple: true });
  const note = (ledger: Ledger, key: string) =>
    ledger.db.prepare("INSERT INTO meta (key, value) VALUES (?, '1')").run(key);

  it('commits with synchronous=NORMAL, visible to another connection, then restores FULL', () => {
    const { ledger, file } = diskLedger();
    try {
      const seen = commitReDerivable(ledger, () => {
        note(ledger, 'bench.a');
        return synchronous(ledger);
      });
      expect(seen).toBe(NORMAL);
      expect(synchronous(ledger)).toBe(FULL);
      const other = new Database(file, { readonly: true });
      try {
        expect(other.prepare("SELECT value FROM meta WHERE key = 'bench.a'").get()).toEqual({
          value: '1',
        });
      } finally {
        other.close();
      }
    } finally {
      ledger.close();
    }
  });

  it('rolls back and restores FULL when the work throws', () => {
    const { ledger } = diskLedger();
    try {
      expect(() =>
        commitReDerivable(ledger, () => {
          note(ledger, 'bench.b');
          throw new Error('the master answered nonsense');
        }),
      ).toThrow('the master answered nonsense');
      expect(synchronous(ledger)).toBe(FULL);
      expect(ledger.db.prepare("SELECT 1 FROM meta WHERE key = 'bench.b'").get()).toBe(undefined);
    } finally {
      ledger.close();
    }
  });

  it("inside a caller's transaction keeps the caller's durability", () => {
    const { ledger } = diskLedger();
    try {
      const seen = ledger.transaction(() =>
        commitReDerivable(ledger, () => {
          note(ledger, 'bench.c');
          return synchronous(ledger);
        }),
      );
      expect(seen).toBe(FULL);
      expect(synchronous(ledger)).toBe(FULL);
    } finally {
      ledger.close();
    }
  });
});
