// One simulated chain: a real master storage, K stores x M registers enrolled with it, the
// simulation's own knowledge of what cashiers were told (sales confirmed or recorded, sales
// cancelled), and the invariants checked after every step.
import path from 'node:path';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import { readReceipt } from '../../app/ledger/sales.js';
import { sha256 } from '../../app/master/credentials.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { EventKey } from '../../app/protocol/events.js';
import { Outbox } from '../../app/sync/outbox.js';
import type { Receipt } from '../../app/ledger/sales.js';
import { SimNetwork, masterHeld, type MasterLie } from './convergence-network.js';
import { SIM_STORES, SimClock, SimRegister, simTitles } from './convergence-register.js';
import type { Profile, Scenario } from './convergence-scenario.js';
import type { Coverage } from './convergence-coverage.js';

export interface SaleRecord {
  receiptId: string;
  register: number;
  lines: { key: EventKey; isbn: string; qty: number }[];
  how: 'strong' | 'eventual' | 'fallback' | 'cancelled';
}

export interface Transfer {
  transferId: string;
  from: string;
  to: string;
  isbn: string;
  qty: number;
  received: boolean;
}

/** A broken invariant: the message says which register and which checkpoint. */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new InvariantError(message());
}

export class World {
  readonly clock = new SimClock();
  readonly registers: SimRegister[] = [];
  readonly confirmed: SaleRecord[] = [];
  readonly cancelled: SaleRecord[] = [];
  readonly transfers: Transfer[] = [];
  readonly trace: string[] = [];
  /** Titles the nightly comparison could not reconcile (checked with the step invariants). */
  readonly unresolved: string[] = [];
  /** Strong sales the master refused with INSUFFICIENT_STOCK at least once. */
  readonly refusedForStock = new Set<string>();
  readonly storeIds: string[];
  readonly isbns: string[];
  private readonly feedChecked: number[] = [];

  private constructor(
    readonly scenario: Scenario,
    readonly storage: SqliteMasterStorage,
    readonly net: SimNetwork,
    readonly coverage: Coverage,
    profile: Profile,
  ) {
    this.storeIds = SIM_STORES.slice(0, scenario.modes.length).map((store) => store.storeId);
    this.isbns = simTitles(profile.titles).map((title) => title.isbn);
  }

  static async create(options: {
    scenario: Scenario;
    profile: Profile;
    /** Where on-disk ledgers live; the caller removes it. */
    dir: string;
    coverage: Coverage;
    lie?: MasterLie;
  }): Promise<World> {
    const { scenario, profile } = options;
    const storage = SqliteMasterStorage.open({ path: ':memory:' });
    const stores = SIM_STORES.slice(0, scenario.modes.length);
    const titles = simTitles(profile.titles);
    await storage.upsertStores(stores);
    await storage.upsertTitles(titles);
    const net = new SimNetwork(storage, scenario.faults, options.lie);
    const world = new World(scenario, storage, net, options.coverage, profile);
    for (const [index, shape] of scenario.registers.entries()) {
      const store = stores[shape.store];
      const mode = scenario.modes[shape.store];
      check(store !== undefined && mode !== undefined, () => `register ${index} has no store`);
      const tokenHash = sha256(`token-${index}`);
      const register = new SimRegister(
        {
          index,
          storeId: store.storeId,
          mode,
          file: shape.onDisk ? path.join(options.dir, `register-${index}.db`) : ':memory:',
          offsetMs: shape.clockOffsetMinutes * 60_000,
          titles,
          tokenHash,
        },
        world.clock,
        net,
      );
      world.registers.push(register);
      world.feedChecked.push(0);
      await enrol(storage, register, tokenHash);
    }
    return world;
  }

  async close(): Promise<void> {
    for (const register of this.registers) register.close();
    await this.storage.close();
  }

  register(index: number): SimRegister {
    const register = this.registers[index % this.registers.length];
    check(register !== undefined, () => 'the chain has no registers');
    return register;
  }

  note(line: string): void {
    this.trace.push(`[${this.clock.step}] ${line}`);
  }

  recordSale(register: SimRegister, receipt: Receipt, how: SaleRecord['how']): void {
    const list = how === 'cancelled' ? this.cancelled : this.confirmed;
    check(
      !this.confirmed.some((sale) => sale.receiptId === receipt.receiptId),
      () => `${register.name}: receipt ${receipt.receiptId} was reported confirmed twice`,
    );
    list.push({
      receiptId: receipt.receiptId,
      register: register.index,
      lines: receipt.lines.map((line) => ({ key: line.event, isbn: line.isbn, qty: line.qty })),
      how,
    });
    this.coverage.count(`sale ${how}`);
  }

