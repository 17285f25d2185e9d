// Register → fault proxy → master. Whatever the network does to a request (lost, reset before or
// after the master committed, slow, cut short), every sale the register reported confirmed is on
// the master exactly once, and a sale that could not be confirmed waits until it is retried or
// cancelled, never half-recorded. Once with the master on SQLite, once on PostgreSQL.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import type { Register } from '../../app/register/register.js';
import { runBatch } from '../../app/sync/batch.js';
import { MasterClient } from '../../app/sync/master-client.js';
import { Outbox } from '../../app/sync/outbox.js';
import type { RetryPolicy } from '../../app/sync/retry.js';
import { confirmWithMaster, pendingReceipts, sellStrong } from '../../app/sync/strong-sale.js';
import { describeEachStorage, type AnyTestMaster } from '../master/helpers.js';
import {
  enrolWith,
  expectAllCountsAgree,
  expectCheckpointsNotAhead,
  expectCountsAgree,
  expectOwnEventsOnMasterOnce,
  startChainMaster,
} from '../helpers/sync-chain.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { FaultProxy, type Fault } from './fault-proxy.js';

/** Short, so a dropped request costs little; the loopback master answers in a few ms. */
const TIMEOUT_MS = 300;
const FAST_RETRY: RetryPolicy = { attempts: 3, backoffMs: [20, 50] };

const newDir = useTempDirs();
let master: AnyTestMaster;
let proxy: FaultProxy;
let proxyUrl: string;
const open: { close(): Promise<unknown> }[] = [];
const registers: Register[] = [];

/** A register that reaches the master only through the proxy, with opening stock pushed. */
async function proxiedRegister(mode: 'strong' | 'eventual'): Promise<Register> {
  const register = await enrolWith(master, {
    dataDir: newDir(),
    storeId: 'uptown',
    masterUrl: proxyUrl,
    masterTimeoutMs: TIMEOUT_MS,
  });
  open.push(register);
  registers.push(register);
  register.deliver({
    actor: 'ivy',
    reference: 'opening',
    lines: isbns(register).map((isbn) => ({ isbn, qty: 50 })),
  });
  await register.syncNow();
  register.setMode(mode);
  return register;
}

function isbns(register: { ledger: Ledger }): string[] {
  return register.ledger.catalog
    .titles()
    .slice(0, 4)
    .map((title) => title.isbn);
}

function sale(isbn: string, qty = 1) {
  return { cashier: 'amy', lines: [{ isbn, qty }], payment: { method: 'card' as const } };
}

function proxiedClient(ledger: Ledger): MasterClient {
  const token = ledger.settings.get('master_token');
  const client = new MasterClient({
    url: proxyUrl,
    timeoutMs: TIMEOUT_MS,
    ...(token ? { token } : {}),
  });
  open.push(client);
  return client;
}

async function onHandAtMaster(isbn: string): Promise<number> {
  return (await master.storage.titleState('uptown', isbn)).onHand;
}

const EACH_FAULT: [string, Fault][] = [
  ['a dropped request', { kind: 'drop' }],
  ['a reset before the request', { kind: 'reset-before' }],
  ['a reset after the master committed', { kind: 'reset-after-commit' }],
  ['a short delay', { kind: 'delay', ms: 60 }],
  ['a delay past the timeout', { kind: 'delay', ms: TIMEOUT_MS + 200 }],
  ['a truncated reply', { kind: 'truncate' }],
];

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'drop' }) },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'reset-before' }) },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'reset-after-commit' }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 10, max: 400 }).map((ms): Fault => ({ kind: 'delay', ms })),
  },
  { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'truncate' }) },
);

type Step =
  | { type: 'sell'; title: number; qty: number; faults: Fault[] }
  | { type: 'batch'; faults: Fault[] }
  | { type: 'retry'; pick: number; faults: Fault[] }
  | { type: 'cancel'; pick: number };

/** A clean step, a blip the retries ride out, or an outage longer than a sale's three tries. */
const faults = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Fault[]>([]) },
  { weight: 3, arbitrary: fc.array(faultArb, { minLength: 1, maxLength: 2 }) },
  { weight: 2, arbitrary: fc.array(faultArb, { minLength: 3, maxLength: 4 }) },
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('sell' as const),
      title: fc.nat(3),
      qty: fc.integer({ min: 1, max: 3 }),
      faults,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('batch' as const), faults }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('retry' as const), pick: fc.nat(), faults }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const), pick: fc.nat() }) },
);

