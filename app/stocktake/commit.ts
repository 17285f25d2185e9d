import type { Ledger } from '../ledger/ledger.js';
import type { LedgerEvent } from '../protocol/events.js';
import { recordSessionCounts } from '../ledger/stock-operations.js';
import { clearCountFlags } from '../repair/repair-log.js';
import { UserError } from '../shared/errors.js';
import { isbnIndex } from '../ledger/stock-cache.js';
import { countEntries, expectedIsbns, requireOpen, type CountSummary } from './session.js';

export interface CommitResult {
  events: LedgerEvent[];
  countedTitles: number;
  /** Expected titles never counted, committed as zero. */
  zeroedTitles: number;
}

/** The titles of this count that are flagged for counting: a handful, where the count names 50,000. */
function flaggedAmong(
  ledger: Ledger,
  entries: readonly CountSummary[],
  uncounted: readonly string[],
): string[] {
  const flagged = new Set(
    ledger.db
      .prepare<[string], string>('SELECT isbn FROM count_flags WHERE store_id = ?')
      .pluck(true)
      .all(ledger.storeId),
  );
  if (flagged.size === 0) return [];
  const among: string[] = [];
  for (const entry of entries) if (flagged.has(entry.isbn)) among.push(entry.isbn);
  for (const isbn of uncounted) if (flagged.has(isbn)) among.push(isbn);
  return among;
}

/** The expected titles nobody counted: a walk along both lists when they ascend (as read). */
function uncountedOf(expected: readonly string[], entries: readonly CountSummary[]): string[] {
  const entryAt = isbnIndex(entries.map((entry) => entry.isbn));
  return expected.filter((isbn) => entryAt(isbn) < 0);
}

/**
 * Runs `work`, one durable transaction, without the WAL checkpoint SQLite runs inside a COMMIT
 * that leaves the WAL past its threshold: a whole-store count puts ~40 MB in the WAL, and copying
 * it into the database file, with a second fsync, made the manager wait about as long again. The
 * checkpoint runs as soon as the caller has its answer. Durability is unchanged: with
 * synchronous=FULL the commit is on disk, in the WAL, when `work` returns.
 */
function checkpointAfter<T>(ledger: Ledger, work: () => T): T {
  const db = ledger.db;
  const threshold = Number(db.pragma('wal_autocheckpoint', { simple: true }));
  db.pragma('wal_autocheckpoint = 0');
  try {
    return work();
  } finally {
    db.pragma(`wal_autocheckpoint = ${threshold}`);
    setImmediate(() => {
      // PASSIVE: never waits for readers; a checkpoint left unfinished is finished by a later one.
      if (db.open && !db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
    });
  }
}

/**
 * Turns the counts into STOCKTAKE events, each with the vector of its title's count. Titles the
 * ledger expected but nobody counted become zero only when the manager says so, knowing how many.
 */
export function commitStocktake(
  ledger: Ledger,
  stocktakeId: string,
  input: { actor: string; uncountedAsZero: boolean },
): CommitResult {
  return checkpointAfter(ledger, () =>
    ledger.transaction(() => commitOpen(ledger, stocktakeId, input)),
  );
}

function commitOpen(
  ledger: Ledger,
  stocktakeId: string,
  input: { actor: string; uncountedAsZero: boolean },
): CommitResult {
  const found = requireOpen(ledger, stocktakeId);
  const entries = countEntries(ledger, stocktakeId);
  const uncounted = uncountedOf(expectedIsbns(ledger, found.scope), entries);
  if (uncounted.length > 0 && !input.uncountedAsZero) {
    throw new UserError(
      'INVALID_INPUT',
      `${uncounted.length} expected title${uncounted.length === 1 ? ' was' : 's were'} never counted. Count ${uncounted.length === 1 ? 'it' : 'them'}, or confirm that ${uncounted.length === 1 ? 'it counts' : 'they count'} as zero.`,
    );
  }
  if (entries.length === 0 && uncounted.length === 0) {
    throw new UserError('INVALID_INPUT', 'Nothing was counted: there is nothing to commit.');
  }
  const events = recordSessionCounts(ledger, {
    actor: input.actor,
    stocktakeId,
    // The entries as they are (isbn, counted, vector): 50,000 copies would only feed the GC.
    counts:
      uncounted.length === 0
        ? entries
        : [...entries, ...uncounted.map((isbn) => ({ isbn, counted: 0 }))],
  });
  clearCountFlags(ledger, flaggedAmong(ledger, entries, uncounted));
  ledger.db
    .prepare(
      "UPDATE stocktakes SET status = 'committed', committed_at = ?, committed_by = ? WHERE stocktake_id = ?",
    )
    .run(new Date().toISOString(), input.actor, stocktakeId);
  return { events, countedTitles: entries.length, zeroedTitles: uncounted.length };
}
