// The embedded MasterStorage: one SQLite file, one connection. Event writes go through the group
// commit queue; everything else is a short synchronous statement, which cannot interleave with a
// group commit because both run on this one thread.
import type { LedgerEvent, VersionVector } from '../protocol/events.js';
import type { FeedSkip, TitleDigest } from '../protocol/wire.js';
import { Catalog, type Store, type Title } from '../catalog/catalog.js';
import type { SqliteDatabase } from '../ledger/database.js';
import { WalCheckpointer, type WalCheckpointerStats } from '../ledger/wal-checkpointer.js';
import { CommitQueue } from './commit-queue.js';
import { feedNextAfter, feedScanEnd, feedSkipParams } from './feed-bounds.js';
import { openMasterDatabase } from './master-database.js';
import type { MasterMigrationStep } from './migrations/index.js';
import { StorageClosedError } from './master-errors.js';
import { StockCache, type StockMismatch } from '../ledger/stock-cache.js';
import { SqliteEventWriter } from './sqlite-event-writer.js';
import {
  MASTER_TITLE_READS,
  TitleIndex,
  type TitleIndexOptions,
  type TitleIndexStats,
} from './title-index.js';
import { SqliteRegisterStore } from './sqlite-register-store.js';
import { SqliteRegisterContacts } from './sqlite-register-contacts.js';
import type {
  AppendRequest,
  AppendResult,
  ClaimOutcome,
  EnrolmentInput,
  EnrolmentOutcome,
  FeedPage,
  MasterStorage,
  NewEnrolmentCode,
  RegisterRecord,
  RepairView,
  StorageStats,
  StoreOnHand,
  TitleState,
} from './storage.js';

/** A feed page as stored: masterSeqs ascending, and each event's canonical text. */
export interface StoredFeedPage {
  masterSeqs: number[];
  texts: string[];
  nextAfter: number;
  headSeq: number;
}

export interface SqliteMasterStorageOptions {
  /** The database file (created if missing), or ':memory:'. */
  path: string;
  /** Timestamps events' arrival; injectable for tests. */
  clock?: () => Date;
  /** The WAL's hard limit (see WalCheckpointer); tests set a small one. */
  walHardLimitBytes?: number;
  /** WAL frames waiting before the checkpointer copies them; tests set a small one. */
  walThresholdFrames?: number;
  /** Told before each pending schema migration runs (serve logs it). */
  onMigration?: (step: MasterMigrationStep) => void;
  /** The per-title index's tier sizes (see TitleIndex); tests set small ones. */
  titleIndex?: TitleIndexOptions;
}

export class SqliteMasterStorage implements MasterStorage {
  private readonly queue: CommitQueue;
  private readonly stock: StockCache;
  private readonly writer: SqliteEventWriter;
  private readonly titleIndex: TitleIndex;
  private readonly registerStore: SqliteRegisterStore;
  readonly contacts: SqliteRegisterContacts;
  private readonly catalog: Catalog;
  private readonly clock: () => Date;
  private readonly statements;
  private readonly checkpointer: WalCheckpointer | undefined;
  private closed = false;

