// The register core: one object over the ledger and the master client that every shell (the
// Electron window, the browser shell, the headless CLI) drives the same way.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger } from '../ledger/ledger.js';
import { checkpointLedgerInWorker } from '../ledger/ledger-checkpoint.js';
import type { WalCheckpointer } from '../ledger/wal-checkpointer.js';
import {
  cancelPendingReceipt,
  readReceipt,
  recordReturn,
  recordSale,
  type Receipt,
  type ReturnInput,
  type SaleInput,
} from '../ledger/sales.js';
import type { SyncMode } from '../ledger/settings.js';
import { receiveDelivery } from '../ledger/stock-operations.js';
import type { Title } from '../catalog/catalog.js';
import type { AvailabilityResponse } from '../protocol/wire.js';
import { UserError } from '../shared/errors.js';
import { pushOutbox, runBatch, type BatchProgress, type BatchResult } from '../sync/batch.js';
import {
  MasterClient,
  MasterRejectedError,
  MasterUnreachableError,
} from '../sync/master-client.js';
import { Outbox } from '../sync/outbox.js';
import { NightlyScheduler } from '../sync/scheduler.js';
import { ClaimingMaster, markOriginClaimed } from '../sync/origin-claims.js';
import {
  confirmCorrection,
  declineCorrection,
  repairTitle,
  retryUnverifiedRepairs,
  type RepairOutcome,
} from '../repair/read-repair.js';
import { countFlags, recentRepairs, type RepairRecord } from '../repair/repair-log.js';
import type { LedgerEvent } from '../protocol/events.js';
import { StocktakeDesk } from './stocktake-desk.js';
import {
  confirmWithMaster,
  finishInEventualMode,
  pendingReceiptCount,
  pendingReceipts,
  sellStrong,
  type StrongSaleOutcome,
} from '../sync/strong-sale.js';

export interface RegisterOptions {
  dataDir: string;
  /** Required the first time (or given by enrolment); read from the ledger afterwards. */
  storeId?: string;
  nativeBinding?: string;
  /** Per-request timeout towards the master. */
  masterTimeoutMs?: number;
}

export type SaleOutcome = StrongSaleOutcome | { status: 'recorded'; receipt: Receipt };

export interface RegisterStatus {
  storeId: string;
  storeName: string;
  registerName: string | null;
  originId: string;
  mode: SyncMode;
  enrolled: boolean;
  masterUrl: string | null;
  /** null until the register has tried to reach the master. */
  masterReachable: boolean | null;
  outboxSize: number;
  pendingSales: number;
  lastSyncAt: string | null;
  nightlyAt: string;
}

export class Register {
  private client: MasterClient | undefined;
  private claiming: { client: MasterClient; master: ClaimingMaster } | undefined;
  private reachable: boolean | null = null;
  private batch: Promise<BatchResult> | undefined;
  private scheduler: NightlyScheduler | undefined;

  /** The manager's stocktake screen works through this. */
  readonly stocktake: StocktakeDesk;

  private constructor(
    readonly ledger: Ledger,
    private readonly options: RegisterOptions,
    private readonly checkpointer: WalCheckpointer | undefined,
  ) {
    this.stocktake = new StocktakeDesk(ledger, () => this.syncIfPossible());
  }

