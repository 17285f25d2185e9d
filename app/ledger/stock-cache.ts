// The stock table caches foldCount() per (store, title) so a count is one row read, and the
// title's digest (how many events it has and the sum of their seqs) so anti-entropy reads one row
// per title instead of every event. It is written in the same transaction as each event and can
// always be rebuilt from the log.
import { versionVectorSchema, type LedgerEvent, type VersionVector } from '../protocol/events.js';
import type { TitleDigest } from '../protocol/wire.js';
import type { SqliteDatabase } from './database.js';
import { ReadMemo, readColumnsAsJson } from './read-memo.js';
import { eventDelta, foldCount, type StocktakeEvent } from './fold.js';
import { keyOf, vectorCovers } from './vector.js';
import {
  extendHorizon,
  extendedHorizonText,
  horizonOf,
  horizonTextCovered,
  horizonTextSeq,
  parseHorizon,
  type Horizon,
} from './title-horizon.js';

interface StockRow {
  on_hand: number;
  stocktake_origin_id: string | null;
  stocktake_seq: number | null;
  stocktake_vector: string | null;
  horizon: string | null;
}

/** Past this many titles, their horizons are read in one pass over the store's stock rows. */
const BULK_TITLES = 500;

/**
 * Per title, its stored horizon text before new counts are written: null when the row's horizon
 * is unknown (written before migration 007), undefined for a title without a stock row.
 */
export interface TitleHorizons {
  get(isbn: string): string | null | undefined;
}

/** A store's stock rows in ascending ISBN order, one array per column. Shared: read-only. */
export interface StoreStock {
  readonly isbns: readonly string[];
  readonly onHand: readonly number[];
  /** The stored horizon texts (see title-horizon.ts); null: unknown, written before migration 007. */
  readonly horizons: readonly (string | null)[];
}

/**
 * Finds ISBNs, as their index in `isbns` or -1, in a list sorted ascending (SQLite's ORDER BY
 * isbn). Asked in ascending order it walks on from its last answer, so 50,000 lookups cost less
 * than a Map of 50,000 entries; asked out of order it searches. A list out of order gets a Map.
 */
export function isbnIndex(isbns: readonly string[]): (isbn: string) => number {
  for (let index = 1; index < isbns.length; index += 1) {
    if (!((isbns[index - 1] as string) < (isbns[index] as string))) {
      const byIsbn = new Map(isbns.map((isbn, at) => [isbn, at]));
      return (isbn) => byIsbn.get(isbn) ?? -1;
    }
  }
  let next = 0;
  return (isbn) => {
    // Every ISBN before `next` is below the last one asked; one of them may be this one.
    if (next > 0 && isbn <= (isbns[next - 1] as string)) {
      // Backwards: the first ISBN not below `isbn`, by bisection.
      let low = 0;
      let high = next - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((isbns[middle] as string) < isbn) low = middle + 1;
        else high = middle;
      }
      next = low;
    }
    while (next < isbns.length && (isbns[next] as string) < isbn) next += 1;
    return isbns[next] === isbn ? next : -1;
  };
}

function repeatedIsbns(events: readonly { isbn: string }[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const event of events) {
    if (seen.size === seen.add(event.isbn).size) repeated.add(event.isbn);
  }
  return repeated;
}

