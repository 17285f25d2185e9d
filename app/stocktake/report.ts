// The discrepancy report: for each title, what the ledger expected when the count began, what was
// counted, the difference and its value, and the sales that happened while counting.
import type { Title } from '../catalog/catalog.js';
import type { Ledger } from '../ledger/ledger.js';
import { eventDelta, foldCount } from '../ledger/fold.js';
import { vectorCovers } from '../ledger/vector.js';
import { horizonCovered, parseHorizon } from '../ledger/title-horizon.js';
import type { EventKey, LedgerEvent, VersionVector } from '../protocol/events.js';
import { countEntries, expectedIsbns, session, type CountEntry } from './session.js';

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

function movementsDuring(
  events: readonly LedgerEvent[],
  entry: CountEntry,
  startedHlc: string,
): MovementDuringCount[] {
  return events
    .filter((event) => !vectorCovers(entry.vector, event) && eventDelta(event) !== 0)
    .map((event) => ({
      event: { originId: event.originId, seq: event.seq },
      kind: event.kind,
      delta: eventDelta(event),
      hlc: event.hlc,
      treatment:
        event.hlc <= entry.lastHlc || event.hlc < startedHlc
          ? ('uncertain' as const)
          : ('after-count' as const),
    }));
}

type ReportTitle = Pick<Title, 'title' | 'author' | 'section' | 'costCents' | 'priceCents'>;

/** The whole catalog by ISBN, unsorted and as plain rows: Catalog.titles() sorts by title. */
function catalogByIsbn(ledger: Ledger): Map<string, ReportTitle> {
  const rows = ledger.db
    .prepare<[], [string, string, string, string, number, number]>(
      'SELECT isbn, title, author, section, cost_cents, price_cents FROM titles',
    )
    .raw(true)
    .all();
  const byIsbn = new Map<string, ReportTitle>();
  for (const [isbn, title, author, section, costCents, priceCents] of rows) {
    byIsbn.set(isbn, { title, author, section, costCents, priceCents });
  }
  return byIsbn;
}

/**
 * Looks rows up by ISBN for ISBNs asked in ascending order, each at most once: a walk along the
 * rows when they are in ascending ISBN order (as read), else a Map. 50,000 Map entries cost more
 * than the walk.
 */
function lookupByIsbn<T>(
  rows: readonly T[],
  isbnOf: (row: T) => string,
): (isbn: string) => T | undefined {
  let ascending = true;
  for (let index = 1; ascending && index < rows.length; index += 1) {
    ascending = isbnOf(rows[index - 1] as T) < isbnOf(rows[index] as T);
  }
  if (!ascending) {
    const byIsbn = new Map(rows.map((row) => [isbnOf(row), row]));
    return (isbn) => byIsbn.get(isbn);
  }
  let next = 0;
  return (isbn) => {
    while (next < rows.length && isbnOf(rows[next] as T) < isbn) next += 1;
    const row = rows[next];
    return row !== undefined && isbnOf(row) === isbn ? row : undefined;
  };
}

/** Past this many titles, the store's stock rows and the catalog are read in one pass each. */
const BULK_TITLES = 500;

export function discrepancyReport(ledger: Ledger, stocktakeId: string): DiscrepancyReport {
  const found = session(ledger, stocktakeId);
  const counts = countEntries(ledger, stocktakeId);
  const isbns = [
    ...new Set([...expectedIsbns(ledger, found.scope), ...counts.map((entry) => entry.isbn)]),
  ].sort();
  // Both lookups are asked in the ascending order of `isbns`.
  const entryOf = lookupByIsbn(counts, (entry) => entry.isbn);
  const now = ledger.vector();
  const bulk = isbns.length > BULK_TITLES;
  const stockOf = bulk ? lookupByIsbn(ledger.stockRows(), ([isbn]) => isbn) : undefined;
  const catalog = bulk ? catalogByIsbn(ledger) : undefined;
  const rows: ReportRow[] = isbns.map((isbn) => {
    const title = catalog?.get(isbn) ?? ledger.catalog.title(isbn);
    const entry = entryOf(isbn);
    const vector = entry ? entry.vector : now;
    // A title whose every event the count's vector had seen: the expected count is the cached
    // one and nothing moved during the count. Any other title is read and folded from the log.
    const stock = stockOf?.(isbn);
    const horizon = stock ? parseHorizon(stock[2]) : null;
    const seenWhole = stock !== undefined && horizon !== null && horizonCovered(vector, horizon);
    const events = seenWhole ? [] : ledger.eventsForTitle(isbn);
    const expected = seenWhole && stock ? stock[1] : expectedAt(events, vector);
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
      movements: entry && events.length > 0 ? movementsDuring(events, entry, found.startedHlc) : [],
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