async function expectCheckpointsNotAheadOfMaster(ledger: Ledger): Promise<void> {
  expectCheckpointsNotAhead(ledger, await master.inspect.held());
}

const rowsOnMaster = () => master.inspect.rowsByReceipt();
const rowsOf = async (receiptId: string) => (await rowsOnMaster()).get(receiptId);

describeEachStorage('sync through a faulty network', (storage) => {
  beforeEach(async () => {
    master = await startChainMaster(storage);
    proxy = new FaultProxy(Number(new URL(master.url).port));
    proxyUrl = await proxy.start();
  });
  afterEach(async () => {
    // Whatever the scenario, once the network heals a batch brings every count into agreement.
    proxy.clearQueue();
    proxy.setDefault({ kind: 'pass' });
    const opened = registers.splice(0);
    try {
      for (const register of opened) await register.syncNow();
      // A second round so every register also pulls what the others pushed in the first.
      for (const register of opened) await register.syncNow();
      await expectAllCountsAgree(
        master,
        opened.map((register) => register.ledger),
      );
    } finally {
      for (const each of open.splice(0)) await each.close();
      await proxy.stop();
      await master.close();
    }
  });

  describe('strong sales through a faulty network', () => {
    it.each(EACH_FAULT)('confirms a sale exactly once after %s', async (_name, fault) => {
      const register = await proxiedRegister('strong');
      const [isbn = ''] = isbns(register);
      proxy.inject(fault);
      const outcome = await register.sell(sale(isbn, 2));
      expect(proxy.applied).toContain(fault.kind);
      if (outcome.status !== 'confirmed') throw new Error(`${fault.kind}: ${outcome.status}`);
      expect(outcome.receipt.status).toBe('final');
      expect(outcome.masterOnHand[isbn]).toBe(48);
      expect(await rowsOf(outcome.receipt.receiptId)).toBe(1);
      expect(await onHandAtMaster(isbn)).toBe(48);
      expect(register.status().outboxSize).toBe(0);
    });

    it('leaves an unconfirmed sale pending; a later retry confirms it once though the master had it', async () => {
      const register = await proxiedRegister('strong');
      const [isbn = ''] = isbns(register);
      // The master commits on every attempt's first arrival, and no answer gets back.
      proxy.inject(
        { kind: 'reset-after-commit' },
        { kind: 'reset-after-commit' },
        { kind: 'truncate' },
      );
      const outcome = await register.sell(sale(isbn, 3));
      if (outcome.status !== 'master-unreachable') throw new Error(outcome.status);
      expect(outcome.canFallBack).toBe(true);
      expect(outcome.message).toMatch(/cannot be reached/);
      expect(register.receipt(outcome.receipt.receiptId).status).toBe('pending');
      expect(register.pendingSales().map((r) => r.receiptId)).toEqual([outcome.receipt.receiptId]);
      expect(register.status()).toMatchObject({ masterReachable: false, pendingSales: 1 });
      // Held by the master, but the register has no acknowledgement: still in its outbox.
      expect(await rowsOf(outcome.receipt.receiptId)).toBe(1);
      expect(register.status().outboxSize).toBe(1);

      const retried = await register.retryPending(outcome.receipt.receiptId);
      if (retried.status !== 'confirmed') throw new Error(retried.status);
      expect(retried.receipt.status).toBe('final');
      expect(retried.masterOnHand[isbn]).toBe(47);
      expect(await rowsOf(outcome.receipt.receiptId)).toBe(1);
      expect(register.status()).toMatchObject({ pendingSales: 0, outboxSize: 0 });
    });

    it('confirms a waiting sale that a later sale already carried to the master', async () => {
      const register = await proxiedRegister('strong');
      const [first = '', second = ''] = isbns(register);
      proxy.inject({ kind: 'drop' }, { kind: 'reset-before' }, { kind: 'drop' });
      const waiting = await register.sell(sale(first));
      expect(waiting.status).toBe('master-unreachable');
      expect(await rowsOf(waiting.receipt.receiptId)).toBeUndefined();
      // The next sale travels with the waiting one's events (the master's log stays gap-free).
      const next = await register.sell(sale(second));
      expect(next.status).toBe('confirmed');
      expect(await rowsOf(waiting.receipt.receiptId)).toBe(1);

      const retried = await register.retryPending(waiting.receipt.receiptId);
      if (retried.status !== 'confirmed')
        throw new Error(`${retried.status}: ${JSON.stringify(retried)}`);
      expect(await rowsOf(waiting.receipt.receiptId)).toBe(1);
      expect(register.pendingSales()).toEqual([]);
    });

    it('confirms a waiting sale after the nightly batch pushed it', async () => {
      const register = await proxiedRegister('strong');
      const [isbn = ''] = isbns(register);
      proxy.inject({ kind: 'truncate' }, { kind: 'truncate' }, { kind: 'truncate' });
      const waiting = await register.sell(sale(isbn));
      expect(waiting.status).toBe('master-unreachable');
      await register.syncNow();
      expect(register.status()).toMatchObject({ outboxSize: 0, pendingSales: 1 });
      const retried = await register.retryPending(waiting.receipt.receiptId);
      expect(retried.status).toBe('confirmed');
      expect(await rowsOf(waiting.receipt.receiptId)).toBe(1);
    });

    it.each([
      ['never reached the master', 'reset-before' as const],
      ['reached the master but no answer came back', 'reset-after-commit' as const],
    ])(
      'cancels a waiting sale that %s: SALE and VOID on the master, count unchanged',
      async (_n, kind) => {
        const register = await proxiedRegister('strong');
        const [isbn = ''] = isbns(register);
        const before = await onHandAtMaster(isbn);
        proxy.inject({ kind }, { kind }, { kind });
        const waiting = await register.sell(sale(isbn, 2));
        expect(waiting.status).toBe('master-unreachable');
        const receiptId = waiting.receipt.receiptId;
        expect(await rowsOf(receiptId)).toBe(kind === 'reset-after-commit' ? 1 : undefined);

        const cancelled = register.cancelPending(receiptId, 'amy');
        expect(cancelled.status).toBe('cancelled');
        expect(register.ledger.onHand(isbn)).toBe(before);
        await expect(register.retryPending(receiptId)).rejects.toThrow(/cancelled/);
        await register.syncNow();

        expect(await rowsOf(receiptId)).toBe(1);
        expect((await master.inspect.voidsByReceipt()).get(receiptId)).toBe(1);
        expect(await onHandAtMaster(isbn)).toBe(before);
        expect(register.ledger.onHand(isbn)).toBe(before);
        await expectOwnEventsOnMasterOnce(register.ledger, master.inspect);
      },
    );
  });

  describe('nightly batch through a faulty network', () => {
    it.each(EACH_FAULT)(
      'pushes and pulls every event exactly once despite %s',
      async (_name, fault) => {
        const seller = await proxiedRegister('eventual');
        const [isbn = ''] = isbns(seller);
        for (let i = 0; i < 12; i += 1)
          expect((await seller.sell(sale(isbn))).status).toBe('recorded');
        seller.deliver({
          actor: 'ivy',
          reference: 'PO',
          lines: isbns(seller).map((i) => ({ isbn: i, qty: 3 })),
        });
        // The fault hits the first push page, and again the first feed page.
        proxy.inject(fault);
        const phases: string[] = [];
        const client = proxiedClient(seller.ledger);
        const result = await runBatch(seller.ledger, client, {
          pageSize: 5,
          retry: FAST_RETRY,
          onProgress: (progress) => {
            phases.push(progress.phase);
            if (progress.phase === 'push' && progress.eventsDone === progress.eventsTotal) {
              proxy.inject(fault);
            }
          },
        });
        expect(phases.filter((phase) => phase === 'push')).toHaveLength(4);
        expect(proxy.applied.filter((kind) => kind === fault.kind)).toHaveLength(2);
        // `pushed` counts events new to the master: a page whose reply was lost is a duplicate on resend.
        expect(result.pushed).toBeGreaterThanOrEqual(16 - 5);
        expect(result.pushed).toBeLessThanOrEqual(16);
        expect(new Outbox(seller.ledger).size()).toBe(0);
        await expectOwnEventsOnMasterOnce(seller.ledger, master.inspect);
        expect(seller.ledger.settings.get('pull_after')).toBe(
          (await master.storage.feed(0, 1)).headSeq,
        );
        await expectAllCountsAgree(master, [seller.ledger]);
      },
    );
  });

  describe('random sequences of faults', () => {
    it('never loses or doubles a confirmed sale', async () => {
      // What the runs went through, so a change that made every fault miss would show.
      const seen = new Map<string, number>();
      const note = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 6, maxLength: 14 }), async (steps) => {
          proxy.clearQueue(); // nothing left over from an earlier run
          const register = await proxiedRegister('strong');
          const { ledger } = register;
          const client = proxiedClient(ledger);
          const titles = isbns(register);
          const confirmed = new Set<string>();
          const cancelled = new Set<string>();
          const lines = new Map<string, number>();
          const pick = (n: number) => {
            const pending = pendingReceipts(ledger);
            return pending[n % Math.max(1, pending.length)]?.receiptId;
          };
          for (const step of steps) {
            if (step.type !== 'cancel') proxy.inject(...step.faults);
            if (step.type === 'sell') {
              const outcome = await sellStrong(
                ledger,
                client,
                sale(titles[step.title] ?? '', step.qty),
                FAST_RETRY,
              );
              lines.set(outcome.receipt.receiptId, outcome.receipt.lines.length);
              note(`sale ${outcome.status}`);
              if (outcome.status === 'confirmed') confirmed.add(outcome.receipt.receiptId);
              else expect(outcome.status).toBe('master-unreachable');
            } else if (step.type === 'batch') {
              await runBatch(ledger, client, { pageSize: 3, retry: FAST_RETRY }).catch(
                () => undefined,
              );
            } else if (step.type === 'retry') {
              const receiptId = pick(step.pick);
              if (receiptId) {
                const outcome = await confirmWithMaster(ledger, client, receiptId, FAST_RETRY);
                note(`retry ${outcome.status}`);
                if (outcome.status === 'confirmed') confirmed.add(receiptId);
                else expect(outcome.status).toBe('master-unreachable');
              }
            } else {
              const receiptId = pick(step.pick);
              if (receiptId) {
                register.cancelPending(receiptId, 'amy');
                cancelled.add(receiptId);
                note('cancel');
              }
            }
            proxy.clearQueue(); // faults this step did not use must not leak into the next
            // What the register says it sent, the master really holds.
            await expectCheckpointsNotAheadOfMaster(ledger);
            // A confirmation is final: already on the master, exactly once per line.
            const onMaster = await rowsOnMaster();
            for (const receiptId of confirmed)
              expect(onMaster.get(receiptId)).toBe(lines.get(receiptId));
            for (const [receiptId, n] of onMaster)
              expect(n).toBeLessThanOrEqual(lines.get(receiptId) ?? n);
          }
          // The network heals: every waiting sale is confirmed, and the batch settles the rest.
          for (const waiting of pendingReceipts(ledger)) {
            const outcome = await confirmWithMaster(ledger, client, waiting.receiptId, FAST_RETRY);
            expect(outcome.status).toBe('confirmed');
            confirmed.add(waiting.receiptId);
          }
          await runBatch(ledger, client, { retry: FAST_RETRY });
          const onMaster = await rowsOnMaster();
          const voids = await master.inspect.voidsByReceipt();
          for (const [receiptId, n] of lines) {
            expect(onMaster.get(receiptId), receiptId).toBe(n);
            expect(voids.get(receiptId) ?? 0, receiptId).toBe(cancelled.has(receiptId) ? n : 0);
            expect(register.receipt(receiptId).status).toBe(
              cancelled.has(receiptId) ? 'cancelled' : 'final',
            );
          }
          expect(confirmed.size + cancelled.size).toBe(lines.size);
          await expectOwnEventsOnMasterOnce(ledger, master.inspect);
          await expectCountsAgree(master, [ledger], titles);
        }),
        { numRuns: 6, seed: 20261124, endOnFailure: true },
      );
      for (const what of [
        'sale confirmed',
        'sale master-unreachable',
        'retry confirmed',
        'cancel',
      ]) {
        expect(seen.get(what) ?? 0, `${what} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
      }
      for (const kind of [
        'drop',
        'reset-before',
        'reset-after-commit',
        'delay',
        'truncate',
      ] as const) {
        expect(proxy.applied).toContain(kind);
      }
    });
  });
});