  private constructor(
    readonly db: SqliteDatabase,
    options: SqliteMasterStorageOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    // Checkpoints run in a worker, not inside a push's COMMIT (a file only: ':memory:' has no WAL).
    this.checkpointer =
      options.path === ':memory:'
        ? undefined
        : new WalCheckpointer({
            db,
            path: options.path,
            hardLimitBytes: options.walHardLimitBytes,
            thresholdFrames: options.walThresholdFrames,
          });
    const checkpointer = this.checkpointer;
    this.queue = new CommitQueue(db, checkpointer ? () => checkpointer.afterCommit() : undefined);
    const titleIndex = new TitleIndex(db, options.titleIndex);
    this.titleIndex = titleIndex;
    this.stock = new StockCache(db, undefined, {
      ...MASTER_TITLE_READS,
      beforeRead: () => titleIndex.catchUp(),
    });
    this.writer = new SqliteEventWriter(db, this.stock, this.titleIndex);
    this.registerStore = new SqliteRegisterStore(db);
    this.contacts = new SqliteRegisterContacts(db);
    this.catalog = new Catalog(db);
    this.statements = {
      feed: db.prepare<
        [number, number, string, number, number],
        { master_seq: number; body: string }
      >(
        `SELECT master_seq, body FROM events
         WHERE master_seq > ? AND master_seq <= ? AND NOT (origin_id = ? AND seq <= ?)
         ORDER BY master_seq LIMIT CAST(? AS INTEGER)`,
      ),
      headSeq: db.prepare<[], { head: number }>(
        'SELECT coalesce(max(master_seq), 0) AS head FROM events',
      ),
      // As JSON built by SQLite (see EventLog.vector): a chain's hundreds of origins cost a
      // third as much parsed once as copied row by row. `held` is keyed by origin_id, so the
      // object's keys come in that order.
      held: db
        .prepare<[], string>('SELECT json_group_object(origin_id, seq) FROM held WHERE seq > 0')
        .pluck(),
      availability: db.prepare<[string], { store_id: string; name: string; on_hand: number }>(
        `SELECT s.store_id, s.name, coalesce(k.on_hand, 0) AS on_hand FROM stores s
         LEFT JOIN stock k ON k.store_id = s.store_id AND k.isbn = ? ORDER BY s.name, s.store_id`,
      ),
      titleOrigins: db.prepare<[string, string], { origin_id: string; top: number }>(
        `SELECT e.origin_id, max(e.seq) AS top FROM title_index t JOIN events e ON e.master_seq = t.master_seq
         WHERE t.store_id = ? AND t.isbn = ? GROUP BY e.origin_id`,
      ),
      originRange: db.prepare<[string, number, number, number], { body: string }>(
        'SELECT body FROM events WHERE origin_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT CAST(? AS INTEGER)',
      ),
      store: db.prepare<[string], { store_id: string; name: string }>(
        'SELECT store_id, name FROM stores WHERE store_id = ?',
      ),
    };
  }

  static open(options: SqliteMasterStorageOptions): SqliteMasterStorage {
    const { path, onMigration } = options;
    return new SqliteMasterStorage(
      openMasterDatabase({ path, ...(onMigration ? { onMigration } : {}) }),
      options,
    );
  }