  static open(options: RegisterOptions): Register {
    mkdirSync(options.dataDir, { recursive: true });
    const ledger = Ledger.open({
      path: join(options.dataDir, 'ledger.db'),
      ...(options.storeId ? { storeId: options.storeId } : {}),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    // WAL checkpoints in a worker thread: otherwise one sale in about a hundred copies the WAL into
    // the database file inside its own COMMIT (4 ms measured). If the worker cannot start (its
    // better-sqlite3 build will not load), the ledger goes back to SQLite's in-commit checkpoints.
    const checkpointer = checkpointLedgerInWorker(
      ledger,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    );
    return new Register(ledger, options, checkpointer);
  }

  /** Waits for a batch in flight, then releases the master connection and the ledger. Idempotent. */
  async close(): Promise<void> {
    if (!this.ledger.db.open) return;
    this.scheduler?.stop();
    await this.batch?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.close();
    // The worker's connection closes first, so the ledger's own close is the last one: it copies
    // the WAL into the file and removes it, and a backup taken right after is the whole ledger.
    await this.checkpointer?.close();
    this.ledger.close();
  }

  status(): RegisterStatus {
    const settings = this.ledger.settings;
    let storeName = this.ledger.storeId;
    try {
      storeName = this.ledger.catalog.store(this.ledger.storeId).name;
    } catch {
      // Not in the catalog yet (before enrolment): the id is the best name we have.
    }
    return {
      storeId: this.ledger.storeId,
      storeName,
      registerName: settings.get('register_name') ?? null,
      originId: this.ledger.originId,
      mode: settings.get('sync_mode') ?? 'eventual',
      enrolled: settings.get('master_token') !== undefined,
      masterUrl: settings.get('master_url') ?? null,
      masterReachable: this.reachable,
      outboxSize: new Outbox(this.ledger).size(),
      pendingSales: pendingReceiptCount(this.ledger),
      lastSyncAt: settings.get('last_sync_at') ?? null,
      nightlyAt: settings.get('nightly_at') ?? '02:00',
    };
  }

  /** Enrols this register with the master using a one-time code, and loads the chain's catalog. */
  async enrol(input: {
    masterUrl: string;
    code: string;
    registerName: string;
  }): Promise<RegisterStatus> {
    const client = new MasterClient({
      url: input.masterUrl,
      timeoutMs: this.options.masterTimeoutMs ?? 5_000,
    });
    try {
      const answer = await this.track(
        client.enrol({
          code: input.code,
          originId: this.ledger.originId,
          registerName: input.registerName,
        }),
      );
      if (answer.storeId !== this.ledger.storeId) {
        throw new UserError(
          'WRONG_STORE',
          `That code enrols a register for store "${answer.storeId}", but this register's ledger belongs to "${this.ledger.storeId}".`,
        );
      }
      client.setToken(answer.token);
      const catalog = await this.track(client.catalog());
      this.ledger.transaction(() => {
        const settings = this.ledger.settings;
        settings.set('master_url', input.masterUrl);
        settings.set('master_token', answer.token);
        settings.set('register_id', answer.registerId);
        settings.set('register_name', input.registerName);
        markOriginClaimed(this.ledger, this.ledger.originId);
        this.ledger.catalog.upsertStores(catalog.stores);
        this.ledger.catalog.upsertTitles(catalog.titles);
      });
      await this.client?.close();
      this.client = client;
      return this.status();
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  setMode(mode: SyncMode): void {
    this.ledger.settings.set('sync_mode', mode);
  }

  setNightlyAt(hhmm: string): void {
    this.ledger.settings.set('nightly_at', hhmm);
    this.scheduler?.reschedule();
  }

  /**
   * Runs the batch each night at the store's chosen time while this register is open. Only
   * enrolled registers have a master to sync with, so the batch is skipped (not failed) before.
   */
  startNightly(onError: (error: unknown) => void = () => undefined): void {
    if (this.scheduler) return;
    this.scheduler = new NightlyScheduler({
      at: () => this.ledger.settings.get('nightly_at') ?? '02:00',
      run: () => (this.enrolledClient() ? this.syncNow() : Promise.resolve()),
      onError,
    });
    this.scheduler.start();
  }

  /** When the nightly batch runs next, if the schedule is running. */
  nextNightlyRun(): Date | undefined {
    return this.scheduler?.next;
  }

  title(isbn: string): Title & { onHand: number } {
    const title = this.ledger.catalog.title(isbn);
    return { ...title, onHand: this.ledger.onHand(title.isbn) };
  }

  /** Eventual mode records at once; strong mode waits for the master (see StrongSaleOutcome). */
  async sell(input: SaleInput): Promise<SaleOutcome> {
    if ((this.ledger.settings.get('sync_mode') ?? 'eventual') === 'eventual') {
      return {
        status: 'recorded',
        receipt: recordSale(this.ledger, { ...input, status: 'final' }),
      };
    }
    const outcome = await sellStrong(this.ledger, this.syncClient(), input);
    this.noteOutcome(outcome);
    return outcome;
  }

  async retryPending(receiptId: string): Promise<StrongSaleOutcome> {
    const outcome = await confirmWithMaster(this.ledger, this.syncClient(), receiptId);
    this.noteOutcome(outcome);
    return outcome;
  }

  cancelPending(receiptId: string, actor: string): Receipt {
    return cancelPendingReceipt(
      this.ledger,
      receiptId,
      actor,
      'cancelled at the counter: master unreachable',
    );
  }

  /** Manager-approved: finish a waiting sale in eventual mode. */
  finishPendingEventually(receiptId: string): Receipt {
    return finishInEventualMode(this.ledger, receiptId);
  }

  pendingSales(): Receipt[] {
    return pendingReceipts(this.ledger);
  }

  receipt(receiptId: string): Receipt {
    return readReceipt(this.ledger, receiptId);
  }

  returnItems(input: ReturnInput): Receipt {
    return recordReturn(this.ledger, input);
  }

  deliver(input: Parameters<typeof receiveDelivery>[1]) {
    return receiveDelivery(this.ledger, input);
  }

  async availability(isbn: string): Promise<AvailabilityResponse> {
    const title = this.ledger.catalog.title(isbn);
    return this.track(this.masterClient().availability(title.isbn));
  }

  /** Runs the batch now; a second call while one runs joins it instead of starting another. */
  syncNow(
    onProgress?: (progress: BatchProgress) => void,
    signal?: AbortSignal,
  ): Promise<BatchResult> {
    if (!this.batch) {
      this.batch = this.track(
        this.batchThenRepairs({
          ...(onProgress ? { onProgress } : {}),
          ...(signal ? { signal } : {}),
        }),
      ).finally(() => {
        this.batch = undefined;
      });
    }
    return this.batch;
  }

  /**
   * A scan the ledger disputes (fewer on hand than the copies at the counter) is reconciled with
   * the master for that title on the spot. Not enrolled: there is no master to ask.
   */
  async checkScan(input: {
    isbn: string;
    atCounter: number;
    actor: string;
  }): Promise<RepairOutcome> {
    const client = this.enrolledClient();
    if (!client) {
      const { isbn } = this.ledger.catalog.title(input.isbn);
      const onHand = this.ledger.onHand(isbn);
      if (onHand >= input.atCounter) return { outcome: 'no-dispute', isbn, onHand };
    }
    const outcome = await this.track(repairTitle(this.ledger, this.syncClient(), input));
    // repairTitle turns an unreachable master into an 'unverified' outcome rather than a throw.
    if (outcome.outcome === 'unverified') this.reachable = false;
    return outcome;
  }

  /**
   * The cashier confirms the shelf count. In strong mode the correction reaches the master at
   * once when it can; otherwise it waits in the outbox for the batch like any event.
   */
  async confirmCorrection(repairId: number, actor: string): Promise<LedgerEvent | null> {
    const event = confirmCorrection(this.ledger, repairId, actor);
    if (event && this.ledger.settings.get('sync_mode') === 'strong') await this.pushNow();
    return event;
  }

  declineCorrection(repairId: number, actor: string): void {
    declineCorrection(this.ledger, repairId, actor);
  }

  /**
   * A strong-mode sale the master refused for lack of stock is a dispute: the title is
   * reconciled as if the pending sale's copies were at the counter (on hand must not be below
   * zero after it). The caller confirms a correction if one is proposed, then retries the sale.
   */
  async reconcileRefusedSale(receiptId: string, actor: string): Promise<RepairOutcome[]> {
    const receipt = this.receipt(receiptId);
    const isbns = [...new Set(receipt.lines.map((line) => line.isbn))];
    const outcomes: RepairOutcome[] = [];
    for (const isbn of isbns) {
      outcomes.push(
        await this.track(
          repairTitle(this.ledger, this.syncClient(), { isbn, atCounter: 0, actor, force: true }),
        ),
      );
    }
    return outcomes;
  }

  repairs(limit?: number): RepairRecord[] {
    return recentRepairs(this.ledger, limit);
  }

  titlesToCount(): ReturnType<typeof countFlags> {
    return countFlags(this.ledger);
  }

  /**
   * Asks the master whether it is there, so the status bar tells the truth between sales;
   * null when not enrolled. Never throws: the answer is the status.
   */
  async checkMaster(): Promise<boolean | null> {
    if (this.ledger.settings.get('master_token') === undefined) return null;
    try {
      await this.track(this.masterClient().health());
      return true;
    } catch {
      return false;
    }
  }

  private async batchThenRepairs(options: Parameters<typeof runBatch>[2]): Promise<BatchResult> {
    const client = this.syncClient();
    const result = await runBatch(this.ledger, client, options);
    // The master answered: titles whose repair could not reach it are reconciled now.
    await retryUnverifiedRepairs(this.ledger, client).catch(() => undefined);
    return result;
  }

  /** Pushes the outbox now; quietly leaves it for the batch when the master is away. */
  private async pushNow(): Promise<void> {
    try {
      await this.track(
        pushOutbox(this.ledger, this.syncClient(), { retry: { attempts: 1, backoffMs: [] } }),
      );
    } catch (error) {
      if (!(error instanceof MasterUnreachableError)) throw error;
    }
  }

  /** Before a stocktake: sync if the master is there, so concurrent sales are rare. */
  private async syncIfPossible(): Promise<boolean> {
    if (!this.enrolledClient()) return false;
    try {
      await this.syncNow();
      return true;
    } catch {
      return false;
    }
  }

  private enrolledClient(): MasterClient | undefined {
    if (this.ledger.settings.get('master_token') === undefined) return undefined;
    return this.masterClient();
  }

  /** The master for sync, strong sales and repair: origins are claimed before any write. */
  private syncClient(): ClaimingMaster {
    const client = this.masterClient();
    // Kept with its client: it remembers that every origin is claimed, so a sale skips the check.
    if (this.claiming?.client !== client)
      this.claiming = { client, master: new ClaimingMaster(client, this.ledger) };
    return this.claiming.master;
  }

  private masterClient(): MasterClient {
    if (this.client) return this.client;
    const url = this.ledger.settings.get('master_url');
    const token = this.ledger.settings.get('master_token');
    if (!url || !token) {
      throw new UserError(
        'NOT_ENROLLED',
        'This register is not enrolled with a master yet: enrol it with a code from the master.',
      );
    }
    this.client = new MasterClient({
      url,
      token,
      timeoutMs: this.options.masterTimeoutMs ?? 5_000,
    });
    return this.client;
  }

  private noteOutcome(outcome: StrongSaleOutcome): void {
    this.reachable = outcome.status !== 'master-unreachable';
  }

  /** Remembers whether the master answered, for the status bar. */
  private async track<T>(work: Promise<T>): Promise<T> {
    try {
      const value = await work;
      this.reachable = true;
      return value;
    } catch (error) {
      if (error instanceof MasterUnreachableError) this.reachable = false;
      else if (error instanceof MasterRejectedError) this.reachable = true;
      throw error;
    }
  }
}
