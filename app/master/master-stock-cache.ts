// The master's count per (store, title): foldCount() of the key's events, cached so a stock query
// is one row read. Updated in the transaction that inserts each event, the way the register's
// app/ledger/stock-cache.ts does it: a plain event adds its delta unless it is voided or already
// inside the current stocktake; a STOCKTAKE or VOID can change which events count, so the key is
// folded again from the log.
import { versionVectorSchema, type LedgerEvent } from '../protocol/events.js';
import type { SqliteDatabase } from '../ledger/database.js';
import { eventDelta, foldCount } from '../ledger/fold.js';
import { vectorCovers } from '../ledger/vector.js';

interface StockRow {
  on_hand: number;
  stocktake_vector: string | null;
}

export interface MasterStockMismatch {
  storeId: string;
  isbn: string;
  cached: number;
  folded: number;
}

export class MasterStockCache {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      row: db.prepare<[string, string], StockRow>(
        'SELECT on_hand, stocktake_vector FROM stock WHERE store_id = ? AND isbn = ?',
      ),
      isVoided: db.prepare<[string, number], { one: number }>(
        "SELECT 1 AS one FROM events WHERE ref_origin_id = ? AND ref_seq = ? AND kind = 'VOID' LIMIT 1",
      ),
      addDelta: db.prepare(
        `INSERT INTO stock (store_id, isbn, on_hand) VALUES (?, ?, ?)
         ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = on_hand + excluded.on_hand`,
      ),
      keyEvents: db.prepare<[string, string], { body: string }>(
        'SELECT body FROM events WHERE store_id = ? AND isbn = ?',
      ),
      upsert: db.prepare(
        `INSERT INTO stock (store_id, isbn, on_hand, stocktake_origin_id, stocktake_seq, stocktake_vector)
         VALUES (@storeId, @isbn, @onHand, @stOrigin, @stSeq, @stVector)
         ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = excluded.on_hand,
           stocktake_origin_id = excluded.stocktake_origin_id, stocktake_seq = excluded.stocktake_seq,
           stocktake_vector = excluded.stocktake_vector`,
      ),
      onHand: db.prepare<[string, string], { on_hand: number }>(
        'SELECT on_hand FROM stock WHERE store_id = ? AND isbn = ?',
      ),
      allKeys: db.prepare<[], { store_id: string; isbn: string }>(
        'SELECT DISTINCT store_id, isbn FROM events',
      ),
    };
  }

  /** Must run inside the transaction that inserted `event` into the log. */
  onEventInserted(event: LedgerEvent): void {
    if (event.kind === 'STOCKTAKE' || event.kind === 'VOID') {
      this.recompute(event.storeId, event.isbn);
      return;
    }
    // A VOID can arrive before its target (another origin's events may reach the master first).
    if (this.statements.isVoided.get(event.originId, event.seq)) return;
    const row = this.statements.row.get(event.storeId, event.isbn);
    if (row?.stocktake_vector) {
      const vector = versionVectorSchema.parse(JSON.parse(row.stocktake_vector));
      if (vectorCovers(vector, event)) return;
    }
    this.statements.addDelta.run(event.storeId, event.isbn, eventDelta(event));
  }

  onHand(storeId: string, isbn: string): number {
    return this.statements.onHand.get(storeId, isbn)?.on_hand ?? 0;
  }

  /** Folds one key again from the log. */
  recompute(storeId: string, isbn: string): void {
    const fold = foldCount(this.keyEvents(storeId, isbn));
    this.statements.upsert.run({
      storeId,
      isbn,
      onHand: fold.onHand,
      stOrigin: fold.stocktake?.originId ?? null,
      stSeq: fold.stocktake?.seq ?? null,
      stVector: fold.stocktake ? JSON.stringify(fold.stocktake.vector) : null,
    });
  }

  /** Compares every cached count with a fresh fold of the log; empty means they agree. */
  check(): MasterStockMismatch[] {
    const mismatches: MasterStockMismatch[] = [];
    for (const key of this.statements.allKeys.all()) {
      const folded = foldCount(this.keyEvents(key.store_id, key.isbn)).onHand;
      const cached = this.onHand(key.store_id, key.isbn);
      if (cached !== folded)
        mismatches.push({ storeId: key.store_id, isbn: key.isbn, cached, folded });
    }
    return mismatches;
  }

  private keyEvents(storeId: string, isbn: string): LedgerEvent[] {
    return this.statements.keyEvents
      .all(storeId, isbn)
      .map((row) => JSON.parse(row.body) as LedgerEvent);
  }
}
