// A stocktake session: a manager counts a scope of the shelf, copy by copy or by typing numbers.
// Each title's count remembers the ledger's vector when that title's count began, because that is
// exactly the set of events the count already reflects (see fold.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Ledger } from '../ledger/ledger.js';
import { ReadMemo, readColumnsAsJson } from '../ledger/read-memo.js';
import { versionVectorSchema, type VersionVector } from '../protocol/events.js';
import { UserError } from '../shared/errors.js';

export const stocktakeScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('section'), section: z.string().min(1).max(100) }),
  z.strictObject({
    kind: z.literal('titles'),
    isbns: z.array(z.string().min(1)).min(1).max(100_000),
  }),
]);
export type StocktakeScope = z.infer<typeof stocktakeScopeSchema>;

export interface StocktakeSession {
  stocktakeId: string;
  storeId: string;
  startedAt: string;
  startedHlc: string;
  startedBy: string;
  scope: StocktakeScope;
  status: 'open' | 'committed' | 'abandoned';
  committedAt: string | null;
  committedBy: string | null;
}

/** One title's count as a session's whole list gives it (see countEntries). */
export interface CountSummary {
  isbn: string;
  counted: number;
  vector: VersionVector;
}

export interface CountEntry extends CountSummary {
  firstHlc: string;
  lastHlc: string;
}

interface SessionRow {
  stocktake_id: string;
  store_id: string;
  started_at: string;
  started_hlc: string;
  started_by: string;
  scope: string;
  status: StocktakeSession['status'];
  committed_at: string | null;
  committed_by: string | null;
}

const fromRow = (row: SessionRow): StocktakeSession => ({
  stocktakeId: row.stocktake_id,
  storeId: row.store_id,
  startedAt: row.started_at,
  startedHlc: row.started_hlc,
  startedBy: row.started_by,
  scope: stocktakeScopeSchema.parse(JSON.parse(row.scope)),
  status: row.status,
  committedAt: row.committed_at,
  committedBy: row.committed_by,
});

export function openSession(ledger: Ledger): StocktakeSession | null {
  const row = ledger.db
    .prepare("SELECT * FROM stocktakes WHERE store_id = ? AND status = 'open'")
    .get(ledger.storeId) as SessionRow | undefined;
  return row ? fromRow(row) : null;
}

export function session(ledger: Ledger, stocktakeId: string): StocktakeSession {
  const row = ledger.db
    .prepare('SELECT * FROM stocktakes WHERE stocktake_id = ?')
    .get(stocktakeId) as SessionRow | undefined;
  if (!row) throw new UserError('INVALID_INPUT', `No stocktake ${stocktakeId} on this register.`);
  return fromRow(row);
}

export function requireOpen(ledger: Ledger, stocktakeId: string): StocktakeSession {
  const found = session(ledger, stocktakeId);
  if (found.status !== 'open') {
    throw new UserError(
      'INVALID_INPUT',
      `Stocktake ${stocktakeId} is ${found.status}; counts can no longer change.`,
    );
  }
  return found;
}

/** Starts counting. One open stocktake per store at a time, so two managers never split a count. */
export function startStocktake(
  ledger: Ledger,
  input: { actor: string; scope: StocktakeScope },
): StocktakeSession {
  const scope = stocktakeScopeSchema.parse(input.scope);
  if (scope.kind === 'titles')
    scope.isbns = scope.isbns.map((isbn) => ledger.catalog.title(isbn).isbn);
  return ledger.transaction(() => {
    const already = openSession(ledger);
    if (already) {
      throw new UserError(
        'INVALID_INPUT',
        `A stocktake started by ${already.startedBy} at ${already.startedAt} is still open: finish or abandon it first.`,
      );
    }
    const stocktakeId = randomUUID();
    const hlc = ledger.now();
    ledger.db
      .prepare(
        `INSERT INTO stocktakes (stocktake_id, store_id, started_at, started_hlc, started_by, scope, status)
         VALUES (?, ?, ?, ?, ?, ?, 'open')`,
      )
      .run(
        stocktakeId,
        ledger.storeId,
        new Date().toISOString(),
        hlc,
        input.actor,
        JSON.stringify(scope),
      );
    return session(ledger, stocktakeId);
  });
}

export function abandonStocktake(ledger: Ledger, stocktakeId: string): void {
  requireOpen(ledger, stocktakeId);
  ledger.db
    .prepare("UPDATE stocktakes SET status = 'abandoned' WHERE stocktake_id = ?")
    .run(stocktakeId);
}

function inScope(ledger: Ledger, scope: StocktakeScope, isbn: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'section':
      return ledger.catalog.title(isbn).section === scope.section;
    case 'titles':
      return scope.isbns.includes(isbn);
  }
}

function record(
  ledger: Ledger,
  stocktakeId: string,
  isbnInput: string,
  next: (current: number) => number,
): CountEntry {
  return ledger.transaction(() => {
    const found = requireOpen(ledger, stocktakeId);
    const { isbn } = ledger.catalog.title(isbnInput);
    if (!inScope(ledger, found.scope, isbn)) {
      throw new UserError('INVALID_INPUT', `${isbn} is outside this stocktake's scope.`);
    }
    const existing = countEntry(ledger, stocktakeId, isbn);
    const hlc = ledger.now();
    const counted = next(existing?.counted ?? 0);
    if (!Number.isInteger(counted) || counted < 0 || counted > 1_000_000) {
      throw new UserError('INVALID_QUANTITY', 'A count is a whole number of copies, 0 or more.');
    }
    ledger.db
      .prepare(
        `INSERT INTO stocktake_counts (stocktake_id, isbn, counted, vector, first_hlc, last_hlc)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (stocktake_id, isbn) DO UPDATE SET counted = excluded.counted, last_hlc = excluded.last_hlc`,
      )
      .run(stocktakeId, isbn, counted, JSON.stringify(ledger.vector()), hlc, hlc);
    const entry = countEntry(ledger, stocktakeId, isbn);
    if (!entry) throw new Error('count entry vanished');
    return entry;
  });
}

