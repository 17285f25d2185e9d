// The discrepancy report: for each title, what the ledger expected when the count began, what was
// counted, the difference and its value, and the sales that happened while counting.
import type { Title } from '../catalog/catalog.js';
import type { Ledger } from '../ledger/ledger.js';
import { eventDelta, foldCount } from '../ledger/fold.js';
import { vectorCovers } from '../ledger/vector.js';
import { readColumnsAsJson } from '../ledger/read-memo.js';
import { isbnIndex } from '../ledger/stock-cache.js';
import { horizonTextCovered } from '../ledger/title-horizon.js';
import type { EventKey, LedgerEvent, VersionVector } from '../protocol/events.js';
import {
  countEntries,
  countEntry,
  expectedIsbns,
  session,
  unionAscending,
  type CountSummary,
} from './session.js';

export interface MovementDuringCount {
  event: EventKey;
  kind: string;
  delta: number;
  hlc: string;
  /**
   * after-count: the count had finished for this title, so it is applied on top of the count;
   * uncertain: it happened while the title was being counted, or before the count on a register
   * whose events had not arrived: it is applied on top of the count, and the manager should check.
   */
  treatment: 'after-count' | 'uncertain';
}

export interface ReportRow {
  isbn: string;
  title: string;
  author: string;
  section: string;
  /** The ledger's count as of the moment this title's count began. */
  expected: number;
  /** null when the title was never counted (it counts as zero when the stocktake completes). */
  counted: number | null;
  difference: number;
  costCents: number;
  priceCents: number;
  differenceAtCostCents: number;
  differenceAtPriceCents: number;
  movements: MovementDuringCount[];
}

export interface DiscrepancyReport {
  stocktakeId: string;
  rows: ReportRow[];
  totals: {
    titlesExpected: number;
    titlesCounted: number;
    titlesUncounted: number;
    expectedCopies: number;
    countedCopies: number;
    shrinkageCopies: number;
    foundCopies: number;
    differenceAtCostCents: number;
    differenceAtPriceCents: number;
    uncertainMovements: number;
  };
}

function expectedAt(events: readonly LedgerEvent[], vector: VersionVector): number {
  return foldCount(events.filter((event) => vectorCovers(vector, event))).onHand;
}

/**
 * The events of a counted title that its count had not seen. `lastHlc` gives the clock of the
 * title's last scan, read only for a title something moved in (a few of 50,000).
 */
function movementsDuring(
  events: readonly LedgerEvent[],
  entry: CountSummary,
  lastHlc: () => string,
  startedHlc: string,
): MovementDuringCount[] {
  const moved = events.filter(
    (event) => !vectorCovers(entry.vector, event) && eventDelta(event) !== 0,
  );
  if (moved.length === 0) return [];
  const last = lastHlc();
  return moved.map((event) => ({
    event: { originId: event.originId, seq: event.seq },
    kind: event.kind,
    delta: eventDelta(event),
    hlc: event.hlc,
    treatment:
      event.hlc <= last || event.hlc < startedHlc
        ? ('uncertain' as const)
        : ('after-count' as const),
  }));
}

type ReportTitle = Pick<Title, 'title' | 'author' | 'section' | 'costCents' | 'priceCents'>;

/** The catalog, one array per column (see readColumnsAsJson). */
type CatalogColumns = [
  isbns: string[],
  titles: string[],
  authors: string[],
  sections: string[],
  costs: number[],
  prices: number[],
];

/**
 * The whole catalog in the table's order: Catalog.titles() sorts by title, and reading in ISBN
 * order through the index costs more than the Map isbnIndex then builds.
 */
function catalogColumns(ledger: Ledger): CatalogColumns {
  return readColumnsAsJson<CatalogColumns>(
    ledger.db,
    ['isbn', 'title', 'author', 'section', 'cost_cents', 'price_cents'],
    'SELECT isbn, title, author, section, cost_cents, price_cents FROM titles',
  );
}

function titleAt(catalog: CatalogColumns, index: number): ReportTitle | undefined {
  if (index < 0) return undefined;
  const [, titles, authors, sections, costs, prices] = catalog;
  return {
    title: titles[index] as string,
    author: authors[index] as string,
    section: sections[index] as string,
    costCents: costs[index] as number,
    priceCents: prices[index] as number,
  };
}

function lastScanHlc(ledger: Ledger, stocktakeId: string, isbn: string): string {
  const entry = countEntry(ledger, stocktakeId, isbn);
  if (!entry) throw new Error(`the count of ${isbn} vanished while the report was read`);
  return entry.lastHlc;
}

/** What a title the count had seen whole needs read from the log: nothing (shared, read-only). */
const NO_EVENTS: readonly LedgerEvent[] = [];

