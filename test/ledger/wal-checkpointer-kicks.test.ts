// The writer wakes the checkpoint worker only when a pass is due: a commit that leaves fewer frames
// than the threshold does not wake it (on 2 busy cores each wake cost the writer ~0.1 ms), and one
// that crosses it does, so a pass runs at once even when the worker would not look on its own for
// a minute.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { WalCheckpointer } from '../../app/ledger/wal-checkpointer.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

it('wakes the worker only once the frames waiting reach the threshold', async () => {
  const path = join(tempDir(), 'file.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const checkpointer = new WalCheckpointer({ db, path, thresholdFrames: 40, pollMs: 60_000 });
  try {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commit = (rows: number) => {
      db.transaction(() => {
        for (let row = 0; row < rows; row += 1) insert.run('x'.repeat(2_000));
      })();
      checkpointer.afterCommit();
    };
    for (let small = 0; small < 10; small += 1) commit(1);
    expect(checkpointer.stats().kicks).toBe(0);
    expect(checkpointer.stats().passes).toBe(0);

    // About a page a row: this commit leaves well over 40 frames waiting.
    commit(80);
    expect(checkpointer.stats().kicks).toBe(1);
    const deadline = Date.now() + 5_000;
    while (checkpointer.stats().passes === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(checkpointer.stats().passes).toBeGreaterThan(0);
  } finally {
    await checkpointer.close();
    db.close();
  }
});
