// The register's ledger: an append-only event log in SQLite from which every count is derived.
import {
  ledgerEventSchema,
  stocktakeEventSchema,
  versionVectorSchema,
  type EventDraft,
  type EventKey,
  type LedgerEvent,
  type VersionVector,
} from '../protocol/events.js';
import type { TitleDigest } from '../protocol/wire.js';
import { Catalog } from '../catalog/catalog.js';
import { normalizeIsbn } from '../catalog/isbn.js';
import type { Statement } from 'better-sqlite3';
import { canonicalStocktakes } from './canonical.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { EventLog } from './event-log.js';
import { foldCount, type FoldResult, type StocktakeEvent } from './fold.js';
import { HybridLogicalClock, parseHlc } from './hlc.js';
import { establishIdentity, rotateOrigin, type LedgerIdentity } from './identity.js';
import { Settings } from './settings.js';
import { StockCache, type StockMismatch, type StoreStock } from './stock-cache.js';

/** How many STOCKTAKE events appendStocktakes inserts per run (see there). */
const STOCKTAKE_RUN = 2_000;

/** isbn13Schema's pattern (app/protocol/events.ts), tested without building a zod result per count. */
const ISBN13 = /^97[89][0-9]{10}$/;

/** The per-count fields of a STOCKTAKE event, checked as its schema would (see events.ts). */
function checkStocktakeCount(count: { isbn: string; counted: number }): void {
  if (!ISBN13.test(count.isbn)) {
    throw new TypeError(`isbn must be a normalized ISBN-13, not "${count.isbn}"`);
  }
  if (!Number.isInteger(count.counted) || count.counted < 0 || count.counted > 1_000_000) {
    throw new TypeError(`a count must be a whole number from 0 to 1,000,000, not ${count.counted}`);
  }
}

export interface LedgerOptions {
  /** The ledger file, or ':memory:'. */
  path: string;
  /** The store this register sells for; fixed for the life of the file (read from it if omitted). */
  storeId?: string;
  nativeBinding?: string;
  /** Wall clock in ms, injectable so tests can skew it. */
  wallClock?: () => number;
}

export interface ForeignReport {
  applied: number;
  duplicate: number;
  /** Held back until the events before them arrive. */
  early: number;
  /** Same key, different content: refused, nothing written for them. */
  conflicts: EventKey[];
  /** Set when the batch showed this ledger had been restored behind its own origin. */
  rotatedOrigin?: string;
}

export interface OriginRecord {
  originId: string;
  startedAt: string;
  reason: string;
}

export class Ledger {
  readonly catalog: Catalog;
  readonly settings: Settings;
  private readonly log: EventLog;
  private readonly stock: StockCache;
  private readonly clock: HybridLogicalClock;
  private identity: LedgerIdentity;
  private readonly statements = new Map<string, Statement>();
  private ownOriginsRead: { forOrigin: string; origins: readonly string[] } | undefined;
  // One wrapper for every transaction: better-sqlite3 builds a new one per db.transaction() call,
  // which cost more than the sale's own statements.
  private readonly inTransaction: ReturnType<SqliteDatabase['transaction']>;
  private afterCommit: (() => void) | undefined;

  private constructor(
    readonly db: SqliteDatabase,
    options: LedgerOptions,
  ) {
    const wallClock = options.wallClock ?? Date.now;
    this.inTransaction = db.transaction((work: () => unknown) => work());
    this.identity = establishIdentity(db, options.path, options.storeId, new Date(wallClock()));
    this.catalog = new Catalog(db);
    this.settings = new Settings(db);
    this.stock = new StockCache(db, () => this.identity.originId);
    this.log = new EventLog(db, this.stock, () => this.identity.originId);
    const latest = db.prepare('SELECT max(hlc) AS hlc FROM events').get() as { hlc: string | null };
    this.clock = new HybridLogicalClock(
      wallClock,
      latest.hlc ? parseHlc(latest.hlc) : { ms: 0, counter: 0 },
    );
  }

