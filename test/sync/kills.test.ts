// SIGKILL, no warning: the master process in the middle of a 20,000-event batch and of a stream of
// strong sales, then the register process in the middle of its batch, on each storage the master
// runs on (a SQLite file, or PostgreSQL). After each restart the register resumes, and in the end
// the master holds every event exactly once, every sale the register saw confirmed is there, and
// no checkpoint ever claimed more than the master held.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import { Register } from '../../app/register/register.js';
import { runBatch, type BatchProgress } from '../../app/sync/batch.js';
import { MasterClient } from '../../app/sync/master-client.js';
import { Outbox } from '../../app/sync/outbox.js';
import type { RetryPolicy } from '../../app/sync/retry.js';
import {
  createTestDatabase,
  describeEachStorage,
  type AnyTestMaster,
  type StorageKind,
  type TestDatabase,
} from '../master/helpers.js';
import {
  enrolWith,
  expectAllCountsAgree,
  expectCheckpointsNotAhead,
  expectCountsAgree,
  expectOwnEventsOnMasterOnce,
  openEnrolledRegister,
  startChainMaster,
  type MasterView,
} from '../helpers/sync-chain.js';
import {
  lastProgress,
  prepareMasterDatabase,
  runRegisterCli,
  startMasterProcess,
  type MasterProcess,
} from '../helpers/sync-processes.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { FaultProxy } from './fault-proxy.js';

const BIG = 20_000;
/** Enough pages for a kill to land half way through a CLI batch, small enough to stay quick. */
const MEDIUM = 8_000;
const SALES = 50;
const newDir = useTempDirs();
const cleanup: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** One DELIVERY event per line, spread over the demo titles. */
function deliverMany(register: Register, count: number): void {
  const isbns = register.ledger.catalog.titles().map((title) => title.isbn);
  register.deliver({
    actor: 'ivy',
    reference: 'bulk',
    lines: Array.from({ length: count }, (_, i) => ({
      isbn: isbns[i % isbns.length] ?? '',
      qty: 1,
    })),
  });
}

function clientFor(ledger: Ledger, url: string): MasterClient {
  const token = ledger.settings.get('master_token');
  const client = new MasterClient({ url, timeoutMs: 2_000, ...(token ? { token } : {}) });
  cleanup.push(() => client.close());
  return client;
}

/** A master process on a database, killed and restarted on the same port as a test asks. */
class CrashingMaster {
  process!: MasterProcess;
  readonly checks: string[] = [];

  constructor(readonly database: TestDatabase) {}

  async start(port = 0): Promise<void> {
    this.process = await startMasterProcess(this.database, port);
  }

  get url(): string {
    return this.process.url;
  }

  /**
   * SIGKILLs the master, checks in its database that no register checkpoint is ahead of what it
   * really holds, and starts it again on the same port.
   */
  async crashAndRestart(ledgers: readonly Ledger[], downMs = 0): Promise<void> {
    const { port } = this.process;
    // A few ms after the trigger, so the kill lands inside the next request rather than between two.
    await sleep(3 + Math.random() * 10);
    await this.process.kill();
    await this.checkCheckpoints(ledgers);
    await sleep(downMs);
    await this.start(port);
  }

  async checkCheckpoints(ledgers: readonly Ledger[]): Promise<void> {
    const held = await this.database.inspect.held();
    for (const ledger of ledgers) expectCheckpointsNotAhead(ledger, held);
    this.checks.push(JSON.stringify(held));
  }

  /** Stops the server cleanly and runs `work` on a fresh storage on its database. */
  async inspect(work: (master: MasterView) => Promise<void>): Promise<void> {
    expect(await this.process.stop()).toBe(0);
    const storage = await this.database.open();
    try {
      await work({ storage, inspect: this.database.inspect });
    } finally {
      await storage.close();
    }
  }
}

async function crashingMaster(kind: StorageKind, codesFor: string[]) {
  const database = await createTestDatabase(kind);
  cleanup.push(() => database.dispose());
  const master = new CrashingMaster(database);
  const codes = await prepareMasterDatabase(database, codesFor);
  await master.start();
  cleanup.push(() => master.process.kill());
  return { master, codes };
}

async function enrolled(master: CrashingMaster, storeId: string, code: string, timeoutMs = 2_000) {
  const register = await openEnrolledRegister({
    dataDir: newDir(),
    storeId,
    masterUrl: master.url,
    code,
    masterTimeoutMs: timeoutMs,
  });
  cleanup.push(() => register.close());
  return register;
}

/** Survives a master restart of a second or two: the batch itself resumes. */
const PATIENT: RetryPolicy = { attempts: 80, backoffMs: [100] };

