// The PostgreSQL group commit queue, driven by a fake group runner: no database needed.
import { describe, expect, it } from 'vitest';
import { CommitFailedError, StorageClosedError } from '../../app/master/master-errors.js';
import { PgCommitQueue, type Outcome } from '../../app/master/pg-commit-queue.js';
import { DatabaseUnavailableError } from '../../app/master/pg-errors.js';

function deferred() {
  let release = () => {};
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('PgCommitQueue', () => {
  it('groups what arrives while a commit is in flight into the next commit', async () => {
    const groups: number[][] = [];
    const gate = deferred();
    const queue = new PgCommitQueue<number, number>(async (items) => {
      groups.push([...items]);
      if (groups.length === 1) await gate.promise;
      return items.map((item): Outcome<number> => ({ ok: true, value: item * 10 }));
    });
    const first = queue.enqueue(1);
    await new Promise((resolve) => setImmediate(resolve));
    // The first group is in flight; these wait together for the next one.
    const later = [2, 3, 4, 5].map((item) => queue.enqueue(item));
    gate.release();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40, 50]);
    expect(groups).toEqual([[1], [2, 3, 4, 5]]);
    expect(queue.commits).toBe(2);
    expect(queue.batches).toBe(5);
  });

  it('caps a group by weight so one transaction stays bounded', async () => {
    const groups: number[][] = [];
    const queue = new PgCommitQueue<number, number>(
      (items) => {
        groups.push([...items]);
        return Promise.resolve(items.map((item) => ({ ok: true as const, value: item })));
      },
      { maxWeight: 10, weigh: (item) => item },
    );
    await Promise.all([6, 4, 3, 20, 1].map((item) => queue.enqueue(item)));
    // A single item heavier than the cap still goes through, alone.
    expect(groups).toEqual([[6, 4], [3], [20], [1]]);
  });

  it('rejects only the refused item of a group', async () => {
    const queue = new PgCommitQueue<string, string>((items) =>
      Promise.resolve(
        items.map((item) =>
          item === 'bad' ? { ok: false, error: new Error('refused') } : { ok: true, value: item },
        ),
      ),
    );
    const results = await Promise.allSettled(['a', 'bad', 'b'].map((item) => queue.enqueue(item)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('retries each item alone when a group transaction fails, so only the culprit fails', async () => {
    const calls: string[][] = [];
    const queue = new PgCommitQueue<string, string>((items) => {
      calls.push([...items]);
      if (items.includes('poison')) return Promise.reject(new Error('check constraint violated'));
      return Promise.resolve(items.map((item) => ({ ok: true as const, value: item })));
    });
    const results = await Promise.allSettled(
      ['a', 'poison', 'b'].map((item) => queue.enqueue(item)),
    );
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'a' });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'b' });
    expect(results[1]).toMatchObject({ status: 'rejected' });
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(CommitFailedError);
    expect(calls).toEqual([['a', 'poison', 'b'], ['a'], ['poison'], ['b']]);
  });

  it('fails a whole group as unavailable (503) when the database cannot be reached', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), {
      code: 'ECONNREFUSED',
    });
    let calls = 0;
    const queue = new PgCommitQueue<string, string>(() => {
      calls += 1;
      return Promise.reject(lost);
    });
    const results = await Promise.allSettled(['a', 'b'].map((item) => queue.enqueue(item)));
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);
    }
    // No point retrying item by item against a database that is not there.
    expect(calls).toBe(1);
    expect(queue.commits).toBe(0);
  });

  it('commits what is queued on close and refuses anything later', async () => {
    const queue = new PgCommitQueue<number, number>((items) =>
      Promise.resolve(items.map((item) => ({ ok: true as const, value: item }))),
    );
    const queued = queue.enqueue(7);
    await queue.close();
    expect(await queued).toBe(7);
    await expect(queue.enqueue(8)).rejects.toBeInstanceOf(StorageClosedError);
  });
});
