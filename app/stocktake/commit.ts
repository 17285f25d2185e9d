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
      counts: [
        ...entries.map((entry) => ({
          isbn: entry.isbn,
          counted: entry.counted,
          vector: entry.vector,
        })),
        ...uncounted.map((isbn) => ({ isbn, counted: 0 })),
      ],
    });
    clearCountFlags(ledger, [...counted, ...uncounted]);
    ledger.db
      .prepare(
        "UPDATE stocktakes SET status = 'committed', committed_at = ?, committed_by = ? WHERE stocktake_id = ?",
      )
      .run(new Date().toISOString(), input.actor, stocktakeId);
    return { events, countedTitles: entries.length, zeroedTitles: uncounted.length };
  });
}