describeEachStorage('the master killed with SIGKILL', (kind) => {
  it('during a 20k-event batch push and pull: the same batch resumes after the restart', async () => {
    const { master, codes } = await crashingMaster(kind, ['uptown']);
    const register = await enrolled(master, 'uptown', codes[0] ?? '');
    deliverMany(register, BIG);
    const client = clientFor(register.ledger, master.url);

    const crashes: Promise<void>[] = [];
    const killedAt: BatchProgress[] = [];
    const progress: BatchProgress[] = [];
    const result = await runBatch(register.ledger, client, {
      pageSize: 500,
      retry: PATIENT,
      onProgress: (p) => {
        progress.push(p);
        const firstPush = killedAt.length === 0 && p.phase === 'push' && p.eventsDone >= 3_000;
        const thenPull = killedAt.length === 1 && p.phase === 'pull' && p.eventsDone >= 6_000;
        if (firstPush || thenPull) {
          killedAt.push(p);
          crashes.push(master.crashAndRestart([register.ledger]));
        }
      },
    });
    await Promise.all(crashes);

    expect(killedAt.map((p) => p.phase)).toEqual(['push', 'pull']);
    expect(killedAt.every((p) => p.eventsDone < p.eventsTotal)).toBe(true);
    expect(master.checks).toHaveLength(2);
    const push = progress.filter((p) => p.phase === 'push');
    expect(push.at(-1)).toMatchObject({ eventsDone: BIG, eventsTotal: BIG });
    expect(result.pushed).toBeLessThanOrEqual(BIG);
    expect(new Outbox(register.ledger).size()).toBe(0);

    await master.inspect(async (at) => {
      await expectOwnEventsOnMasterOnce(register.ledger, at.inspect);
      expect(register.ledger.settings.get('pull_after')).toBe(await at.inspect.headSeq());
      expect(register.ledger.vector()).toEqual(await at.inspect.held());
      await expectAllCountsAgree(at, [register.ledger]);
    });
  });

  it('while it stays down the batch gives up; syncNow resumes after the restart', async () => {
    const { master, codes } = await crashingMaster(kind, ['uptown', 'riverside']);
    const register = await enrolled(master, 'uptown', codes[0] ?? '');
    const other = await enrolled(master, 'riverside', codes[1] ?? '');
    deliverMany(register, 6_000);
    deliverMany(other, 1_000);
    await other.syncNow();

    let killed: Promise<void> | undefined;
    const attempt = runBatch(register.ledger, clientFor(register.ledger, master.url), {
      pageSize: 500,
      retry: { attempts: 2, backoffMs: [50] },
      onProgress: (p) => {
        if (!killed && p.phase === 'push' && p.eventsDone >= 2_000) {
          killed = sleep(5).then(() => master.process.kill());
        }
      },
    });
    await expect(attempt).rejects.toThrow(/cannot be reached/);
    await killed;
    await master.checkCheckpoints([register.ledger, other.ledger]);
    const left = register.status().outboxSize;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(6_000);

    await master.start(master.process.port);
    const resumed = await register.syncNow();
    expect(resumed.pushed).toBeLessThanOrEqual(left);
    expect(register.status().outboxSize).toBe(0);
    await other.syncNow();
    await master.inspect(async (at) => {
      for (const each of [register, other]) {
        await expectOwnEventsOnMasterOnce(each.ledger, at.inspect);
        expect(each.ledger.vector()).toEqual(await at.inspect.held());
      }
      await expectAllCountsAgree(at, [register.ledger, other.ledger]);
    });
  });

  it('during a stream of strong sales: every confirmed sale is there once, waiting ones confirm after', async () => {
    const { master, codes } = await crashingMaster(kind, ['uptown']);
    const register = await enrolled(master, 'uptown', codes[0] ?? '', 1_000);
    const isbns = register.ledger.catalog
      .titles()
      .slice(0, 10)
      .map((title) => title.isbn);
    register.deliver({
      actor: 'ivy',
      reference: 'PO',
      lines: isbns.map((isbn) => ({ isbn, qty: 100 })),
    });
    await register.syncNow();
    register.setMode('strong');

    const confirmed = new Map<string, number>();
    const waited = new Set<string>();
    const crashes: Promise<void>[] = [];
    for (let i = 0; i < SALES; i += 1) {
      if (i === 10 || i === 30) {
        // Lands in the middle of a sale's request most of the time: sales run back to back.
        crashes.push(master.crashAndRestart([register.ledger], 300));
      }
      const outcome = await register.sell({
        cashier: 'amy',
        lines: [
          { isbn: isbns[i % isbns.length] ?? '', qty: 1 },
          { isbn: isbns[(i * 7 + 3) % isbns.length] ?? '', qty: 1 },
        ],
        payment: { method: 'card' },
      });
      if (outcome.status === 'confirmed') {
        confirmed.set(outcome.receipt.receiptId, 2);
        expect(outcome.receipt.status).toBe('final');
      } else {
        expect(outcome.status).toBe('master-unreachable');
        waited.add(outcome.receipt.receiptId);
      }
    }
    await Promise.all(crashes);
    expect(master.checks).toHaveLength(2);
    expect(waited.size).toBeGreaterThan(0);

    // Every sale the cashier saw confirmed is on the master, exactly once, already now.
    const onMaster = await master.database.inspect.rowsByReceipt();
    for (const [receiptId, lines] of confirmed)
      expect(onMaster.get(receiptId), receiptId).toBe(lines);

    for (const receipt of register.pendingSales()) {
      const retried = await register.retryPending(receipt.receiptId);
      expect(retried.status).toBe('confirmed');
      confirmed.set(receipt.receiptId, 2);
    }
    expect(register.pendingSales()).toEqual([]);
    expect(confirmed.size).toBe(SALES);
    await register.syncNow();
    await master.inspect(async (at) => {
      const rows = await at.inspect.rowsByReceipt();
      for (const [receiptId, lines] of confirmed)
        expect(rows.get(receiptId), receiptId).toBe(lines);
      expect([...rows.keys()].filter((id) => !confirmed.has(id))).toEqual([]);
      await expectOwnEventsOnMasterOnce(register.ledger, at.inspect);
      await expectCountsAgree(at, [register.ledger], isbns);
    });
  });
});