  append(request: AppendRequest): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StorageClosedError());
    const receivedAt = this.clock().toISOString();
    return this.queue.enqueue(() => this.writer.write(request, receivedAt));
  }

  feed(after: number, limit: number, skip?: FeedSkip): Promise<FeedPage> {
    return this.feedTexts(after, limit, skip).then(({ masterSeqs, texts, nextAfter, headSeq }) => ({
      entries: masterSeqs.map((masterSeq, index) => ({
        masterSeq,
        event: JSON.parse(texts[index] ?? '') as LedgerEvent,
      })),
      nextAfter,
      headSeq,
    }));
  }

  /**
   * The feed as stored: each event's canonical text, not parsed, for the feed route to send as
   * it is (parsing 5,000 events and writing them out again cost the master more than reading).
   */
  feedTexts(after: number, limit: number, skip?: FeedSkip): Promise<StoredFeedPage> {
    return this.run(() => {
      const masterSeqs: number[] = [];
      const texts: string[] = [];
      // One connection, read synchronously: no commit lands between the head and the page.
      const headSeq = this.readHeadSeq();
      const scanEnd = feedScanEnd(after, limit, headSeq);
      // iterate() steps the cursor row by row: only this page is ever held in memory.
      const rows = this.statements.feed.iterate(after, scanEnd, ...feedSkipParams(skip), limit);
      for (const row of rows) {
        masterSeqs.push(row.master_seq);
        texts.push(row.body);
      }
      const nextAfter = feedNextAfter(masterSeqs.at(-1), masterSeqs.length, limit, scanEnd);
      return { masterSeqs, texts, nextAfter, headSeq };
    });
  }

  headSeq(): Promise<number> {
    return this.run(() => this.readHeadSeq());
  }

  titleState(storeId: string, isbn: string): Promise<TitleState> {
    return this.run(() => ({ onHand: this.stock.onHand(storeId, isbn), vector: this.vector() }));
  }

  repairView(
    storeId: string,
    isbn: string,
    registerVector: VersionVector,
    limit: number,
  ): Promise<RepairView> {
    return this.run(() => {
      const events: LedgerEvent[] = [];
      let complete = true;
      // Whole ranges per origin, not just the title's events, so the register's log stays
      // gap-free; they end at the last event that touches the title.
      for (const { origin_id: originId, top } of this.statements.titleOrigins.all(storeId, isbn)) {
        const from = registerVector[originId] ?? 0;
        if (top <= from) continue;
        const room = limit - events.length;
        if (room <= 0 || top - from > room) complete = false;
        if (room <= 0) break;
        for (const row of this.statements.originRange.iterate(originId, from, top, room)) {
          events.push(JSON.parse(row.body) as LedgerEvent);
        }
      }
      return { onHand: this.stock.onHand(storeId, isbn), events, complete };
    });
  }

  titleDigests(storeId: string): Promise<{ headSeq: number; titles: TitleDigest[] }> {
    return this.run(() =>
      // One read transaction: the digests and the head describe the same moment.
      this.db.transaction(() => ({
        headSeq: this.readHeadSeq(),
        // One stock row per title: the cache keeps each title's digest with its count.
        titles: this.stock.digests(storeId),
      }))(),
    );
  }

  availability(isbn: string): Promise<StoreOnHand[]> {
    return this.run(() =>
      this.statements.availability
        .all(isbn)
        .map((row) => ({ storeId: row.store_id, name: row.name, onHand: row.on_hand })),
    );
  }

  stores(): Promise<Store[]> {
    return this.run(() => this.catalog.stores());
  }

  store(storeId: string): Promise<Store | undefined> {
    return this.run(() => {
      const row = this.statements.store.get(storeId);
      return row ? { storeId: row.store_id, name: row.name } : undefined;
    });
  }

  upsertStores(stores: readonly Store[]): Promise<void> {
    return this.run(() => this.catalog.upsertStores(stores));
  }

  titles(): Promise<Title[]> {
    return this.run(() => this.catalog.titles());
  }

  upsertTitles(titles: readonly Title[]): Promise<void> {
    return this.run(() => this.catalog.upsertTitles(titles));
  }

  createEnrolmentCode(code: NewEnrolmentCode): Promise<void> {
    return this.run(() => this.registerStore.createCode(code));
  }

  enrol(input: EnrolmentInput): Promise<EnrolmentOutcome> {
    return this.run(() => this.registerStore.enrol(input));
  }

  registerByTokenHash(tokenHash: Buffer): Promise<RegisterRecord | undefined> {
    return this.run(() => this.registerStore.byTokenHash(tokenHash));
  }

  claimOrigin(registerId: string, originId: string, now: string): Promise<ClaimOutcome> {
    return this.run(() => this.registerStore.claimOrigin(registerId, originId, now));
  }

  registers(): Promise<RegisterRecord[]> {
    return this.run(() => this.registerStore.list());
  }

  revokeRegister(registerId: string, now: string): Promise<boolean> {
    return this.run(() => this.registerStore.revoke(registerId, now));
  }

  stats(): StorageStats {
    return { commits: this.queue.commits, appends: this.queue.batches };
  }

  /** Compares the stock cache with a fresh fold of the log; empty means they agree. */
  checkStock(): StockMismatch[] {
    return this.stock.check();
  }

  /**
   * Indexes the whole log's titles afresh, in one transaction: for whatever inserted events
   * around the writer (a bulk load). Returns the entries indexed.
   */
  rebuildTitleIndex(): number {
    return this.db.transaction(() => this.titleIndex.rebuild()).immediate();
  }

  titleIndexStats(): TitleIndexStats {
    return this.titleIndex.stats();
  }

  /** The WAL checkpointer's counts; undefined for ':memory:'. */
  checkpointStats(): WalCheckpointerStats | undefined {
    return this.checkpointer?.stats();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.close();
    // The worker's connection first: the writer's close then runs the last checkpoint alone.
    await this.checkpointer?.close();
    this.db.close();
  }

  private vector(): VersionVector {
    return JSON.parse(this.statements.held.get() ?? '{}') as VersionVector;
  }

  private readHeadSeq(): number {
    return this.statements.headSeq.get()?.head ?? 0;
  }

  /** Runs a synchronous statement as a promise; the executor turns a throw into a rejection. */
  private run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      if (this.closed) throw new StorageClosedError();
      resolve(work());
    });
  }
}
