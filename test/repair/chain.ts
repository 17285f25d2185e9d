// A small chain for repair tests: a real master on loopback (SQLite or PostgreSQL) with a few demo
// titles, and enrolled registers on their own data folders, all closed and removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { demoCatalog } from '../../app/catalog/demo-catalog.js';
import { Register } from '../../app/register/register.js';
import {
  issueCode,
  startMaster,
  testStorageKind,
  type AnyTestMaster,
  type StorageKind,
} from '../master/helpers.js';

export const TITLES = demoCatalog(5).map(({ stock: _stock, ...title }) => title);
export const [X = '', Y = ''] = TITLES.map((title) => title.isbn);

export interface Chain {
  start(): Promise<AnyTestMaster>;
  till(storeId?: string, mode?: 'strong' | 'eventual'): Promise<Register>;
  /** Replaces a register by a fresh open of its data folder (a restart). */
  reopen(register: Register): Promise<Register>;
}

/** Declares the chain's clean-up for the enclosing suite; its master runs on `kind`. */
export function useChain(kind: StorageKind = testStorageKind()): Chain {
  let master: AnyTestMaster | undefined;
  const open = new Map<Register, string>();
  afterEach(async () => {
    for (const [register, dir] of open) {
      await register.close();
      rmSync(dir, { recursive: true, force: true });
    }
    open.clear();
    await master?.close();
    master = undefined;
  });
  const current = (): AnyTestMaster => {
    if (!master) throw new Error('start() the chain first');
    return master;
  };
  return {
    async start() {
      master = await startMaster({ storage: kind });
      await master.storage.upsertTitles(TITLES);
      return master;
    },
    async till(storeId = 'uptown', mode = 'eventual') {
      const at = current();
      const dir = mkdtempSync(join(tmpdir(), 'bookcase-repair-'));
      const register = Register.open({ dataDir: dir, storeId, masterTimeoutMs: 1_000 });
      open.set(register, dir);
      await register.enrol({
        masterUrl: at.url,
        code: await issueCode(at.storage, storeId),
        registerName: `Till ${open.size}`,
      });
      register.setMode(mode);
      return register;
    },
    async reopen(register) {
      const dir = open.get(register);
      if (!dir) throw new Error('not a register of this chain');
      await register.close();
      open.delete(register);
      const again = Register.open({ dataDir: dir, masterTimeoutMs: 1_000 });
      open.set(again, dir);
      return again;
    },
  };
}
