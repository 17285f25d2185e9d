// One simulated register process: a real Ledger (in memory, or a file that survives a crash) with
// a skewed wall clock, its link to the master, and the ability to die. A crash is injected inside
// a ledger transaction (its work is done, then the process dies before COMMIT, so SQLite rolls it
// back) or by the network (dying as it sends, or after the master committed); the register is then
// restarted: a file-backed ledger is closed and opened again from disk.
import type { Store, Title } from '../../app/catalog/catalog.js';
import { Ledger } from '../../app/ledger/ledger.js';
import type { SyncMode } from '../../app/ledger/settings.js';
import { SimCrash, SimLink, type Endpoint, type SimNetwork } from './convergence-network.js';
import { titleRecord } from './ledgers.js';

export const SIM_STORES: readonly Store[] = [
  { storeId: 'uptown', name: 'Uptown' },
  { storeId: 'riverside', name: 'Riverside' },
  { storeId: 'harbour', name: 'Harbour' },
];

export function simTitles(count: number): Title[] {
  return Array.from({ length: count }, (_, index) => titleRecord(index));
}

/** Simulated time: every step moves it on, so clocks and HLCs replay exactly from a seed. */
export class SimClock {
  ms = Date.UTC(2026, 2, 1, 9, 0, 0);
  step = 0;

  tick(): void {
    this.step += 1;
    this.ms += 37_000;
  }
}

export interface RegisterSetup {
  index: number;
  storeId: string;
  mode: SyncMode;
  /** A ledger file path, or ':memory:'. */
  file: string;
  offsetMs: number;
  titles: readonly Title[];
  tokenHash: Buffer;
}

export class SimRegister implements Endpoint {
  readonly name: string;
  readonly link: SimLink;
  ledger: Ledger;
  offsetMs: number;
  partitionedUntil = -1;
  crashes = 0;
  /** Where the process last died, for failure messages. */
  lastCrash = 'never';
  private dead = false;
  private crashAfter: number | null = null;

  constructor(
    private readonly setup: RegisterSetup,
    private readonly clock: SimClock,
    net: SimNetwork,
  ) {
    this.name = `register ${setup.index} (${setup.storeId}, ${setup.mode}${setup.file === ':memory:' ? '' : ', on disk'})`;
    this.offsetMs = setup.offsetMs;
    this.link = new SimLink(net, this, setup.tokenHash);
    this.ledger = this.open();
    this.ledger.catalog.upsertStores(SIM_STORES);
    this.ledger.catalog.upsertTitles(setup.titles);
    this.ledger.settings.set('sync_mode', setup.mode);
  }

  get index(): number {
    return this.setup.index;
  }

  get storeId(): string {
    return this.setup.storeId;
  }

  /** The mode the store runs in (a register may have fallen back to eventual). */
  get storeMode(): SyncMode {
    return this.setup.mode;
  }

  get onDisk(): boolean {
    return this.setup.file !== ':memory:';
  }

  isDown(): boolean {
    return this.dead;
  }

  isPartitioned(): boolean {
    return this.partitionedUntil >= this.clock.step;
  }

  crash(where: string): SimCrash {
    this.dead = true;
    this.lastCrash = `${where} (step ${this.clock.step})`;
    return new SimCrash(`${this.name} crashed: ${where}`);
  }

  /** The process will die inside its `transactions`-th ledger transaction from now (0: the next). */
  armCrash(transactions: number): void {
    this.crashAfter = transactions;
  }

  disarm(): void {
    this.crashAfter = null;
  }

  /** Starts the process again after a crash; what the ledger committed is all it has. */
  restart(): void {
    this.crashes += 1;
    if (this.onDisk) {
      this.ledger.close();
      this.ledger = this.open();
    }
    this.dead = false;
    this.crashAfter = null;
  }

  close(): void {
    if (this.ledger.db.open) this.ledger.close();
  }

  private open(): Ledger {
    const ledger = Ledger.open({
      path: this.setup.file,
      storeId: this.setup.storeId,
      wallClock: () => this.clock.ms + this.offsetMs,
    });
    const transaction = ledger.transaction.bind(ledger);
    ledger.transaction = <T>(work: () => T): T => {
      if (this.dead) throw new SimCrash(`${this.name} is down`);
      if (this.crashAfter === null) return transaction(work);
      if (this.crashAfter > 0) {
        this.crashAfter -= 1;
        return transaction(work);
      }
      this.crashAfter = null;
      return transaction((): T => {
        work();
        throw this.crash('inside a ledger transaction, before it committed');
      });
    };
    return ledger;
  }
}
