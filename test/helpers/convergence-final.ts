// The end of a case: the faults heal, every register syncs until quiet (twice round, so each has
// every other's events), and the chain must have converged on the master's log.
import { expect } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { readReceipt } from '../../app/ledger/sales.js';
import type { EventOfKind, LedgerEvent } from '../../app/protocol/events.js';
import { runBatch } from '../../app/sync/batch.js';
import { Outbox } from '../../app/sync/outbox.js';
import { masterHeld, masterLog } from './convergence-network.js';
import { restart } from './convergence-local.js';
import { batch } from './convergence-sync-ops.js';
import { referenceCounts, titleKey } from './convergence-reference.js';
import { SIM_STORES } from './convergence-register.js';
import { check, type World } from './convergence-world.js';

const withoutZeros = (vector: Record<string, number>) =>
  Object.fromEntries(Object.entries(vector).filter(([, seq]) => seq > 0));

export async function healAndSync(world: World): Promise<void> {
  world.net.faultsOn = false;
  for (const register of world.registers) {
    register.partitionedUntil = -1;
    register.disarm();
    if (register.isDown()) restart(world, register);
  }
  await world.net.deliverAllLate();
  world.checkStep();
  for (let round = 0; round < 2; round += 1) {
    for (const register of world.registers) {
      for (let run = 0; ; run += 1) {
        const result = await batch(world, register, { pageSize: 4 });
        if (result.pushed === 0 && result.pulled === 0) break;
        check(run < 50, () => `${register.name}: the batch never went quiet`);
      }
      world.checkStep();
    }
  }
}

function ledgerBodies(ledger: Ledger): string[] {
  return (ledger.db.prepare('SELECT body FROM events').all() as { body: string }[])
    .map((row) => row.body)
    .sort();
}

export async function checkConverged(world: World): Promise<void> {
  const { storage } = world;
  const log = masterLog(storage);
  const events = log.map((entry) => entry.event);
  const bodies = log.map((entry) => entry.body).sort();
  const held = masterHeld(storage);
  const head = log.at(-1)?.masterSeq ?? 0;

  // The same event set everywhere: same vector, same canonical events, nothing waiting.
  for (const { ledger, name } of world.registers) {
    expect(withoutZeros(ledger.vector()), `${name}: version vector`).toEqual(held);
    expect(ledgerBodies(ledger), `${name}: events`).toEqual(bodies);
    expect(ledger.earlyEventCount(), `${name}: early events`).toBe(0);
    expect(ledger.checkStock(), `${name}: stock cache against the log`).toEqual([]);
    expect(new Outbox(ledger).size(), `${name}: outbox after the sync`).toBe(0);
    expect(ledger.settings.get('pull_after'), `${name}: pull_after`).toBe(head);
    expect(ledger.ownOrigins(), `${name}: origins (no restore happened)`).toHaveLength(1);
  }
  expect(storage.checkStock(), 'master stock cache against its log').toEqual([]);

  // The same counts everywhere, equal to the reference fold of the master's log.
  const reference = referenceCounts(events);
  const masterCount = storage.db.prepare(
    'SELECT on_hand FROM stock WHERE store_id = ? AND isbn = ?',
  );
  const wrong: string[] = [];
  for (const storeId of world.storeIds) {
    for (const isbn of world.isbns) {
      const expected = reference.get(titleKey(storeId, isbn)) ?? 0;
      const onMaster =
        (masterCount.get(storeId, isbn) as { on_hand: number } | undefined)?.on_hand ?? 0;
      if (onMaster !== expected)
        wrong.push(`master ${storeId} ${isbn}: ${onMaster}, reference ${expected}`);
      for (const { ledger, name } of world.registers) {
        const onHand = ledger.onHand(isbn, storeId);
        if (onHand !== expected)
          wrong.push(`${name} ${storeId} ${isbn}: ${onHand}, reference ${expected}`);
      }
    }
  }
  expect(wrong, 'counts that differ from the reference fold').toEqual([]);

  checkSales(world, events);
  checkClocks(events);
  await checkNewcomer(world, bodies);

  const { refusals, internalErrors } = world.net.stats;
  expect(internalErrors, 'master faults (5xx, bad replies)').toEqual([]);
  for (const code of ['GAP', 'CONFLICT', 'FORBIDDEN', 'BAD_REQUEST', 'UNAUTHENTICATED']) {
    expect(refusals[code] ?? 0, `requests refused with ${code}`).toBe(0);
  }
}

