import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitQueue } from '../../app/master/commit-queue.js';
import { CommitFailedError, StorageClosedError } from '../../app/master/master-errors.js';

let db: Database.Database;
let queue: CommitQueue;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE item (
      name TEXT PRIMARY KEY,
      parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED
    );
  `);
  queue = new CommitQueue(db);
});
afterEach(() => db.close());

const insert =
  (name: string, parentId: number | null = null) =>
  () => {
    db.prepare('INSERT INTO item (name, parent_id) VALUES (?, ?)').run(name, parentId);
    return name;
  };
const names = () =>
  (db.prepare('SELECT name FROM item ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('CommitQueue', () => {
  it('commits work queued in one turn in one transaction, failing only the work that threw', async () => {
    const first = queue.enqueue(insert('a'));
    const failing = queue.enqueue(() => {
      insert('b')();
      throw new Error('refused');
    });
    const third = queue.enqueue(insert('c'));
    expect(names()).toEqual([]); // nothing runs before the flush
    await expect(first).resolves.toBe('a');
    await expect(failing).rejects.toThrow('refused');
    await expect(third).resolves.toBe('c');
    expect(names()).toEqual(['a', 'c']);
    expect(queue.commits).toBe(1);
    expect(queue.batches).toBe(3);
  });

  it('resolves nothing when the commit itself fails, and leaves nothing written', async () => {
    const ok = queue.enqueue(insert('a'));
    // A deferred foreign key is only checked at COMMIT, so the savepoint succeeds and COMMIT fails.
    const poison = queue.enqueue(insert('b', 42));
    await expect(ok).rejects.toBeInstanceOf(CommitFailedError);
    await expect(poison).rejects.toBeInstanceOf(CommitFailedError);
    expect(names()).toEqual([]);
    expect(queue.commits).toBe(0);
  });

  it('flushes queued work on close and refuses work after it', async () => {
    const queued = queue.enqueue(insert('a'));
    queue.close();
    expect(names()).toEqual(['a']);
    await expect(queued).resolves.toBe('a');
    await expect(queue.enqueue(insert('b'))).rejects.toBeInstanceOf(StorageClosedError);
  });

  it('starts a new transaction for work queued after a flush', async () => {
    await queue.enqueue(insert('a'));
    await queue.enqueue(insert('b'));
    expect(queue.commits).toBe(2);
  });
});
