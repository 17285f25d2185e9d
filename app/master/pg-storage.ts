// The MasterStorage for chains that outgrow one machine: PostgreSQL, shared by any number of master
// processes. Event writes go through a group commit queue (pg-commit-queue.ts) into one
// transaction per group (pg-event-writer.ts), two round trips when its counts can be settled in
// memory (pg-merged-write.ts); the token lookups of requests arriving together share one query
// (pg-token-lookups.ts); other reads go straight to the pool.
import type { Pool } from 'pg';
import type { VersionVector } from '../protocol/events.js';
import type { FeedSkip, TitleDigest } from '../protocol/wire.js';
import type { Store, Title } from '../catalog/catalog.js';
import type { StockMismatch } from '../ledger/stock-cache.js';
import { MasterDatabaseError, StorageClosedError } from './master-errors.js';
import * as catalog from './pg-catalog-store.js';
import { PgCommitQueue } from './pg-commit-queue.js';
import { isBrokenConnection, translatePgError } from './pg-errors.js';
import {
  readAvailability,
  readFeed,
  readHeadSeq,
  readRepairView,
  readTitleDigests,
  readTitleState,
} from './pg-event-reads.js';
import { writeAppendGroup, type PgAppendItem } from './pg-event-writer.js';
import { migratePg, PG_LATEST_VERSION } from './pg-migrate.js';
import { inFusedTransaction } from './pg-fused-transaction.js';
import { createPgPool, redactedUrl } from './pg-pool.js';
import * as registers from './pg-register-store.js';
import { PgRegisterContacts } from './pg-register-contacts.js';
import { TokenLookups } from './pg-token-lookups.js';
import { stockMismatches } from './pg-stock-cache.js';
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

export interface PgMasterStorageOptions {
  /** postgres://… ; see docs/postgres.md for TLS, schemas and connection limits. */
  url: string;
  /** Connections this process may open (default 10). */
  poolSize?: number;
  /** Timestamps events' arrival; injectable for tests. */
  clock?: () => Date;
  /** Stop at this schema version: only the migration tests use it. */
  schemaVersion?: number;
}

/**
 * A master that acknowledges a sale must have it on disk. Refuses a server that would lose
 * acknowledged commits in a crash, and a read replica (which cannot take writes at all).
 */
async function checkServer(pool: Pool, url: string): Promise<void> {
  const result = await pool.query<{ fsync: string; sync: string; standby: boolean }>(
    `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync,
       pg_is_in_recovery() AS standby`,
  );
  const row = result.rows[0];
  if (row?.standby) {
    throw new MasterDatabaseError(
      `${redactedUrl(url)} is a read replica (in recovery). The master must write to the primary; see docs/postgres.md.`,
    );
  }
  if (row?.fsync === 'off' || row?.sync === 'off') {
    throw new MasterDatabaseError(
      `${redactedUrl(url)} runs with ${row.fsync === 'off' ? 'fsync' : 'synchronous_commit'} = off: a crash could lose sales the master already acknowledged. Turn it on (the default) for this database.`,
    );
  }
}

export class PgMasterStorage implements MasterStorage {
  private readonly queue: PgCommitQueue<PgAppendItem, AppendResult>;
  private readonly clock: () => Date;
  readonly contacts: PgRegisterContacts;
  private readonly tokens: TokenLookups;
  private closed = false;

  private constructor(
    readonly pool: Pool,
    options: PgMasterStorageOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.contacts = new PgRegisterContacts(pool);
    this.tokens = new TokenLookups((hashes) => registers.registersByTokenHashes(this.pool, hashes));
    this.queue = new PgCommitQueue<PgAppendItem, AppendResult>(
      (items) =>
        inFusedTransaction(this.pool, (transaction) => writeAppendGroup(transaction, items)),
      { weigh: (item) => Math.max(1, item.request.events.length) },
    );
  }

