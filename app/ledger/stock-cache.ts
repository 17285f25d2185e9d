// The stock table caches foldCount() per (store, title) so a count is one row read. It is
// written in the same transaction as each event and can always be rebuilt from the log.
import { versionVectorSchema, type LedgerEvent, type VersionVector } from '../protocol/events.js';
import type { SqliteDatabase } from './database.js';
import { eventDelta, foldCount, type StocktakeEvent } from './fold.js';
import { keyOf, vectorCovers } from './vector.js';

interface StockRow {
  on_hand: number;
  stocktake_origin_id: string | null;
  stocktake_seq: number | null;
  stocktake_vector: string | null;
}

/** Past this many titles, their shapes are read in one pass over the store's events. */
const BULK_TITLES = 500;

export interface TitleShape {
  /** Per origin, the highest seq among the title's events. */
  highest: Map<string, number>;
  stocktakeOrVoid: boolean;
}

export interface StockMismatch {
  storeId: string;
  isbn: string;
  cached: number;
  rebuilt: number;
}

export class StockCache {
  private readonly parsedVectors = new Map<string, VersionVector>();
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      row: db.prepare<[string, string], StockRow>(
        'SELECT on_hand, stocktake_origin_id, stocktake_seq, stocktake_vector FROM stock WHERE store_id = ? AND isbn = ?',
      ),
      // A VOID counts only within its own (store, title), exactly as foldCount sees it.
      isVoided: db.prepare<[string, number, string, string], { one: number }>(
        "SELECT 1 AS one FROM events WHERE ref_origin_id = ? AND ref_seq = ? AND kind = 'VOID' AND store_id = ? AND isbn = ? LIMIT 1",
      ),
      addDelta: db.prepare(
        `INSERT INTO stock (store_id, isbn, on_hand) VALUES (?, ?, ?)
         ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = on_hand + excluded.on_hand`,
      ),
      keyEvents: db.prepare<[string, string], { body: string }>(
        'SELECT body FROM events WHERE store_id = ? AND isbn = ?',
      ),
      upsert: db.prepare(
        `INSERT INTO stock (store_id, isbn, on_hand, stocktake_origin_id, stocktake_seq, stocktake_vector, superseded_stocktakes)
         VALUES (@storeId, @isbn, @onHand, @stOrigin, @stSeq, @stVector, @superseded)
         ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = excluded.on_hand,
           stocktake_origin_id = excluded.stocktake_origin_id, stocktake_seq = excluded.stocktake_seq,
           stocktake_vector = excluded.stocktake_vector, superseded_stocktakes = excluded.superseded_stocktakes`,
      ),
      // Per title and origin the highest seq the title's events reach, and whether any of them is
      // a STOCKTAKE or a VOID: enough to tell whether a new count covers everything the title has.
      titleShape: db.prepare<[string, string], [string, string, number, number]>(
        `SELECT isbn, origin_id, max(seq), max(kind IN ('STOCKTAKE', 'VOID'))
         FROM events WHERE store_id = ? AND isbn = ? GROUP BY origin_id`,
      ),
      storeShape: db.prepare<[string], [string, string, number, number]>(
        `SELECT isbn, origin_id, max(seq), max(kind IN ('STOCKTAKE', 'VOID'))
         FROM events WHERE store_id = ? GROUP BY isbn, origin_id`,
      ),
      onHand: db.prepare<[string, string], { on_hand: number }>(
        'SELECT on_hand FROM stock WHERE store_id = ? AND isbn = ?',
      ),
      allKeys: db.prepare<[], { store_id: string; isbn: string }>(
        'SELECT DISTINCT store_id, isbn FROM events',
      ),
      allRows: db.prepare<[], { store_id: string; isbn: string; on_hand: number }>(
        'SELECT store_id, isbn, on_hand FROM stock',
      ),
    };
    this.statements.titleShape.raw(true);
    this.statements.storeShape.raw(true);
  }

  /**
   * What the titles of one store hold before new counts are written (see cacheNewStocktakes): one
   * indexed read per title for a few titles, one pass over the store's events for many.
   */
  titleShapes(storeId: string, isbns: readonly string[]): Map<string, TitleShape> {
    const shapes = new Map<string, TitleShape>();
    const add = ([isbn, originId, seq, special]: [string, string, number, number]) => {
      let shape = shapes.get(isbn);
      if (!shape) {
        shape = { highest: new Map(), stocktakeOrVoid: false };
        shapes.set(isbn, shape);
      }
      shape.highest.set(originId, seq);
      if (special) shape.stocktakeOrVoid = true;
    };
    if (isbns.length > BULK_TITLES) {
      for (const row of this.statements.storeShape.all(storeId)) add(row);
    } else {
      for (const isbn of new Set(isbns)) {
        for (const row of this.statements.titleShape.all(storeId, isbn)) add(row);
      }
    }
    return shapes;
  }

  /**
   * Caches the counts of new STOCKTAKE events just inserted, given the titles' shapes read before.
   * A title whose new count is its only one in the run and whose vector covers every event the
   * title had, none a STOCKTAKE or a VOID, is exactly what was counted: foldCount would find that
   * one stocktake covering all else. Every other title is folded again from the log.
   */
  cacheNewStocktakes(events: readonly StocktakeEvent[], before: Map<string, TitleShape>): void {
    const perTitle = new Map<string, number>();
    for (const event of events) perTitle.set(event.isbn, (perTitle.get(event.isbn) ?? 0) + 1);
    const vectorText = new Map<VersionVector, string>();
    for (const event of events) {
      const shape = before.get(event.isbn);
      const covered =
        perTitle.get(event.isbn) === 1 &&
        (!shape ||
          (!shape.stocktakeOrVoid &&
            [...shape.highest].every(([originId, seq]) => (event.vector[originId] ?? 0) >= seq)));
      if (!covered) {
        this.recompute(event.storeId, event.isbn);
        continue;
      }
      let text = vectorText.get(event.vector);
      if (text === undefined) {
        text = JSON.stringify(event.vector);
        vectorText.set(event.vector, text);
      }
      this.statements.upsert.run({
        storeId: event.storeId,
        isbn: event.isbn,
        onHand: event.counted,
        stOrigin: event.originId,
        stSeq: event.seq,
        stVector: text,
        superseded: '[]',
      });
    }
  }

  /** Must run inside the transaction that inserted `event` into the log. */
  onEventInserted(event: LedgerEvent): void {
    if (event.kind === 'STOCKTAKE' || event.kind === 'VOID') {
      this.recompute(event.storeId, event.isbn);
      return;
    }
    if (this.statements.isVoided.get(event.originId, event.seq, event.storeId, event.isbn)) return;
    const row = this.statements.row.get(event.storeId, event.isbn);
    if (row && this.coveredByStocktake(row, event)) return;
    this.statements.addDelta.run(event.storeId, event.isbn, eventDelta(event));
  }

  onHand(storeId: string, isbn: string): number {
    return this.statements.onHand.get(storeId, isbn)?.on_hand ?? 0;
  }

  recompute(storeId: string, isbn: string): void {
    const events = this.keyEvents(storeId, isbn);
    const fold = foldCount(events);
    this.statements.upsert.run({
      storeId,
      isbn,
      onHand: fold.onHand,
      stOrigin: fold.stocktake?.originId ?? null,
      stSeq: fold.stocktake?.seq ?? null,
      stVector: fold.stocktake ? JSON.stringify(fold.stocktake.vector) : null,
      superseded: JSON.stringify(fold.supersededConcurrent.map((t) => keyOf(t))),
    });
  }

  keyEvents(storeId: string, isbn: string): LedgerEvent[] {
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
        for (const key of this.statements.allKeys.all()) this.recompute(key.store_id, key.isbn);
      })
      .immediate();
  }

  /** Compares the cache with a fresh fold of the log; an empty list means they agree. */
  check(): StockMismatch[] {
    const cached = new Map<string, number>();
    for (const row of this.statements.allRows.all()) {
      cached.set(`${row.store_id}\u0000${row.isbn}`, row.on_hand);
    }
    const mismatches: StockMismatch[] = [];
    for (const key of this.statements.allKeys.all()) {
      const id = `${key.store_id}\u0000${key.isbn}`;
      const rebuilt = foldCount(this.keyEvents(key.store_id, key.isbn)).onHand;
      const value = cached.get(id) ?? 0;
      cached.delete(id);
      if (value !== rebuilt) {
        mismatches.push({ storeId: key.store_id, isbn: key.isbn, cached: value, rebuilt });
      }
    }
    for (const [id, value] of cached) {
      if (value === 0) continue;
      const [storeId = '', isbn = ''] = id.split('\u0000');
      mismatches.push({ storeId, isbn, cached: value, rebuilt: 0 });
    }
    return mismatches;
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
