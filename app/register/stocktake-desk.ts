// The manager's stocktake, as the register offers it to the screens: it syncs first when it can
// (so concurrent sales are rare), and gives the running view the progress bar needs.
import type { Ledger } from '../ledger/ledger.js';
import { commitStocktake, type CommitResult } from '../stocktake/commit.js';
import { discrepancyReport, reportCsv, type DiscrepancyReport } from '../stocktake/report.js';
import {
  abandonStocktake,
  countEntries,
  expectedIsbns,
  openSession,
  scanCopy,
  setCount,
  startStocktake,
  type CountEntry,
  type StocktakeScope,
  type StocktakeSession,
} from '../stocktake/session.js';

export interface RunningView {
  session: StocktakeSession;
  rows: { isbn: string; title: string; expected: number; counted: number | null }[];
  titlesExpected: number;
  titlesCounted: number;
}

export class StocktakeDesk {
  constructor(
    private readonly ledger: Ledger,
    private readonly syncIfPossible: () => Promise<boolean>,
  ) {}

  async start(input: {
    actor: string;
    scope: StocktakeScope;
  }): Promise<{ session: StocktakeSession; synced: boolean }> {
    const synced = await this.syncIfPossible();
    return { session: startStocktake(this.ledger, input), synced };
  }

  current(): StocktakeSession | null {
    return openSession(this.ledger);
  }

  scan(stocktakeId: string, isbn: string): CountEntry {
    return scanCopy(this.ledger, stocktakeId, isbn);
  }

  setCount(stocktakeId: string, isbn: string, counted: number): CountEntry {
    return setCount(this.ledger, stocktakeId, isbn, counted);
  }

  view(stocktakeId: string): RunningView {
    const session = openSession(this.ledger);
    if (!session || session.stocktakeId !== stocktakeId) {
      throw new Error(`stocktake ${stocktakeId} is not the open one`);
    }
    const counted = new Map(
      countEntries(this.ledger, stocktakeId).map((entry) => [entry.isbn, entry.counted]),
    );
    const isbns = [
      ...new Set([...expectedIsbns(this.ledger, session.scope), ...counted.keys()]),
    ].sort();
    const rows = isbns.map((isbn) => ({
      isbn,
      title: this.ledger.catalog.title(isbn).title,
      expected: this.ledger.onHand(isbn),
      counted: counted.get(isbn) ?? null,
    }));
    return { session, rows, titlesExpected: rows.length, titlesCounted: counted.size };
  }

  report(stocktakeId: string): DiscrepancyReport {
    return discrepancyReport(this.ledger, stocktakeId);
  }

  csv(stocktakeId: string): string {
    return reportCsv(discrepancyReport(this.ledger, stocktakeId));
  }

  commit(stocktakeId: string, input: { actor: string; uncountedAsZero: boolean }): CommitResult {
    return commitStocktake(this.ledger, stocktakeId, input);
  }

  abandon(stocktakeId: string): void {
    abandonStocktake(this.ledger, stocktakeId);
  }
}