  /** Connects, checks the server is safe to acknowledge sales on, and migrates the schema. */
  static async open(options: PgMasterStorageOptions): Promise<PgMasterStorage> {
    const pool = createPgPool({ url: options.url, max: options.poolSize });
    try {
      await checkServer(pool, options.url);
      await migratePg(pool, options.schemaVersion ?? PG_LATEST_VERSION);
    } catch (error) {
      await pool.end();
      if (error instanceof MasterDatabaseError) throw error;
      throw new MasterDatabaseError(
        `Cannot open the PostgreSQL master database at ${redactedUrl(options.url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return new PgMasterStorage(pool, options);
  }

  append(request: AppendRequest): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StorageClosedError());
    return this.queue.enqueue({ request, receivedAt: this.clock().toISOString() });
  }

  feed(after: number, limit: number, skip?: FeedSkip): Promise<FeedPage> {
    return this.read(() => readFeed(this.pool, after, limit, skip));
  }

  headSeq(): Promise<number> {
    return this.read(() => readHeadSeq(this.pool));
  }

  titleState(storeId: string, isbn: string): Promise<TitleState> {
    return this.read(() => readTitleState(this.pool, storeId, isbn));
  }

  repairView(
    storeId: string,
    isbn: string,
    registerVector: VersionVector,
    limit: number,
  ): Promise<RepairView> {
    return this.read(() => readRepairView(this.pool, storeId, isbn, registerVector, limit));
  }

  titleDigests(storeId: string): Promise<{ headSeq: number; titles: TitleDigest[] }> {
    return this.read(() => readTitleDigests(this.pool, storeId));
  }

  availability(isbn: string): Promise<StoreOnHand[]> {
    return this.read(() => readAvailability(this.pool, isbn));
  }

  stores(): Promise<Store[]> {
    return this.read(() => catalog.readStores(this.pool));
  }

  store(storeId: string): Promise<Store | undefined> {
    return this.read(() => catalog.readStore(this.pool, storeId));
  }

  upsertStores(stores: readonly Store[]): Promise<void> {
    return this.write(() => catalog.upsertStores(this.pool, stores));
  }

  titles(): Promise<Title[]> {
    return this.read(() => catalog.readTitles(this.pool));
  }

  upsertTitles(titles: readonly Title[]): Promise<void> {
    return this.write(() => catalog.upsertTitles(this.pool, titles));
  }

  createEnrolmentCode(code: NewEnrolmentCode): Promise<void> {
    return this.write(() => registers.createCode(this.pool, code));
  }

  enrol(input: EnrolmentInput): Promise<EnrolmentOutcome> {
    return this.write(() => registers.enrol(this.pool, input));
  }

  registerByTokenHash(tokenHash: Buffer): Promise<RegisterRecord | undefined> {
    return this.read(() => this.tokens.find(tokenHash));
  }

  claimOrigin(registerId: string, originId: string, now: string): Promise<ClaimOutcome> {
    return this.write(() => registers.claimOrigin(this.pool, registerId, originId, now));
  }

  registers(): Promise<RegisterRecord[]> {
    return this.read(() => registers.listRegisters(this.pool));
  }

  revokeRegister(registerId: string, now: string): Promise<boolean> {
    return this.write(() => registers.revokeRegister(this.pool, registerId, now));
  }

  stats(): StorageStats {
    return { commits: this.queue.commits, appends: this.queue.batches };
  }

  /** Compares the stock cache with a fresh fold of the log; empty means they agree. */
  checkStock(): Promise<StockMismatch[]> {
    return this.read(() => stockMismatches(this.pool));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.close();
    await this.pool.end();
  }

  /** A read: refused once closed; retried once on a fresh connection if its connection died. */
  private async read<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StorageClosedError();
    try {
      return await work();
    } catch (error) {
      if (!isBrokenConnection(error)) return translatePgError(error);
      try {
        return await work();
      } catch (again) {
        return translatePgError(again);
      }
    }
  }

  /** A write other than append: never retried here (it may have committed); a lost database is a 503. */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StorageClosedError();
    try {
      return await work();
    } catch (error) {
      return translatePgError(error);
    }
  }
}
