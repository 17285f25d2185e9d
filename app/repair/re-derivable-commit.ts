import type { Ledger } from '../ledger/ledger.js';

/**
 * Commits `work` without waiting for the disk. Only for writes that the master can give back:
 * events pulled from it, its acknowledgement of ours, and the note of a repair. A power cut may
 * lose them, which only means pulling or pushing them again (both idempotent). Nothing a cashier
 * relies on can be lost with them: the WAL is one file written in order, so the next durable
 * commit (the sale that follows the scan, a confirmed correction) syncs these frames with its own.
 * This takes the register's fsync (and its tail on a busy disk) off the cashier's wait at the
 * counter. Inside a caller's transaction the caller's durability applies unchanged.
 */
export function commitReDerivable<T>(ledger: Ledger, work: () => T): T {
  if (ledger.db.inTransaction) return ledger.transaction(work);
  const previous = ledger.db.pragma('synchronous', { simple: true });
  ledger.db.pragma('synchronous = NORMAL');
  try {
    return ledger.transaction(work);
  } finally {
    ledger.db.pragma(`synchronous = ${Number(previous)}`);
  }
}
