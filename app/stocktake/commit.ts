import type { Ledger } from '../ledger/ledger.js';
import type { LedgerEvent } from '../protocol/events.js';
import { recordSessionCounts } from '../ledger/stock-operations.js';
import { clearCountFlags } from '../repair/repair-log.js';
import { UserError } from '../shared/errors.js';
import { countEntries, expectedIsbns, requireOpen } from './session.js';

export interface CommitResult {
  events: LedgerEvent[];
  countedTitles: number;
  /** Expected titles never counted, committed as zero. */
  zeroedTitles: number;
}

/** The titles of this count that are flagged for counting: a handful, where the count names 50,000. */
function flaggedAmong(
  ledger: Ledger,
  counted: ReadonlySet<string>,
  uncounted: readonly string[],
): string[] {
  const flagged = ledger.db
    .prepare<[string], string>('SELECT isbn FROM count_flags WHERE store_id = ?')
    .pluck(true)
    .all(ledger.storeId);
  if (flagged.length === 0) return [];
  const zeroed = new Set(uncounted);
  return flagged.filter((isbn) => counted.has(isbn) || zeroed.has(isbn));
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
  return ledger.transaction(() => {
    const found = requireOpen(ledger, stocktakeId);
    const entries = countEntries(ledger, stocktakeId);
    const counted = new Set(entries.map((entry) => entry.isbn));
    const uncounted = expectedIsbns(ledger, found.scope).filter((isbn) => !counted.has(isbn));
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
    clearCountFlags(ledger, flaggedAmong(ledger, counted, uncounted));
    ledger.db
      .prepare(
        "UPDATE stocktakes SET status = 'committed', committed_at = ?, committed_by = ? WHERE stocktake_id = ?",
      )
      .run(new Date().toISOString(), input.actor, stocktakeId);
    return { events, countedTitles: entries.length, zeroedTitles: uncounted.length };
  });
}