/** One scan, one copy. */
export function scanCopy(ledger: Ledger, stocktakeId: string, isbn: string): CountEntry {
  return record(ledger, stocktakeId, isbn, (current) => current + 1);
}

/** A typed number replaces the title's count. */
export function setCount(
  ledger: Ledger,
  stocktakeId: string,
  isbn: string,
  counted: number,
): CountEntry {
  return record(ledger, stocktakeId, isbn, () => counted);
}

export function countEntry(
  ledger: Ledger,
  stocktakeId: string,
  isbn: string,
): CountEntry | undefined {
  const row = ledger.db
    .prepare('SELECT * FROM stocktake_counts WHERE stocktake_id = ? AND isbn = ?')
    .get(stocktakeId, isbn) as
    | { isbn: string; counted: number; vector: string; first_hlc: string; last_hlc: string }
    | undefined;
  return row
    ? {
        isbn: row.isbn,
        counted: row.counted,
        vector: versionVectorSchema.parse(JSON.parse(row.vector)),
        firstHlc: row.first_hlc,
        lastHlc: row.last_hlc,
      }
    : undefined;
}

/** One memo per ledger and read: the report's reads serve the commit that follows it. */
function memoOf<T>(memos: WeakMap<Ledger, ReadMemo<T>>, ledger: Ledger): ReadMemo<T> {
  let memo = memos.get(ledger);
  if (!memo) {
    memo = new ReadMemo<T>(ledger.db);
    memos.set(ledger, memo);
  }
  return memo;
}

const countMemos = new WeakMap<Ledger, ReadMemo<readonly CountSummary[]>>();
const expectedMemos = new WeakMap<Ledger, ReadMemo<readonly string[]>>();

/**
 * The session's counts in ISBN order, without their clocks (countEntry has them: a report needs
 * them for the few titles that moved during the count, and 100,000 clock texts cost the read
 * more than that). The entries are shared with the next caller: do not change them.
 */
export function countEntries(ledger: Ledger, stocktakeId: string): CountSummary[] {
  return memoOf(countMemos, ledger)
    .get(stocktakeId, () => readCountEntries(ledger, stocktakeId))
    .slice();
}

function readCountEntries(ledger: Ledger, stocktakeId: string): CountSummary[] {
  // One array per column, each one JSON text: row objects cost more than the read at 50,000.
  const [isbns, counts, texts] = readColumnsAsJson<[string[], number[], string[]]>(
    ledger.db,
    ['isbn', 'counted', 'vector'],
    'SELECT isbn, counted, vector FROM stocktake_counts WHERE stocktake_id = ? ORDER BY isbn',
    stocktakeId,
  );
  // Most titles of a count share the vector of the moment they were counted: parse each text once.
  const vectors = new Map<string, VersionVector>();
  const entries: CountSummary[] = new Array<CountSummary>(isbns.length);
  for (let index = 0; index < isbns.length; index += 1) {
    const text = texts[index] as string;
    let vector = vectors.get(text);
    if (!vector) {
      vector = versionVectorSchema.parse(JSON.parse(text));
      vectors.set(text, vector);
    }
    entries[index] = { isbn: isbns[index] as string, counted: counts[index] as number, vector };
  }
  return entries;
}

/** Titles the ledger expects on the shelf in scope: in stock, flagged for counting, or named. */
export function expectedIsbns(ledger: Ledger, scope: StocktakeScope): string[] {
  if (scope.kind === 'titles') return [...new Set(scope.isbns)].sort();
  const key = scope.kind === 'all' ? 'all' : `section:${scope.section}`;
  return memoOf(expectedMemos, ledger)
    .get(key, () => readExpectedIsbns(ledger, scope))
    .slice();
}

function readExpectedIsbns(
  ledger: Ledger,
  scope: Exclude<StocktakeScope, { kind: 'titles' }>,
): string[] {
  // Two plain reads merged here: a UNION would sort 50,000 ISBNs in a temporary b-tree.
  const [stocked] = readColumnsAsJson<[string[]]>(
    ledger.db,
    ['isbn'],
    `SELECT s.isbn FROM stock s WHERE s.store_id = ? AND s.on_hand <> 0
     AND EXISTS (SELECT 1 FROM titles t WHERE t.isbn = s.isbn) ORDER BY s.isbn`,
    ledger.storeId,
  );
  const flagged = ledger.db
    .prepare<[string], string>('SELECT isbn FROM count_flags WHERE store_id = ? ORDER BY isbn')
    .pluck(true)
    .all(ledger.storeId);
  const all = unionAscending(stocked, flagged);
  return scope.kind === 'all' ? all : all.filter((isbn) => inScope(ledger, scope, isbn));
}

/**
 * The ISBNs of both lists, each once, in ascending order: a merge when both ascend (as read),
 * else a sort. Sorting 50,000 ISBNs costs more than the merge.
 */
export function unionAscending(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    let next: string;
    if (x !== undefined && (y === undefined || x <= y)) {
      next = x;
      i += 1;
      if (x === y) j += 1;
    } else {
      next = y as string;
      j += 1;
    }
    const last = out[out.length - 1];
    if (last !== undefined && !(last < next)) {
      if (last === next) continue;
      return [...new Set([...a, ...b])].sort();
    }
    out.push(next);
  }
  return out;
}
