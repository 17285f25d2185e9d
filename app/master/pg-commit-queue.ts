// Group commit for the PostgreSQL master. One group transaction is in flight per process at a time;
// requests arriving meanwhile wait and form the next group, so under load many requests share one
// commit (one WAL flush) instead of paying for one each, and the group grows with the load. Across
// processes, PostgreSQL's own group commit (commit_delay, commit_siblings) can merge flushes too.
import { CommitFailedError, StorageClosedError } from './master-errors.js';
import { DatabaseUnavailableError, isUnavailableError } from './pg-errors.js';

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Runs a group in one transaction and returns one outcome per item; throws if it did not commit. */
export type GroupRunner<I, R> = (items: readonly I[]) => Promise<Outcome<R>[]>;

interface Pending<I, R> {
  item: I;
  weight: number;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export interface PgCommitQueueOptions<I> {
  /** A group stops growing at this much weight (default: events), so a transaction stays bounded. */
  maxWeight?: number;
  weigh?: (item: I) => number;
}

function commitFailure(error: unknown): Error {
  return isUnavailableError(error)
    ? new DatabaseUnavailableError(error)
    : new CommitFailedError(error);
}

export class PgCommitQueue<I, R> {
  private pending: Pending<I, R>[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  private commitCount = 0;
  private workCount = 0;
  private readonly maxWeight: number;
  private readonly weigh: (item: I) => number;

  constructor(
    private readonly runGroup: GroupRunner<I, R>,
    options: PgCommitQueueOptions<I> = {},
  ) {
    this.maxWeight = options.maxWeight ?? 20_000;
    this.weigh = options.weigh ?? (() => 1);
  }

  /** Resolves with the item's result once its group committed; rejects with what refused it. */
  enqueue(item: I): Promise<R> {
    if (this.closed) return Promise.reject(new StorageClosedError());
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, weight: this.weigh(item), resolve, reject });
      // setImmediate: requests whose bytes arrived in the same loop turn join the same group.
      if (!this.running)
        this.running = new Promise((done) => setImmediate(done)).then(() => this.drainLoop());
    });
  }

  get commits(): number {
    return this.commitCount;
  }

  /** Items that reached a committed transaction, whether they were accepted or refused. */
  get batches(): number {
    return this.workCount;
  }

  /** Commits what is queued and refuses anything later. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private async drainLoop(): Promise<void> {
    while (this.pending.length > 0) {
      let weight = 0;
      let count = 0;
      for (const entry of this.pending) {
        if (count > 0 && weight + entry.weight > this.maxWeight) break;
        weight += entry.weight;
        count += 1;
      }
      const group = this.pending.splice(0, count);
      await this.commitGroup(group);
    }
    this.running = null;
  }

  private async commitGroup(group: Pending<I, R>[]): Promise<void> {
    let outcomes: Outcome<R>[];
    try {
      outcomes = await this.runGroup(group.map((entry) => entry.item));
    } catch (error) {
      if (group.length > 1 && !isUnavailableError(error)) {
        // Something in one request broke the whole transaction (a bug, a constraint): give each
        // request its own, so the others still get through and only the culprit fails.
        for (const entry of group) await this.commitGroup([entry]);
        return;
      }
      for (const entry of group) entry.reject(commitFailure(error));
      return;
    }
    this.commitCount += 1;
    this.workCount += group.length;
    group.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) entry.resolve(outcome.value);
      else entry.reject(outcome ? outcome.error : new CommitFailedError('no outcome'));
    });
  }
}