/** Past this many titles, the store's stock rows and the catalog are read in one pass each. */
const BULK_TITLES = 500;

export function discrepancyReport(ledger: Ledger, stocktakeId: string): DiscrepancyReport {
  const found = session(ledger, stocktakeId);
  const counts = countEntries(ledger, stocktakeId);
  const countedIsbns = counts.map((entry) => entry.isbn);
  const isbns = unionAscending(expectedIsbns(ledger, found.scope), countedIsbns);
  // The lookups are asked in the ascending order of `isbns`.
  const entryAt = isbnIndex(countedIsbns);
  const now = ledger.vector();
  const bulk = isbns.length > BULK_TITLES;
  const stock = bulk ? ledger.stockRows() : undefined;
  const stockAt = stock ? isbnIndex(stock.isbns) : undefined;
  const catalog = bulk ? catalogColumns(ledger) : undefined;
  const catalogAt = catalog ? isbnIndex(catalog[0]) : undefined;
  const rows: ReportRow[] = isbns.map((isbn) => {
    const title =
      (catalog && catalogAt && titleAt(catalog, catalogAt(isbn))) ?? ledger.catalog.title(isbn);
    const entry = counts[entryAt(isbn)];
    const vector = entry ? entry.vector : now;
    // A title whose every event the count's vector had seen: the expected count is the cached
    // one and nothing moved during the count. Any other title is read and folded from the log.
    const at = stockAt?.(isbn) ?? -1;
    const horizon = stock?.horizons[at] ?? null;
    const seenWhole = horizon !== null && horizonTextCovered(vector, horizon);
    const events = seenWhole ? NO_EVENTS : ledger.eventsForTitle(isbn);
    const expected = seenWhole ? (stock?.onHand[at] ?? 0) : expectedAt(events, vector);
    const counted = entry?.counted ?? null;
    const difference = (counted ?? 0) - expected;
    return {
      isbn,
      title: title.title,
      author: title.author,
      section: title.section,
      expected,
      counted,
      difference,
      costCents: title.costCents,
      priceCents: title.priceCents,
      differenceAtCostCents: difference * title.costCents,
      differenceAtPriceCents: difference * title.priceCents,
      movements:
        entry && events.length > 0
          ? movementsDuring(
              events,
              entry,
              () => lastScanHlc(ledger, stocktakeId, isbn),
              found.startedHlc,
            )
          : [],
    };
  });
  const sum = (pick: (row: ReportRow) => number) =>
    rows.reduce((total, row) => total + pick(row), 0);
  return {
    stocktakeId,
    rows,
    totals: {
      titlesExpected: rows.length,
      titlesCounted: rows.filter((row) => row.counted !== null).length,
      titlesUncounted: rows.filter((row) => row.counted === null).length,
      expectedCopies: sum((row) => row.expected),
      countedCopies: sum((row) => row.counted ?? 0),
      shrinkageCopies: sum((row) => Math.max(0, -row.difference)),
      foundCopies: sum((row) => Math.max(0, row.difference)),
      differenceAtCostCents: sum((row) => row.differenceAtCostCents),
      differenceAtPriceCents: sum((row) => row.differenceAtPriceCents),
      uncertainMovements: sum((row) =>
        row.movements.length === 0
          ? 0
          : row.movements.filter((m) => m.treatment === 'uncertain').length,
      ),
    },
  };
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // A leading ' keeps a spreadsheet from running text such as =HYPERLINK(…) as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV for a spreadsheet; text cells a spreadsheet would run as formulas are defused. */
export function reportCsv(report: DiscrepancyReport): string {
  const header = [
    'isbn',
    'title',
    'author',
    'section',
    'expected',
    'counted',
    'difference',
    'cost_cents',
    'price_cents',
    'difference_at_cost_cents',
    'difference_at_price_cents',
    'movements_during_count',
    'uncertain_movements',
  ];
  const lines = [header.join(',')];
  for (const row of report.rows) {
    lines.push(
      [
        row.isbn,
        row.title,
        row.author,
        row.section,
        row.expected,
        row.counted,
        row.difference,
        row.costCents,
        row.priceCents,
        row.differenceAtCostCents,
        row.differenceAtPriceCents,
        row.movements.length,
        row.movements.filter((m) => m.treatment === 'uncertain').length,
      ]
        .map(csvField)
        .join(','),
    );
  }
  const t = report.totals;
  lines.push(
    [
      'TOTAL',
      '',
      '',
      '',
      t.expectedCopies,
      t.countedCopies,
      t.countedCopies - t.expectedCopies,
      '',
      '',
      t.differenceAtCostCents,
      t.differenceAtPriceCents,
      '',
      t.uncertainMovements,
    ]
      .map(csvField)
      .join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}
