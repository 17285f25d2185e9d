// What the master's routes need from a database. Routes depend on this interface only, so a
// PostgreSQL implementation can replace the embedded SQLite one without touching them. Every
// method returns a Promise even where SQLite answers synchronously, because a network database
// will not.
import type { LedgerEvent, VersionVector } from '../protocol/events.js';
import type { FeedSkip, TitleDigest } from '../protocol/wire.js';
import type { Store, Title } from '../catalog/catalog.js';
import type { RegisterContacts } from './register-contacts.js';

export interface AppendRequest {
  /** Already validated against ledgerEventSchema and authorised for the caller. */
  events: readonly LedgerEvent[];
  /** Also report the master's on-hand of these titles of this store, as of this commit. */
  onHandFor?: { storeId: string; isbns: readonly string[] };
  /**
   * Strong mode: refuse the whole request (InsufficientStockError) when a title this request
   * newly sells ends below zero at the master. A re-sent sale the master already holds passes.
   */
  refuseNegativeStock?: boolean;
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
  /** Highest contiguous seq now held for each origin in the request. */
  held: VersionVector;
  headSeq: number;
  onHand: Record<string, number>;
}

export interface FeedEntry {
  masterSeq: number;
  event: LedgerEvent;
}

export interface FeedPage {
  entries: FeedEntry[];
  /** Where the next page starts: past the last entry if the page looked further (feed-bounds). */
  nextAfter: number;
  headSeq: number;
}

export interface TitleState {
  onHand: number;
  vector: VersionVector;
}

/** What read repair needs of the master for one title (see repairRequestSchema in wire.ts). */
export interface RepairView {
  onHand: number;
  /** Whole per-origin ranges after `registerVector`, up to the last event touching the title. */
  events: LedgerEvent[];
  complete: boolean;
}

export interface StoreOnHand {
  storeId: string;
  name: string;
  onHand: number;
}

export interface RegisterRecord {
  registerId: string;
  storeId: string;
  name: string;
  /** SHA-256 of the bearer token. */
  tokenHash: Buffer;
  /** Origins this register may push events for, oldest claim first. */
  origins: string[];
  enrolledAt: string;
  revokedAt: string | null;
}

export interface NewEnrolmentCode {
  codeHash: Buffer;
  storeId: string;
  createdAt: string;
  expiresAt: string;
}

export interface EnrolmentInput {
  codeHash: Buffer;
  registerId: string;
  registerName: string;
  originId: string;
  tokenHash: Buffer;
  now: string;
}

export type EnrolmentOutcome =
  | { ok: true; register: RegisterRecord; store: Store }
  | { ok: false; reason: 'INVALID_CODE' | 'ORIGIN_TAKEN' };

/** `taken`: another register that is still active holds the origin. */
export type ClaimOutcome = 'claimed' | 'taken';

export interface StorageStats {
  /** Transactions that wrote events: fewer than appends when requests shared a group commit. */
  commits: number;
  /** Append requests judged in a committed transaction, whether accepted or refused. */
  appends: number;
}

export interface MasterStorage {
  /** When each register last pushed and pulled (register-contacts.ts). */
  readonly contacts: RegisterContacts;
  /**
   * Writes a request's events atomically: all of them or none. Re-sent identical events count as
   * duplicates; a different body under a held key throws EventConflictError; a seq past its
   * origin's next throws EventGapError. Resolves only once the write is durable.
   */
  append(request: AppendRequest): Promise<AppendResult>;
  /** Events with masterSeq > after, in masterSeq order, at most `limit`, less those skipped. */
  feed(after: number, limit: number, skip?: FeedSkip): Promise<FeedPage>;
  headSeq(): Promise<number>;
  /** The master's count of one title at one store, with the whole vector it reflects. */
  titleState(storeId: string, isbn: string): Promise<TitleState>;
  /** The title's count and the events a register holding `registerVector` lacks for it. */
  repairView(
    storeId: string,
    isbn: string,
    registerVector: VersionVector,
    limit: number,
  ): Promise<RepairView>;
  /** Per-title digests of one store, read in one snapshot with the head they reflect. */
  titleDigests(storeId: string): Promise<{ headSeq: number; titles: TitleDigest[] }>;
  /** Every store's count of one title, stores without events for it at 0. */
  availability(isbn: string): Promise<StoreOnHand[]>;

  stores(): Promise<Store[]>;
  store(storeId: string): Promise<Store | undefined>;
  /** Adds stores or renames existing ones. */
  upsertStores(stores: readonly Store[]): Promise<void>;
  titles(): Promise<Title[]>;
  upsertTitles(titles: readonly Title[]): Promise<void>;

  createEnrolmentCode(code: NewEnrolmentCode): Promise<void>;
  /** Spends an unused, unexpired code on a new register that claims `originId`. */
  enrol(input: EnrolmentInput): Promise<EnrolmentOutcome>;
  registerByTokenHash(tokenHash: Buffer): Promise<RegisterRecord | undefined>;
  /** Idempotent for the register's own origins. */
  claimOrigin(registerId: string, originId: string, now: string): Promise<ClaimOutcome>;
  registers(): Promise<RegisterRecord[]>;
  /** False when no such register exists. Revoking twice keeps the first time. */
  revokeRegister(registerId: string, now: string): Promise<boolean>;

  stats(): StorageStats;
  /** Writes everything already queued, then releases the database. Later calls reject. */
  close(): Promise<void>;
}
