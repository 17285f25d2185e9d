// `master serve` over a database an earlier master wrote: it upgrades the schema before it listens
// and logs each step first, so an operator watching a slow start of a large master sees why.
import path from 'node:path';
import { expect, it } from 'vitest';
import { openMasterDatabase } from '../../app/master/master-database.js';
import { MASTER_LATEST_VERSION, masterSchemaVersion } from '../../app/master/migrations/index.js';
import { spawnMasterServe } from '../helpers/master-serve.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

it('logs each migration before it runs, then serves the upgraded database', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'master.db');
  const v6 = openMasterDatabase({ path: file, schemaVersion: 6 });
  v6.prepare(
    `INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, received_at)
     VALUES ('a', 1, '001700000000000.00000', 'uptown', '9780306406157', 'SALE', '{}', 'now')`,
  ).run();
  v6.close();

  const master = await spawnMasterServe(['--data', dir, '--port', '0'], process.env);
  const steps = master.output
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; schema?: number; migration?: string }];
      } catch {
        return [];
      }
    })
    .filter((entry) => entry.msg === 'upgrading the master database');
  const ready = master.output.findIndex((line) => line.includes('"master ready"'));
  expect(await master.stop()).toBe(0);

  expect(steps.map(({ schema, migration }) => ({ schema, migration }))).toEqual(
    Array.from({ length: MASTER_LATEST_VERSION - 6 }, (_, index) => ({
      schema: 7 + index,
      migration: expect.any(String) as string,
    })),
  );
  expect(steps[0]?.migration).toBe('title index in two tiers');
  expect(ready).toBeGreaterThan(master.output.findIndex((line) => line.includes('upgrading')));
  const db = openMasterDatabase({ path: file });
  try {
    expect(masterSchemaVersion(db)).toBe(MASTER_LATEST_VERSION);
    expect(db.prepare('SELECT master_seq FROM title_index').raw(true).all()).toEqual([[1]]);
  } finally {
    db.close();
  }
});