describeEachStorage('the register process killed with SIGKILL mid-batch', (kind) => {
  let master: AnyTestMaster;
  let proxy: FaultProxy;
  let proxyUrl: string;

  beforeEach(async () => {
    master = await startChainMaster(kind);
    proxy = new FaultProxy(Number(new URL(master.url).port));
    proxyUrl = await proxy.start();
    cleanup.push(
      () => master.close(),
      () => proxy.stop(),
    );
  });

  it('resumes its push and then its pull where they stopped', async () => {
    const dataDir = newDir();
    const seller = await enrolWith(master, { dataDir, storeId: 'uptown', masterUrl: proxyUrl });
    deliverMany(seller, MEDIUM);
    const sellerOrigin = seller.ledger.originId;
    await seller.close();
    // A slow link, so the kill lands with most pages still to go.
    proxy.setDefault({ kind: 'delay', ms: 80 });

    const killedPush = await runRegisterCli(['sync', '--data', dataDir], {
      killWhen: (stderr) => (lastProgress(stderr, 'push')?.done ?? 0) > 0,
    });
    expect(killedPush.signal, killedPush.stderr).toBe('SIGKILL');
    const reopened = Register.open({ dataDir });
    cleanup.push(() => reopened.close());
    const left = reopened.status().outboxSize;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(MEDIUM);
    expectCheckpointsNotAhead(reopened.ledger, await master.inspect.held());
    expect(reopened.ledger.checkStock()).toEqual([]);

    proxy.setDefault({ kind: 'pass' });
    const resumed = await runRegisterCli(['sync', '--data', dataDir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Pushed \d+, pulled \d+/);
    expect(reopened.status().outboxSize).toBe(0);
    await expectOwnEventsOnMasterOnce(reopened.ledger, master.inspect);

    // A new register of the other store pulls those events, and is killed half way.
    const pullDir = newDir();
    const puller = await enrolWith(master, {
      dataDir: pullDir,
      storeId: 'riverside',
      masterUrl: proxyUrl,
    });
    await puller.close();
    proxy.setDefault({ kind: 'delay', ms: 80 });
    const killedPull = await runRegisterCli(['sync', '--data', pullDir], {
      killWhen: (stderr) => (lastProgress(stderr, 'pull')?.done ?? 0) > 0,
    });
    expect(killedPull.signal, killedPull.stderr).toBe('SIGKILL');
    const half = Register.open({ dataDir: pullDir });
    cleanup.push(() => half.close());
    const after = half.ledger.settings.get('pull_after') ?? 0;
    const head = await master.inspect.headSeq();
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(head);
    // What the checkpoint says was applied is exactly what the ledger holds: one origin pushed
    // in seq order, so masterSeq order is seq order.
    expect(half.ledger.vector()[sellerOrigin] ?? 0).toBe(after);
    expect(half.ledger.checkStock()).toEqual([]);

    proxy.setDefault({ kind: 'pass' });
    const finished = await runRegisterCli(['sync', '--data', pullDir]);
    expect(finished.code, finished.stderr).toBe(0);
    expect(half.ledger.settings.get('pull_after')).toBe(head);
    expect(withoutZeros(half.ledger.vector())).toEqual(await master.inspect.held());
    await reopened.syncNow();
    await expectAllCountsAgree(master, [reopened.ledger, half.ledger]);
  });
});

/** A ledger lists its own origins even before they wrote anything; the master does not. */
function withoutZeros(vector: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(vector).filter(([, seq]) => seq > 0));
}
