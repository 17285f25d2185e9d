// The master's per-title index in two tiers (master migration 7). Once the log holds 256k events,
// each write puts its events' (store, title, masterSeq) in the small `recent` tier, then moves a
// slice of that tier, in key order, into the large `settled` tier. A slice of 1,000 entries from a
// recent tier of 16k over 2,000 titles covers about 125 titles, so it dirties a leaf or two per
// title, where 1,000 events indexed straight into a log of millions dirtied a leaf each.
// Reads go through the `title_index` view, the union of both tiers: each entry is in exactly one.
import type { SqliteDatabase } from '../ledger/database.js';

/** Entries the recent tier keeps before slices move, at most; the steady size of the tier. */
const RECENT_TARGET = 16_384;
/**
 * The recent tier's share of the log below that (from TIERED_FROM to 1M events): the fewer leaves
 * the settled tier has, the fewer a slice covering more titles dirties.
 */
const RECENT_SHARE = 1 / 64;
/**
 * The log size from which new entries go through the recent tier. Below it the whole index is
 * under ~2,000 leaves, a push dirties most of them either way, and writing each entry twice (recent,
 * then settled) only cost more: the nightly batch's master used 5% more CPU with every log tiered.
 */
const TIERED_FROM = 262_144;
/** The smallest slice worth a move: below it a write leaves the recent tier alone. */
const SLICE_MIN = 512;

type Key = [storeId: string, isbn: string, masterSeq: number];
const BEFORE_ALL: Key = ['', '', 0];

/** Fills the settled tier from the log, in key order (master migration 7 and rebuild). */
export const INDEX_WHOLE_LOG = `INSERT INTO title_index_settled (store_id, isbn, master_seq)
  SELECT store_id, isbn, master_seq FROM events ORDER BY store_id, isbn, master_seq`;

/** SQL for the stock cache's per-title reads on the master (see StockCache's TitleReads). */
export const MASTER_TITLE_READS = {
  keyEvents: `SELECT e.body FROM title_index t JOIN events e ON e.master_seq = t.master_seq
              WHERE t.store_id = ? AND t.isbn = ?`,
  allKeys: `SELECT store_id, isbn FROM title_index_settled
            UNION SELECT store_id, isbn FROM title_index_recent`,
} as const;

export interface TitleIndexStats {
  /** Slices moved since the master opened, and the entries they moved. */
  slices: number;
  settledEntries: number;
  /** Entries in the recent tier now. */
  recent: number;
}

export interface TitleIndexOptions {
  recentTarget?: number;
  sliceMin?: number;
  tieredFrom?: number;
}

export class TitleIndex {
  private readonly statements;
  private readonly recentTarget: number;
  private readonly sliceMin: number;
  private readonly tieredFrom: number;
  /** Whether new entries go straight to the settled tier (a log under `tieredFrom`). */
  private direct: boolean;
  /** Where the next slice starts: slices walk the key space and wrap around. */
  private cursor: Key = BEFORE_ALL;
  /**
   * The recent tier's size as this writer saw it, so most writes skip counting it. A request
   * rolled back leaves it high, which only brings the next count forward; a group whose COMMIT
   * failed after a slice moved leaves it low by that slice until the next count.
   */
  private recentBound: number;
  /** Inside a write: the log's head up to which its events are indexed. */
  private indexedThrough: number | null = null;
  private slices = 0;
  private settledEntries = 0;

