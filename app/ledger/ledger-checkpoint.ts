// The register's ledger with its WAL checkpoints in a worker thread (see WalCheckpointer): a sale,
// a repair or a pull no longer copies the WAL into the database file inside its COMMIT once in a
// thousand pages. The ledger's own transactions kick the worker when they commit; writes made
// outside them (a catalog import) are found by the worker looking every few milliseconds, and the
// hard limit is also enforced on a timer, so the WAL may pass it by what those write in a second.
import type { Ledger } from './ledger.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/**
 * Frames the ledger's WAL holds before the worker copies them: SQLite's own 1,000, about 130
 * one-line sales. 4,000 made back-to-back sales 11–17 µs cheaper (fewer catch-up copies,
 * bench/compare-sale.ts) but a strong sale's p50 0.3 ms dearer (1.99–2.39 against 1.67–1.85 ms,
 * bench section 2): until its first checkpoint cycle ends the WAL file grows, and a commit that
 * grows it syncs the file's size too. The file is removed when the ledger closes, so a register
 * that starts each morning spends its first few hundred sales growing it again.
 */
const LEDGER_CHECKPOINT_FRAMES = 1_000;

export interface LedgerCheckpointOptions {
  /** The better-sqlite3 native build the ledger was opened with (Electron's own ABI). */
  nativeBinding?: string;
  thresholdFrames?: number;
  hardLimitBytes?: number;
  /** How often the hard limit is looked at (a second by default). */
  limitCheckMs?: number;
}

/**
 * Moves the ledger's checkpoints to a worker until the ledger closes; undefined for ':memory:',
 * which has no WAL. The ledger's close() stops the worker first.
 */
export function checkpointLedgerInWorker(
  ledger: Ledger,
  options: LedgerCheckpointOptions = {},
): WalCheckpointer | undefined {
  const { db } = ledger;
  if (db.memory) return undefined;
  const checkpointer = new WalCheckpointer({
    db,
    path: db.name,
    pollMs: 20,
    limitCheckMs: 1_000,
    thresholdFrames: LEDGER_CHECKPOINT_FRAMES,
    ...options,
  });
  ledger.onCommit(() => checkpointer.afterCommit());
  // Ledger.close() closes the connection directly, which stops the worker first (see
  // WalCheckpointer); the worker then closes its own connection, the last, which removes the WAL.
  return checkpointer;
}