  /** A strong sale the cashier saw confirmed is in the master's log at that moment. */
  checkDurable(register: SimRegister, receipt: Receipt): void {
    for (const line of receipt.lines) {
      const row = this.storage.db
        .prepare('SELECT body FROM events WHERE origin_id = ? AND seq = ?')
        .get(line.event.originId, line.event.seq) as { body: string } | undefined;
      const local = register.ledger.event(line.event);
      check(
        row !== undefined && local !== undefined && row.body === canonicalEvent(local),
        () =>
          `${register.name}: receipt ${receipt.receiptId} was confirmed but the master does not hold its event ${line.event.originId}:${line.event.seq}`,
      );
    }
  }

  /** After a restart, everything the register told a cashier is still in its ledger. */
  checkSurvived(register: SimRegister): void {
    const mine = (sale: SaleRecord) => sale.register === register.index;
    for (const sale of [...this.confirmed.filter(mine), ...this.cancelled.filter(mine)]) {
      const receipt = readReceipt(register.ledger, sale.receiptId);
      const expected = sale.how === 'cancelled' ? 'cancelled' : 'final';
      check(
        receipt.status === expected,
        () => `${register.name}: receipt ${sale.receiptId} is ${receipt.status} after a restart`,
      );
      for (const line of sale.lines) {
        check(
          register.ledger.event(line.key) !== undefined,
          () => `${register.name}: event ${line.key.originId}:${line.key.seq} lost in a crash`,
        );
      }
    }
  }

  /**
   * No checkpoint ran ahead of a durable write: what a register believes the master holds, the
   * master holds; the master holds nothing of a register's origin that the register did not
   * commit first; every feed event up to pull_after is in the ledger, byte for byte.
   */
  checkStep(): void {
    const held = masterHeld(this.storage);
    const head = (
      this.storage.db.prepare('SELECT coalesce(max(master_seq), 0) AS head FROM events').get() as {
        head: number;
      }
    ).head;
    const feed = this.storage.db.prepare(
      'SELECT master_seq, origin_id, seq, body FROM events WHERE master_seq > ? AND master_seq <= ? ORDER BY master_seq',
    );
    for (const register of this.registers) {
      const { ledger, name } = register;
      check(!register.isDown(), () => `${name} was left down; it died ${register.lastCrash}`);
      for (const [origin, seq] of Object.entries(new Outbox(ledger).heldByMaster())) {
        check(
          seq <= (held[origin] ?? 0),
          () =>
            `${name}: checkpoint master_held[${origin}] = ${seq} but the master durably holds ${held[origin] ?? 0}`,
        );
      }
      const vector = ledger.vector();
      for (const origin of ledger.ownOrigins()) {
        check(
          (held[origin] ?? 0) <= (vector[origin] ?? 0),
          () =>
            `${name}: the master holds ${held[origin] ?? 0} events of origin ${origin} but the register committed only ${vector[origin] ?? 0}: an event left before its local commit`,
        );
      }
      const pullAfter = ledger.settings.get('pull_after') ?? 0;
      check(
        pullAfter <= head,
        () => `${name}: pull_after ${pullAfter} is past the master's head ${head}`,
      );
      const from = this.feedChecked[register.index] ?? 0;
      for (const row of feed.iterate(from, pullAfter) as Iterable<{
        master_seq: number;
        origin_id: string;
        seq: number;
        body: string;
      }>) {
        const event = ledger.event({ originId: row.origin_id, seq: row.seq });
        check(
          event !== undefined && canonicalEvent(event) === row.body,
          () =>
            `${name}: pull_after is ${pullAfter} but feed entry ${row.master_seq} (${row.origin_id}:${row.seq}) is not in the ledger as the master holds it`,
        );
      }
      this.feedChecked[register.index] = Math.max(from, pullAfter);
      check(
        ledger.earlyEventCount() === 0,
        () => `${name}: events wait in early_events, so some page skipped an event`,
      );
    }
    check(
      this.unresolved.length === 0,
      () => `anti-entropy left titles unresolved: ${this.unresolved.join('; ')}`,
    );
  }
}

async function enrol(
  storage: SqliteMasterStorage,
  register: SimRegister,
  tokenHash: Buffer,
): Promise<void> {
  const codeHash = sha256(`code-${register.index}`);
  await storage.createEnrolmentCode({
    codeHash,
    storeId: register.storeId,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
  });
  const outcome = await storage.enrol({
    codeHash,
    registerId: `reg-${register.index}`,
    registerName: register.name,
    originId: register.ledger.originId,
    tokenHash,
    now: '2026-01-01T00:00:00.000Z',
  });
  check(outcome.ok, () => `${register.name} could not enrol`);
}
