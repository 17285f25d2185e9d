// Failures a MasterStorage reports to its callers. Every storage implementation throws these, so
// routes map them to wire errors without knowing which database is underneath.
import type { EventKey } from '../protocol/events.js';

/** The database file cannot be used as a master database; the message tells the operator why. */
export class MasterDatabaseError extends Error {
  override name = 'MasterDatabaseError';
}

/** The master holds this key with a different body. The whole batch was refused. */
export class EventConflictError extends Error {
  override name = 'EventConflictError';
  constructor(readonly key: EventKey) {
    super(
      `event ${key.originId}:${key.seq} is already held by the master with different content; nothing from this request was written`,
    );
  }
}

/** An event skipped ahead of its origin's sequence. The whole batch was refused. */
export class EventGapError extends Error {
  override name = 'EventGapError';
  constructor(
    readonly originId: string,
    readonly expected: number,
    readonly got: number,
  ) {
    super(
      `origin ${originId} must continue at seq ${expected}, got ${got}; nothing from this request was written`,
    );
  }
}

/** The storage is closing or closed: the request was not written and may be retried elsewhere/later. */
export class StorageClosedError extends Error {
  override name = 'StorageClosedError';
  constructor() {
    super('the master is shutting down; nothing from this request was written');
  }
}

/** The group commit itself failed (disk full, I/O error): no batch in it was written. */
export class CommitFailedError extends Error {
  override name = 'CommitFailedError';
  constructor(cause: unknown) {
    super('the master could not store this request; nothing was written', { cause });
  }
}

/** A strong-mode sale would leave the master's count of a title below zero. Nothing was written. */
export class InsufficientStockError extends Error {
  override name = 'InsufficientStockError';
  constructor(
    readonly isbn: string,
    readonly onHand: number,
  ) {
    super(
      `the master's count of ${isbn} would be ${onHand} after this sale; reconcile the title (read repair) and retry`,
    );
  }
}
