// Group commit for a synchronous SQLite connection. An fsync per request would cap the master at a
// few hundred pushes a second; instead every write queued during one turn of the event loop is run
// in ONE transaction, so one fsync makes them all durable. Each write runs in its own SAVEPOINT:
// one that throws (a conflict, a gap) is rolled back alone and the others still commit.
import type { SqliteDatabase } from '../ledger/database.js';
import { CommitFailedError, StorageClosedError } from './master-errors.js';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class CommitQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private commitCount = 0;
  private workCount = 0;

  // Built once: better-sqlite3 compiles a new wrapper (and its BEGIN/SAVEPOINT statements) on
  // every db.transaction() call, which cost more than a strong sale's own statements.
  private readonly group: ReturnType<SqliteDatabase['transaction']>;
  private readonly savepoint: ReturnType<SqliteDatabase['transaction']>;

  constructor(
    private readonly db: SqliteDatabase,
    /** Runs after each group's COMMIT, outside the transaction (the WAL checkpointer's kick). */
    private readonly afterCommit: () => void = () => {},
  ) {
    this.group = db.transaction((batch: Pending[], outcomes: Outcome[]) => {
      for (const item of batch) {
        try {
          // A transaction function nested in another runs as a SAVEPOINT in better-sqlite3.
          outcomes.push({ ok: true, value: this.savepoint(item.work) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
    this.savepoint = db.transaction((work: () => unknown) => work());
  }

  /**
   * Runs `work` inside the next group transaction. Resolves with its result only after that
   * transaction committed; rejects with what `work` threw (its writes undone), or with
   * CommitFailedError when the commit itself failed.
   */
  enqueue<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new StorageClosedError());
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the poll phase, so requests whose bytes arrived in the same
        // loop turn have all been parsed and queued by then.
        setImmediate(() => this.flush());
      }
    });
  }

  get commits(): number {
    return this.commitCount;
  }

  /** Work items that reached a transaction, whether they succeeded or not. */
  get batches(): number {
    return this.workCount;
  }

  /** Commits everything queued now, synchronously. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const outcomes: Outcome[] = [];
    try {
      this.group.immediate(batch, outcomes);
    } catch (error) {
      for (const item of batch) item.reject(new CommitFailedError(error));
      return;
    }
    this.commitCount += 1;
    this.workCount += batch.length;
    this.afterCommit();
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome ? outcome.error : new CommitFailedError('no outcome'));
    });
  }

  /** Commits what is queued and refuses anything later. */
  close(): void {
    this.closed = true;
    this.flush();
  }
}
