// The PostgreSQL master looks up the tokens of requests arriving together in one query: each
// request must still get its own register (or none), and a revocation must show at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../app/master/credentials.js';
import type { PgMasterStorage } from '../../app/master/pg-storage.js';
import { enrol, startMaster, type AnyTestMaster } from './helpers.js';
import { storageAvailable, storageSuiteName } from './test-database.js';

describe.skipIf(!storageAvailable('postgres'))(
  storageSuiteName('token lookups arriving together', 'postgres'),
  () => {
    let master: AnyTestMaster;

    beforeEach(async () => {
      master = await startMaster({ storage: 'postgres' });
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await master.close();
    });

    it('answers each lookup with its own register in one query, and a revocation at once', async () => {
      const tills = [
        await enrol(master, 'uptown'),
        await enrol(master, 'uptown'),
        await enrol(master, 'uptown'),
      ];
      const storage = master.storage as PgMasterStorage;
      const queries = vi.spyOn(storage.pool, 'query');
      const hashes = [...tills.map((till) => sha256(till.token)), sha256('not a token')];
      const found = await Promise.all(hashes.map((hash) => storage.registerByTokenHash(hash)));
      expect(found.map((register) => register?.registerId)).toEqual([
        ...tills.map((till) => till.registerId),
        undefined,
      ]);
      expect(found.map((register) => register?.origins)).toEqual([
        ...tills.map((till) => [till.originId]),
        undefined,
      ]);
      expect(queries).toHaveBeenCalledTimes(1);

      const [first, second] = tills;
      if (!first || !second) throw new Error('no tills');
      await storage.revokeRegister(first.registerId, new Date().toISOString());
      const [revoked, active] = await Promise.all([
        storage.registerByTokenHash(sha256(first.token)),
        storage.registerByTokenHash(sha256(second.token)),
      ]);
      expect(revoked?.revokedAt).not.toBeNull();
      expect(active?.revokedAt).toBeNull();
    });
  },
);