  constructor(db: SqliteDatabase, options: TitleIndexOptions = {}) {
    this.recentTarget = options.recentTarget ?? RECENT_TARGET;
    this.sliceMin = options.sliceMin ?? SLICE_MIN;
    this.tieredFrom = options.tieredFrom ?? TIERED_FROM;
    const range = `(store_id, isbn, master_seq) > (?, ?, ?) AND (store_id, isbn, master_seq) <= (?, ?, ?)`;
    this.statements = {
      // The write's own events, sorted: one statement per write, and each leaf visited once.
      indexRecent: db.prepare<[number]>(
        `INSERT INTO title_index_recent (store_id, isbn, master_seq)
         SELECT store_id, isbn, master_seq FROM events WHERE master_seq > ?
         ORDER BY store_id, isbn, master_seq`,
      ),
      indexSettled: db.prepare<[number]>(
        `INSERT INTO title_index_settled (store_id, isbn, master_seq)
         SELECT store_id, isbn, master_seq FROM events WHERE master_seq > ?
         ORDER BY store_id, isbn, master_seq`,
      ),
      logSize: db.prepare<[], { n: number }>(
        'SELECT coalesce(max(master_seq), 0) AS n FROM events',
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM title_index_recent'),
      nth: db
        .prepare<[string, string, number, number], Key>(
          `SELECT store_id, isbn, master_seq FROM title_index_recent
           WHERE (store_id, isbn, master_seq) > (?, ?, ?)
           ORDER BY store_id, isbn, master_seq LIMIT 1 OFFSET ?`,
        )
        .raw(true),
      lastAfter: db
        .prepare<Key, Key>(
          `SELECT store_id, isbn, master_seq FROM title_index_recent
           WHERE (store_id, isbn, master_seq) > (?, ?, ?)
           ORDER BY store_id DESC, isbn DESC, master_seq DESC LIMIT 1`,
        )
        .raw(true),
      settle: db.prepare<[...Key, ...Key]>(
        `INSERT INTO title_index_settled (store_id, isbn, master_seq)
         SELECT store_id, isbn, master_seq FROM title_index_recent WHERE ${range}
         ORDER BY store_id, isbn, master_seq`,
      ),
      forget: db.prepare<[...Key, ...Key]>(`DELETE FROM title_index_recent WHERE ${range}`),
      indexLog: db.prepare(INDEX_WHOLE_LOG),
      forgetAll: db.prepare('DELETE FROM title_index_recent'),
      forgetSettled: db.prepare('DELETE FROM title_index_settled'),
    };
    this.recentBound = this.recentCount();
    this.direct = (this.statements.logSize.get()?.n ?? 0) < this.tieredFrom;
  }

  /**
   * Runs one write of the log: the events it inserts are indexed when it calls catchUp (and
   * before any read of a title's events, through the stock cache's hook), in sorted batches.
   */
  withinWrite<T>(work: () => T): T {
    this.indexedThrough = this.statements.logSize.get()?.n ?? 0;
    try {
      return work();
    } finally {
      this.indexedThrough = null;
    }
  }

  /**
   * Indexes the events the current write inserted since the last catch-up (up to `knownHead`, the
   * log's head, when the caller has just read it); nothing outside a write. One statement for all of them: a trigger, or a statement per event, cost more than
   * the events' own inserts (14 and 3.6 µs an event).
   */
  catchUp(knownHead?: number): void {
    if (this.indexedThrough === null) return;
    const head = knownHead ?? this.statements.logSize.get()?.n ?? 0;
    if (head <= this.indexedThrough) return;
    if (this.direct) {
      this.statements.indexSettled.run(this.indexedThrough);
    } else {
      this.recentBound += this.statements.indexRecent.run(this.indexedThrough).changes;
    }
    this.indexedThrough = head;
  }

  stats(): TitleIndexStats {
    return { slices: this.slices, settledEntries: this.settledEntries, recent: this.recentCount() };
  }

  private recentCount(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  /**
   * Called inside the write that inserted `inserted` events into a log of `logSize`: moves a
   * slice when the recent tier has outgrown its target by a slice's worth (a log too small to be
   * tiered has a target of 0: what is left in the tier drains). A slice is at most four times the
   * write (or the smallest slice), so a backlog drains over several writes instead of stalling one.
   */
  afterInsert(inserted: number, logSize: number): void {
    this.direct = logSize < this.tieredFrom;
    const target = this.direct
      ? 0
      : Math.min(this.recentTarget, Math.floor(logSize * RECENT_SHARE));
    if (this.recentBound < target + this.sliceMin) return;
    const recent = this.recentCount();
    const excess = recent - target;
    if (excess < this.sliceMin) {
      this.recentBound = recent;
      return;
    }
    const moved = this.settleSlice(Math.min(excess, 4 * Math.max(inserted, this.sliceMin)));
    this.slices += 1;
    this.settledEntries += moved;
    this.recentBound = recent - moved;
  }

  /** Indexes the whole log afresh, all of it settled (after a bulk load). */
  rebuild(): number {
    this.statements.forgetAll.run();
    this.statements.forgetSettled.run();
    const indexed = this.statements.indexLog.run().changes;
    this.cursor = BEFORE_ALL;
    this.recentBound = 0;
    return indexed;
  }

  /** Moves the next `count` entries after the cursor, wrapping to the start of the key space. */
  private settleSlice(count: number): number {
    let moved = this.settleFromCursor(count);
    if (moved < count) {
      this.cursor = BEFORE_ALL;
      moved += this.settleFromCursor(count - moved);
    }
    return moved;
  }

  private settleFromCursor(count: number): number {
    const end =
      this.statements.nth.get(...this.cursor, count - 1) ??
      this.statements.lastAfter.get(...this.cursor);
    if (!end) return 0;
    const range: [...Key, ...Key] = [...this.cursor, ...end];
    this.statements.settle.run(...range);
    const moved = this.statements.forget.run(...range).changes;
    this.cursor = end;
    return moved;
  }
}