/** Whether the ISBNs strictly ascend (a session's counts, as read): then none repeats. */
function ascendingIsbns(events: readonly { isbn: string }[]): boolean {
  for (let index = 1; index < events.length; index += 1) {
    if (
      !((events[index - 1] as { isbn: string }).isbn < (events[index] as { isbn: string }).isbn)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * A title's stock row as a run of deferred updates sees it: the row read once, then the delta and
 * horizon its events add, written once when the run ends (see StockCache.withDeferredUpdates).
 */
interface PendingTitle {
  storeId: string;
  isbn: string;
  row: StockRow;
  delta: number;
  /** The run's events of this title and the sum of their seqs, counted or not. */
  events: number;
  seqSum: number;
  /** The row's horizon with the run's events added so far; null: unknown (before migration 007). */
  horizon: Horizon | null;
}

export interface StockMismatch {
  storeId: string;
  isbn: string;
  /** Which cached figure differs from the log's: the count, or one half of the title's digest. */
  what: 'onHand' | 'eventCount' | 'seqSum';
  cached: number;
  rebuilt: number;
}

interface CachedRow {
  store_id: string;
  isbn: string;
  on_hand: number;
  event_count: number;
  seq_sum: number;
}

/** A key's digest: how many events it has and the sum of their seqs. */
function digestOf(events: readonly LedgerEvent[]): { eventCount: number; seqSum: number } {
  let seqSum = 0;
  for (const event of events) seqSum += event.seq;
  return { eventCount: events.length, seqSum };
}

/** The figures a fresh fold of a key's events gives, to compare with its cached row. */
function rebuiltFigures(events: readonly LedgerEvent[]): Record<StockMismatch['what'], number> {
  return { onHand: foldCount(events).onHand, ...digestOf(events) };
}

/** How the cache finds one key's events and every key: by the log's own title index by default. */
export interface TitleReads {
  /** Bodies of one (store_id, isbn)'s events, in any order. */
  keyEvents: string;
  /** Every (store_id, isbn) with at least one event, each once. */
  allKeys: string;
  /** Runs before either read: an index kept apart from the log catches up with it first. */
  beforeRead?: () => void;
}

const LOG_TITLE_READS: TitleReads = {
  keyEvents: 'SELECT body FROM events WHERE store_id = ? AND isbn = ?',
  allKeys: 'SELECT DISTINCT store_id, isbn FROM events',
};

export class StockCache {
  private readonly parsedVectors = new Map<string, VersionVector>();
  private readonly beforeTitleRead: (() => void) | undefined;
  private readonly statements;
  /** A store's stock rows, read for a report and read again by the commit after it. */
  private readonly storeRows;
  /** Inside withDeferredUpdates: per (store, title), what its row will be once the run ends. */
  private pending: Map<string, PendingTitle> | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    /**
     * The register's current origin, the one its new counts are written as. Without it (the
     * master, which never counts a shelf) no horizons are kept and its stock table has none.
     */
    private readonly ownOrigin?: () => string,
    titleReads: TitleReads = LOG_TITLE_READS,
  ) {
    this.beforeTitleRead = titleReads.beforeRead;
    const horizon = ownOrigin ? 'horizon' : 'NULL AS horizon';
    this.statements = {
      row: db.prepare<[string, string], StockRow>(
        `SELECT on_hand, stocktake_origin_id, stocktake_seq, stocktake_vector, ${horizon} FROM stock WHERE store_id = ? AND isbn = ?`,
      ),
      // A VOID counts only within its own (store, title), exactly as foldCount sees it.
      isVoided: db.prepare<[string, number, string, string], { one: number }>(
        "SELECT 1 AS one FROM events WHERE ref_origin_id = ? AND ref_seq = ? AND kind = 'VOID' AND store_id = ? AND isbn = ? LIMIT 1",
      ),
      addDelta: db.prepare<[string, string, number, number, number]>(
        `INSERT INTO stock (store_id, isbn, on_hand, event_count, seq_sum) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = on_hand + excluded.on_hand,
           event_count = event_count + excluded.event_count, seq_sum = seq_sum + excluded.seq_sum`,
      ),
      // For a row read just before in the same transaction: one keyed update, not an upsert.
      addDeltaAndHorizon: ownOrigin
        ? db.prepare<[number, number, number, string | null, string, string]>(
            `UPDATE stock SET on_hand = on_hand + ?, event_count = event_count + ?,
               seq_sum = seq_sum + ?, horizon = ? WHERE store_id = ? AND isbn = ?`,
          )
        : undefined,
      keyEvents: db.prepare<[string, string], { body: string }>(titleReads.keyEvents),
      upsert: db.prepare(
        ownOrigin
          ? `INSERT INTO stock (store_id, isbn, on_hand, stocktake_origin_id, stocktake_seq, stocktake_vector, superseded_stocktakes, event_count, seq_sum, horizon)
             VALUES (@storeId, @isbn, @onHand, @stOrigin, @stSeq, @stVector, @superseded, @eventCount, @seqSum, @horizon)
             ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = excluded.on_hand,
               event_count = excluded.event_count, seq_sum = excluded.seq_sum,
               stocktake_origin_id = excluded.stocktake_origin_id, stocktake_seq = excluded.stocktake_seq,
               stocktake_vector = excluded.stocktake_vector, superseded_stocktakes = excluded.superseded_stocktakes,
               horizon = excluded.horizon`
          : `INSERT INTO stock (store_id, isbn, on_hand, stocktake_origin_id, stocktake_seq, stocktake_vector, superseded_stocktakes, event_count, seq_sum)
             VALUES (@storeId, @isbn, @onHand, @stOrigin, @stSeq, @stVector, @superseded, @eventCount, @seqSum)
             ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = excluded.on_hand,
               event_count = excluded.event_count, seq_sum = excluded.seq_sum,
               stocktake_origin_id = excluded.stocktake_origin_id, stocktake_seq = excluded.stocktake_seq,
               stocktake_vector = excluded.stocktake_vector, superseded_stocktakes = excluded.superseded_stocktakes`,
      ),
      setCounted: ownOrigin
        ? db.prepare(
            `UPDATE stock SET on_hand = ?, stocktake_origin_id = ?, stocktake_seq = ?,
               stocktake_vector = ?, superseded_stocktakes = '[]', horizon = ?,
               event_count = event_count + 1, seq_sum = seq_sum + ?
             WHERE store_id = ? AND isbn = ?`,
          )
        : undefined,
      titleHorizon: db.prepare<[string, string], [string, string | null]>(
        `SELECT isbn, ${horizon} FROM stock WHERE store_id = ? AND isbn = ?`,
      ),
      allHorizons: db.prepare<[], { store_id: string; isbn: string; horizon: string | null }>(
        `SELECT store_id, isbn, ${horizon} FROM stock`,
      ),
      onHand: db.prepare<[string, string], { on_hand: number }>(
        'SELECT on_hand FROM stock WHERE store_id = ? AND isbn = ?',
      ),
      allKeys: db.prepare<[], { store_id: string; isbn: string }>(titleReads.allKeys),
      allRows: db.prepare<[], CachedRow>(
        'SELECT store_id, isbn, on_hand, event_count, seq_sum FROM stock',
      ),
      digests: db.prepare<[string], CachedRow>(
        `SELECT store_id, isbn, on_hand, event_count, seq_sum FROM stock
         WHERE store_id = ? AND event_count > 0 ORDER BY isbn`,
      ),
    };
    this.storeRows = new ReadMemo<StoreStock>(db);
    this.statements.titleHorizon.raw(true);
  }

  /**
   * The horizons of one store's titles before new counts are written (see cacheNewStocktakes):
   * one keyed read per title for a few titles, one pass over the store's stock rows for many.
   */
  titleHorizons(storeId: string, isbns: readonly string[]): TitleHorizons {
    if (isbns.length > BULK_TITLES) {
      const stock = this.storeStock(storeId);
      const indexOf = isbnIndex(stock.isbns);
      return {
        get: (isbn) => {
          const index = indexOf(isbn);
          return index < 0 ? undefined : (stock.horizons[index] ?? null);
        },
      };
    }
    const horizons = new Map<string, string | null>();
    for (const isbn of new Set(isbns)) {
      const row = this.statements.titleHorizon.get(storeId, isbn);
      if (row) horizons.set(isbn, row[1]);
    }
    return horizons;
  }

  /**
   * A store's stock rows, shared with the next caller while the ledger is unchanged (the
   * discrepancy report, then the commit): read-only.
   */
  storeStock(storeId: string): StoreStock {
    return this.storeRows.get(storeId, () => {
      const [isbns, onHand, horizons] = readColumnsAsJson<[string[], number[], (string | null)[]]>(
        this.db,
        ['isbn', 'on_hand', 'horizon'],
        `SELECT isbn, on_hand, ${this.ownOrigin ? 'horizon' : 'NULL AS horizon'} FROM stock WHERE store_id = ? ORDER BY isbn`,
        storeId,
      );
      return { isbns, onHand, horizons };
    });
  }

  /**
   * Caches the counts of new STOCKTAKE events just inserted, given the titles' horizons read
   * before. A title whose new count is its only one in the run, whose vector has seen everything
   * the title's horizon names, and whose key the horizon does not reach (no VOID aims at it, no
   * older count had seen it) is exactly what was counted: foldCount finds that count the only
   * maximal one, unvoided, covering every other event. Every other title is folded again.
   */
  cacheNewStocktakes(events: readonly StocktakeEvent[], before: TitleHorizons): void {
    // Titles counted more than once in the run are folded; a session's counts never repeat one.
    const repeated = ascendingIsbns(events) ? undefined : repeatedIsbns(events);
    const vectorText = new Map<VersionVector, string>();
    const own = this.ownOrigin?.() ?? '';
    for (const event of events) {
      const horizon = before.get(event.isbn);
      const covered =
        repeated?.has(event.isbn) !== true &&
        horizon !== undefined &&
        horizon !== null &&
        horizonTextCovered(event.vector, horizon) &&
        // Covered, the horizon names no more of the count's origin than its vector had seen,
        // which is below the count's own seq unless the vector names seqs still to come.
        ((event.vector[event.originId] ?? 0) < event.seq ||
          horizonTextSeq(horizon, event.originId) < event.seq);
      if (!covered) {
        this.recompute(event.storeId, event.isbn);
        continue;
      }
      let text = vectorText.get(event.vector);
      if (text === undefined) {
        text = JSON.stringify(event.vector);
        vectorText.set(event.vector, text);
      }
      // The row exists (its horizon was read from it); positional, as 50,000 of these add up.
      this.statements.setCounted?.run(
        event.counted,
        event.originId,
        event.seq,
        text,
        extendedHorizonText(horizon, event, own),
        event.seq,
        event.storeId,
        event.isbn,
      );
    }
  }

  /**
   * Runs `work` (inside the caller's transaction) with the stock rows that onEventInserted moves
   * by a delta read once and written once per title when it ends, instead of once per event: a
   * feed page or a push of 5,000 events touches a few hundred titles. What each event counts is
   * decided exactly as without deferral (the same VOID lookup in the log, the same stocktake,
   * the horizon as extended by the events before it); a title that a STOCKTAKE or VOID folds again
   * drops its pending delta, which the fold of the log already includes. Inside `work` the stock
   * table lags behind the log, so `work` must not read counts (onHand) of titles it moved. If
   * `work` throws, nothing is written: the transaction rolls back.
   */
  withDeferredUpdates<T>(work: () => T): T {
    if (this.pending) return work();
    const pending = new Map<string, PendingTitle>();
    this.pending = pending;
    try {
      const result = work();
      this.pending = null;
      for (const title of pending.values()) this.writePending(title);
      return result;
    } finally {
      this.pending = null;
    }
  }

  /** Must run inside the transaction that inserted `event` into the log. */
  onEventInserted(event: LedgerEvent): void {
    if (event.kind === 'STOCKTAKE' || event.kind === 'VOID') {
      this.recompute(event.storeId, event.isbn);
      return;
    }
    if (this.pending) {
      this.deferEvent(this.pending, event);
      return;
    }
    const withHorizon = this.statements.addDeltaAndHorizon;
    if (!this.ownOrigin || !withHorizon) {
      // An event that does not count still joins its title's digest.
      const row = this.statements.row.get(event.storeId, event.isbn);
      const counts =
        !this.statements.isVoided.get(event.originId, event.seq, event.storeId, event.isbn) &&
        !(row && this.coveredByStocktake(row, event));
      this.statements.addDelta.run(
        event.storeId,
        event.isbn,
        counts ? eventDelta(event) : 0,
        1,
        event.seq,
      );
      return;
    }
    const row = this.statements.row.get(event.storeId, event.isbn);
    // A title's first event folds from the log: its row, horizon included, starts exact.
    if (!row) {
      this.recompute(event.storeId, event.isbn);
      return;
    }
    const horizon = row.horizon;
    // A VOID in the log raised its title's horizon to at least its target's seq: an event above
    // the horizon has no VOID aimed at it, so only an event at or below it is looked up.
    const mayBeVoided = horizon === null || horizonTextSeq(horizon, event.originId) >= event.seq;
    const counts =
      !(
        mayBeVoided &&
        this.statements.isVoided.get(event.originId, event.seq, event.storeId, event.isbn)
      ) && !this.coveredByStocktake(row, event);
    withHorizon.run(
      counts ? eventDelta(event) : 0,
      1,
      event.seq,
      horizon === null ? null : extendedHorizonText(horizon, event, this.ownOrigin()),
      event.storeId,
      event.isbn,
    );
  }

  /** onEventInserted for a delta event inside withDeferredUpdates: same decisions, kept in memory. */
  private deferEvent(pending: Map<string, PendingTitle>, event: LedgerEvent): void {
    const key = `${event.storeId}\u0000${event.isbn}`;
    let title = pending.get(key);
    if (!title) {
      const row = this.statements.row.get(event.storeId, event.isbn);
      // A title's first event folds from the log: its row, horizon included, starts exact.
      if (!row) {
        this.recompute(event.storeId, event.isbn);
        return;
      }
      title = {
        storeId: event.storeId,
        isbn: event.isbn,
        row,
        delta: 0,
        events: 0,
        seqSum: 0,
        horizon: this.ownOrigin ? parseHorizon(row.horizon) : null,
      };
      pending.set(key, title);
    }
    const horizon = title.horizon;
    // As in onEventInserted: an event above its title's horizon has no VOID aimed at it.
    const mayBeVoided = horizon === null || (horizon[event.originId] ?? 0) >= event.seq;
    const counts =
      !(
        mayBeVoided &&
        this.statements.isVoided.get(event.originId, event.seq, event.storeId, event.isbn)
      ) && !this.coveredByStocktake(title.row, event);
    if (counts) title.delta += eventDelta(event);
    title.events += 1;
    title.seqSum += event.seq;
    if (horizon !== null && this.ownOrigin) extendHorizon(horizon, event, this.ownOrigin());
  }

  private writePending(title: PendingTitle): void {
    const withHorizon = this.statements.addDeltaAndHorizon;
    if (this.ownOrigin && withHorizon) {
      withHorizon.run(
        title.delta,
        title.events,
        title.seqSum,
        title.horizon === null ? null : JSON.stringify(title.horizon),
        title.storeId,
        title.isbn,
      );
    } else {
      this.statements.addDelta.run(
        title.storeId,
        title.isbn,
        title.delta,
        title.events,
        title.seqSum,
      );
    }
  }

  onHand(storeId: string, isbn: string): number {
    return this.statements.onHand.get(storeId, isbn)?.on_hand ?? 0;
  }

  recompute(storeId: string, isbn: string): void {
    // The fold reads the log, which already holds the events whose deltas were pending.
    this.pending?.delete(`${storeId}\u0000${isbn}`);
    const events = this.keyEvents(storeId, isbn);
    const fold = foldCount(events);
    const { eventCount, seqSum } = digestOf(events);
    this.statements.upsert.run({
      eventCount,
      seqSum,
      storeId,
      isbn,
      onHand: fold.onHand,
      stOrigin: fold.stocktake?.originId ?? null,
      stSeq: fold.stocktake?.seq ?? null,
      stVector: fold.stocktake ? JSON.stringify(fold.stocktake.vector) : null,
      superseded: JSON.stringify(fold.supersededConcurrent.map((t) => keyOf(t))),
      ...(this.ownOrigin && { horizon: JSON.stringify(horizonOf(events, this.ownOrigin())) }),
    });
  }

  keyEvents(storeId: string, isbn: string): LedgerEvent[] {
    this.beforeTitleRead?.();
    return this.statements.keyEvents
      .all(storeId, isbn)
      .map((row) => JSON.parse(row.body) as LedgerEvent);
  }

  /** Throws the cache away and folds every key again from the log. */
  rebuild(): void {
    this.db
      .transaction(() => {
        this.db.exec('DELETE FROM stock');
        this.parsedVectors.clear();
        this.beforeTitleRead?.();
        for (const key of this.statements.allKeys.all()) this.recompute(key.store_id, key.isbn);
      })
      .immediate();
  }

  /** A store's title digests (anti-entropy), one stock row each, in ISBN order. */
  digests(storeId: string): TitleDigest[] {
    return this.statements.digests.all(storeId).map((row) => ({
      isbn: row.isbn,
      onHand: row.on_hand,
      events: row.event_count,
      seqSum: row.seq_sum,
    }));
  }

  /**
   * Compares the cache (counts and digests) with a fresh fold of the log; an empty list means
   * they agree.
   */
  check(): StockMismatch[] {
    const cached = new Map<string, CachedRow>();
    for (const row of this.statements.allRows.all()) {
      cached.set(`${row.store_id}\u0000${row.isbn}`, row);
    }
    const mismatches: StockMismatch[] = [];
    const compare = (
      storeId: string,
      isbn: string,
      row: CachedRow | undefined,
      events: LedgerEvent[],
    ) => {
      const rebuilt = rebuiltFigures(events);
      const held = {
        onHand: row?.on_hand ?? 0,
        eventCount: row?.event_count ?? 0,
        seqSum: row?.seq_sum ?? 0,
      };
      for (const what of ['onHand', 'eventCount', 'seqSum'] as const) {
        if (held[what] !== rebuilt[what]) {
          mismatches.push({ storeId, isbn, what, cached: held[what], rebuilt: rebuilt[what] });
        }
      }
    };
    this.beforeTitleRead?.();
    for (const key of this.statements.allKeys.all()) {
      const id = `${key.store_id}\u0000${key.isbn}`;
      compare(key.store_id, key.isbn, cached.get(id), this.keyEvents(key.store_id, key.isbn));
      cached.delete(id);
    }
    for (const row of cached.values()) compare(row.store_id, row.isbn, row, []);
    return mismatches;
  }

  /**
   * Titles whose stored horizon differs from one computed afresh from the log (null ones are
   * unknown, not wrong): empty when the cache's summaries agree with the events.
   */
  checkHorizons(): { storeId: string; isbn: string; cached: Horizon; rebuilt: Horizon }[] {
    const out: { storeId: string; isbn: string; cached: Horizon; rebuilt: Horizon }[] = [];
    if (!this.ownOrigin) return out;
    const own = this.ownOrigin();
    for (const row of this.statements.allHorizons.all()) {
      const cached = parseHorizon(row.horizon);
      if (cached === null) continue;
      const rebuilt = horizonOf(this.keyEvents(row.store_id, row.isbn), own);
      const same =
        Object.keys(cached).length === Object.keys(rebuilt).length &&
        Object.entries(rebuilt).every(([originId, seq]) => cached[originId] === seq);
      if (!same) out.push({ storeId: row.store_id, isbn: row.isbn, cached, rebuilt });
    }
    return out;
  }

  /** Whether the key's current stocktake had already seen `event` (so the count includes it). */
  private coveredByStocktake(row: StockRow, event: LedgerEvent): boolean {
    if (row.stocktake_vector === null) return false;
    const cacheKey = `${row.stocktake_origin_id}:${row.stocktake_seq}`;
    let vector = this.parsedVectors.get(cacheKey);
    if (!vector) {
      if (this.parsedVectors.size > 10_000) this.parsedVectors.clear();
      vector = versionVectorSchema.parse(JSON.parse(row.stocktake_vector));
      this.parsedVectors.set(cacheKey, vector);
    }
    return vectorCovers(vector, event);
  }
}