/** Every sale a cashier saw confirmed is on the master exactly once; a cancelled one is voided. */
function checkSales(world: World, events: readonly LedgerEvent[]): void {
  const sales = new Map<string, EventOfKind<'SALE'>[]>();
  const voided = new Set<string>();
  for (const event of events) {
    if (event.kind === 'SALE')
      sales.set(event.receiptId, [...(sales.get(event.receiptId) ?? []), event]);
    if (event.kind === 'VOID') voided.add(`${event.target.originId}:${event.target.seq}`);
  }
  for (const sale of [...world.confirmed, ...world.cancelled]) {
    const owner = world.register(sale.register);
    const onMaster = (sales.get(sale.receiptId) ?? []).map((event) => ({
      key: { originId: event.originId, seq: event.seq },
      isbn: event.isbn,
      qty: event.qty,
    }));
    expect(onMaster, `receipt ${sale.receiptId} (${sale.how}) on the master`).toEqual(sale.lines);
    const status = readReceipt(owner.ledger, sale.receiptId).status;
    expect(status, `receipt ${sale.receiptId} at ${owner.name}`).toBe(
      sale.how === 'cancelled' ? 'cancelled' : 'final',
    );
    if (sale.how !== 'cancelled') continue;
    for (const line of sale.lines) {
      expect(
        voided.has(`${line.key.originId}:${line.key.seq}`),
        `VOID of cancelled ${sale.receiptId}`,
      ).toBe(true);
    }
  }
}

/**
 * Skewed wall clocks never break the hybrid clock: each origin's events are stamped in seq order,
 * and a stocktake is stamped after every event its count had seen.
 */
function checkClocks(events: readonly LedgerEvent[]): void {
  const byOrigin = new Map<string, LedgerEvent[]>();
  for (const event of events)
    byOrigin.set(event.originId, [...(byOrigin.get(event.originId) ?? []), event]);
  for (const [origin, list] of byOrigin) {
    list.sort((a, b) => a.seq - b.seq);
    list.forEach((event, index) => {
      const previous = list[index - 1];
      if (previous)
        expect(previous.hlc < event.hlc, `hlc order of ${origin}:${event.seq}`).toBe(true);
    });
  }
  for (const count of events) {
    if (count.kind !== 'STOCKTAKE') continue;
    const late = events.filter(
      (event) => (count.vector[event.originId] ?? 0) >= event.seq && event.hlc >= count.hlc,
    );
    expect(
      late.map((event) => `${event.originId}:${event.seq}`),
      `events stamped after the count that saw them`,
    ).toEqual([]);
  }
}

/** A register joining the chain afterwards pulls the same log and the same counts. */
async function checkNewcomer(world: World, bodies: readonly string[]): Promise<void> {
  const storeId = world.storeIds[0] ?? SIM_STORES[0]?.storeId ?? 'uptown';
  const ledger = Ledger.open({ path: ':memory:', storeId });
  try {
    await runBatch(ledger, world.register(0).link, {
      pageSize: 7,
      retry: { attempts: 1, backoffMs: [] },
    });
    expect(ledgerBodies(ledger), 'a new register pulled the whole log').toEqual(bodies);
    for (const isbn of world.isbns) {
      for (const other of world.storeIds) {
        expect(ledger.onHand(isbn, other), `newcomer ${other} ${isbn}`).toBe(
          world.register(0).ledger.onHand(isbn, other),
        );
      }
    }
  } finally {
    ledger.close();
  }
}