  static open(options: LedgerOptions): Ledger {
    const db = openDatabase(options);
    try {
      return new Ledger(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get originId(): string {
    return this.identity.originId;
  }

  get storeId(): string {
    return this.identity.storeId;
  }

  /** Why this open started a new origin, if it did. */
  get rotatedBecause(): string | undefined {
    return this.identity.rotated;
  }

  close(): void {
    this.db.close();
  }

  /** Runs `work` as one durable transaction (or a savepoint inside the caller's). */
  transaction<T>(work: () => T): T {
    const result = this.inTransaction.immediate(work) as T;
    if (this.afterCommit && !this.db.inTransaction) this.afterCommit();
    return result;
  }

  /**
   * Runs `hook` after each outermost commit made by transaction() (the WAL checkpointer's kick,
   * which may copy a few frames there and then: see WalCheckpointer.afterCommit).
   */
  onCommit(hook: () => void): void {
    this.afterCommit = hook;
  }

  /**
   * A statement prepared once for this connection and reused: compiling SQL costs more than
   * running it, and a sale runs a dozen. Only for get/all/run (an iterating statement is busy).
   */
  statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /** Gives drafts this register's next seqs and a timestamp, and records them atomically. */
  append(drafts: readonly EventDraft[]): LedgerEvent[] {
    return this.transaction(() => {
      // Read once: appendNext still checks each seq against the log as it writes.
      let seq = this.log.highestSeq(this.originId);
      return drafts.map((draft) => {
        seq += 1;
        const event = ledgerEventSchema.parse({
          ...draft,
          originId: this.originId,
          seq,
          hlc: this.clock.now(),
        });
        this.log.appendNext(event);
        return event;
      });
    });
  }

  /**
   * Records counted titles as STOCKTAKE events in one transaction, for counts whose ISBNs are
   * already catalog keys (a stocktake session's). What the events share is checked once against
   * the event schema, each count's own fields with plain checks and each distinct vector once;
   * the vector row is written once, and a title is folded again only when its new count does not
   * already cover everything its horizon names (see StockCache.cacheNewStocktakes).
   */
  appendStocktakes(
    common: { actor: string; stocktakeId: string },
    counts: readonly { isbn: string; counted: number; vector: VersionVector }[],
  ): StocktakeEvent[] {
    return this.transaction(() => {
      const checkedVectors = new Set<VersionVector>();
      let seq = this.log.highestSeq(this.originId);
      const events = counts.map((count): StocktakeEvent => {
        seq += 1;
        const event: StocktakeEvent = {
          kind: 'STOCKTAKE',
          originId: this.originId,
          seq,
          hlc: this.clock.now(),
          storeId: this.storeId,
          isbn: count.isbn,
          actor: common.actor,
          counted: count.counted,
          vector: count.vector,
          stocktakeId: common.stocktakeId,
        };
        if (checkedVectors.size === 0) {
          // The first event whole: it vouches for every field the others share with it.
          stocktakeEventSchema.parse(event);
          checkedVectors.add(count.vector);
        } else {
          checkStocktakeCount(count);
          if (!checkedVectors.has(count.vector)) {
            versionVectorSchema.parse(count.vector);
            checkedVectors.add(count.vector);
          }
        }
        return event;
      });
      const horizons = this.stock.titleHorizons(
        this.storeId,
        events.map((event) => event.isbn),
      );
      // In runs of a few thousand: each run's texts are garbage once inserted, and 50,000 texts
      // alive at once (~15 MB) cost the garbage collector more than the run boundaries cost.
      for (let from = 0; from < events.length; from += STOCKTAKE_RUN) {
        const run = events.slice(from, from + STOCKTAKE_RUN);
        this.log.appendRun(run, canonicalStocktakes(run));
      }
      this.stock.cacheNewStocktakes(events, horizons);
      return events;
    });
  }

  /**
   * Accepts events from other registers (via the master): idempotent, in any order. The events
   * are untrusted: one the ledger already holds is recognised by its stored text, every other one
   * is checked against ledgerEventSchema, and a malformed one throws (the batch writes nothing).
   */
  applyForeign(events: readonly LedgerEvent[]): ForeignReport {
    const identityBefore = this.identity;
    try {
      return this.applyForeignBatch(events);
    } catch (error) {
      // The batch rolled back, a rotation with it: keep writing as the origin the file names.
      this.identity = identityBefore;
      throw error;
    }
  }

  private applyForeignBatch(events: readonly LedgerEvent[]): ForeignReport {
    return this.transaction(() =>
      this.log.withDeferredVector(() => {
        this.log.recheckEarly();
        const report: ForeignReport = { applied: 0, duplicate: 0, early: 0, conflicts: [] };
        // The clock observes the page's latest timestamp once: hlc texts sort as they compare.
        let latest = '';
        const observe = (applied: LedgerEvent) => {
          if (applied.hlc > latest) latest = applied.hlc;
        };
        for (const event of events) {
          if (event.originId === this.originId && event.seq > this.log.highestSeq(this.originId)) {
            // Someone holds events of our origin that we lack: this file was restored or copied
            // behind our back. Never write those seqs again; take the events as history.
            const reason = `the chain holds event ${event.seq} of origin ${this.originId} but this ledger stops at ${this.log.highestSeq(this.originId)}: restored from an older copy`;
            this.identity = {
              ...this.identity,
              originId: rotateOrigin(this.db, reason, new Date()),
              rotated: reason,
            };
            report.rotatedOrigin = reason;
          }
          const outcome = this.log.acceptForeign(event, observe);
          if (outcome === 'conflict')
            report.conflicts.push({ originId: event.originId, seq: event.seq });
          else report[outcome] += 1;
        }
        if (latest !== '') this.clock.observe(latest);
        return report;
      }),
    );
  }

  vector(): VersionVector {
    return this.log.vector();
  }

  event(key: EventKey): LedgerEvent | undefined {
    return this.log.get(key);
  }

  /** Events this ledger holds that a peer with `peer` as its vector lacks, oldest first per origin. */
  eventsMissingFrom(peer: VersionVector, limit: number): LedgerEvent[] {
    const out: LedgerEvent[] = [];
    for (const [originId, seq] of Object.entries(this.vector())) {
      const have = peer[originId] ?? 0;
      if (seq <= have) continue;
      out.push(...this.log.range(originId, have, seq, limit - out.length));
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Events of one origin with afterSeq < seq <= toSeq, in seq order, at most `limit`. */
  eventsOfOrigin(originId: string, afterSeq: number, toSeq: number, limit: number): LedgerEvent[] {
    return this.log.range(originId, afterSeq, toSeq, limit);
  }

  /** As eventsOfOrigin, the events' stored canonical texts (what a push sends as it is). */
  eventTextsOfOrigin(originId: string, afterSeq: number, toSeq: number, limit: number): string[] {
    return this.log.rangeTexts(originId, afterSeq, toSeq, limit);
  }

  /** Foreign events received ahead of a gap, not yet counted. */
  earlyEventCount(): number {
    return this.log.earlyCount();
  }

  onHand(isbnInput: string, storeId: string = this.storeId): number {
    return this.stock.onHand(storeId, normalizeIsbn(isbnInput));
  }

  /** Every title of the store with events, as anti-entropy compares them with the master's. */
  titleDigests(storeId: string = this.storeId): TitleDigest[] {
    return this.stock.digests(storeId);
  }

  /** The full fold for one title, with the stocktake it starts from and any concurrent ones. */
  explainCount(isbnInput: string, storeId: string = this.storeId): FoldResult {
    return foldCount(this.stock.keyEvents(storeId, normalizeIsbn(isbnInput)));
  }

  eventsForTitle(isbnInput: string, storeId: string = this.storeId): LedgerEvent[] {
    return this.stock.keyEvents(storeId, normalizeIsbn(isbnInput));
  }

  /** Every event of one store, by title, in one pass: for reports that cover most titles. */
  eventsByTitle(storeId: string = this.storeId): Map<string, LedgerEvent[]> {
    const byTitle = new Map<string, LedgerEvent[]>();
    const rows = this.statement('SELECT isbn, body FROM events WHERE store_id = ?').all(
      storeId,
    ) as { isbn: string; body: string }[];
    for (const row of rows) {
      const event = JSON.parse(row.body) as LedgerEvent;
      const list = byTitle.get(row.isbn);
      if (list) list.push(event);
      else byTitle.set(row.isbn, [event]);
    }
    return byTitle;
  }

  /** Folds one title again from the log into the cache (anti-entropy found it wrong). */
  recomputeTitle(isbn: string, storeId: string = this.storeId): void {
    this.transaction(() => this.stock.recompute(storeId, isbn));
  }

  rebuildStock(): void {
    this.stock.rebuild();
  }

  /**
   * Each title of a store (ISBN, cached count, horizon text), in ascending ISBN order, one array
   * per column: a report covering most titles reads these instead of the log for titles a count's
   * vector has fully seen. Shared while the ledger is unchanged: read-only.
   */
  stockRows(storeId: string = this.storeId): StoreStock {
    return this.stock.storeStock(storeId);
  }

  /** Titles whose cached horizon differs from the log's; an empty list means they agree. */
  checkStockHorizons(): ReturnType<StockCache['checkHorizons']> {
    return this.stock.checkHorizons();
  }

  /** Compares the stock cache with the log; an empty list means they agree. */
  checkStock(): StockMismatch[] {
    return this.stock.check();
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  originHistory(): OriginRecord[] {
    return (
      this.statement(
        'SELECT origin_id, started_at, reason FROM origin_history ORDER BY started_at, rowid',
      ).all() as { origin_id: string; started_at: string; reason: string }[]
    ).map((row) => ({ originId: row.origin_id, startedAt: row.started_at, reason: row.reason }));
  }

  /** Every origin this file has written as: its events are ours to push to the master. */
  ownOrigins(): string[] {
    // Read once per current origin (a strong sale asks twice): a new origin is the only way the
    // list grows, and a rotation rolled back returns to the origin the list was read for.
    if (this.ownOriginsRead?.forOrigin !== this.originId) {
      this.ownOriginsRead = {
        forOrigin: this.originId,
        origins: this.originHistory().map((record) => record.originId),
      };
    }
    return [...this.ownOriginsRead.origins];
  }

  /** The highest seq this ledger holds of one origin (0 for none): one origin of vector(). */
  highestSeq(originId: string): number {
    return this.log.highestSeq(originId);
  }

  /** A timestamp for a record that is not an event (a receipt), on the same clock. */
  now(): string {
    return this.clock.now();
  }
}
