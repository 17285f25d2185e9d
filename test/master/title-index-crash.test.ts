// SIGKILL of a SQLite master while nearly every write moves a slice of its title index: the file
// reopens with every acknowledged event, each indexed exactly once, and stock that matches a fold.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { newOriginId } from './helpers.js';

const CHILD = path.join(import.meta.dirname, '../helpers/title-index-child.ts');
const tempDir = useTempDirs();

/** Runs the child until it has acknowledged `writes` writes, then kills it; the last seq it saw held. */
function pushThenKill(file: string, originId: string, writes: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, originId], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let acknowledged = 0;
  let held = 0;
  let buffered = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        held = Number(line.split(' ')[1]);
        acknowledged += 1;
        if (acknowledged === writes) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(held);
      else reject(new Error(`the child stopped by itself (${String(signal)})`));
    });
  });
}

it('keeps every acknowledged event indexed exactly once when killed mid-write', async () => {
  const file = path.join(tempDir(), 'master.db');
  const originId = newOriginId();
  const held = await pushThenKill(file, originId, 400);
  const storage = SqliteMasterStorage.open({ path: file });
  try {
    const db = storage.db;
    const logged = db.prepare('SELECT store_id, isbn, master_seq FROM events ORDER BY 3').all();
    const indexed = db
      .prepare('SELECT store_id, isbn, master_seq FROM title_index ORDER BY 3')
      .all();
    const { top } = db.prepare('SELECT max(seq) AS top FROM events').get() as { top: number };
    // Acknowledged means committed: the kill may only have cut the write after the last answer.
    expect(top).toBeGreaterThanOrEqual(held);
    expect(indexed).toEqual(logged);
    const recent = db.prepare('SELECT count(*) AS n FROM title_index_recent').get() as {
      n: number;
    };
    const settled = db.prepare('SELECT count(*) AS n FROM title_index_settled').get() as {
      n: number;
    };
    // Slices had moved: both tiers hold entries, and the reads below span them.
    expect(recent.n).toBeGreaterThan(0);
    expect(settled.n).toBeGreaterThan(0);
    expect(storage.checkStock()).toEqual([]);
  } finally {
    await storage.close();
  }
});
