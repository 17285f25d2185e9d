// Runs one simulated operation on the chain: picks the register, does it through the real
// register functions, and absorbs what a register legitimately meets (a refusal the cashier sees,
// an unreachable master, a crash, an interrupted batch). Anything else fails the property.
import { readReceipt, recordReturn } from '../../app/ledger/sales.js';
import {
  receiveDelivery,
  receiveTransfer,
  transferOut,
  voidEvent,
} from '../../app/ledger/stock-operations.js';
import { UserError } from '../../app/shared/errors.js';
import { commitStocktake } from '../../app/stocktake/commit.js';
import {
  abandonStocktake,
  openSession,
  scanCopy,
  setCount,
  startStocktake,
} from '../../app/stocktake/session.js';
import { MasterUnreachableError } from '../../app/sync/master-client.js';
import { pendingReceipts } from '../../app/sync/strong-sale.js';
import { localWrite, pickFrom, restart } from './convergence-local.js';
import { SimCrash } from './convergence-network.js';
import type { SimRegister } from './convergence-register.js';
import type { Op } from './convergence-scenario.js';
import {
  NO_RETRY,
  batch,
  ignoreUnreachable,
  repair,
  resolvePending,
  sell,
} from './convergence-sync-ops.js';
import type { World } from './convergence-world.js';

async function stocktake(
  world: World,
  register: SimRegister,
  op: Extract<Op, { op: 'count-start' | 'count' | 'count-end' }>,
) {
  const open = openSession(register.ledger);
  if (op.op === 'count-start') {
    if (open) return;
    // The desk syncs first when it can, so concurrent sales are rare.
    if (op.syncFirst) await batch(world, register, { pageSize: 4 }).catch(ignoreUnreachable);
    const isbns = op.titles.map((index) => world.isbns[index] ?? '');
    localWrite(world, register, (ledger) =>
      startStocktake(ledger, {
        actor: 'manager',
        scope: isbns.length > 0 ? { kind: 'titles', isbns } : { kind: 'all' },
      }),
    );
    return;
  }
  if (!open) return;
  if (op.op === 'count') {
    const scope = open.scope.kind === 'titles' ? open.scope.isbns : world.isbns;
    const isbn = pickFrom(scope, op.isbn) ?? '';
    if (!op.scan) {
      localWrite(world, register, (ledger) => setCount(ledger, open.stocktakeId, isbn, op.n));
      return;
    }
    for (let copy = 0; copy < op.n; copy += 1) {
      localWrite(world, register, (ledger) => scanCopy(ledger, open.stocktakeId, isbn));
    }
    return;
  }
  if (op.abandon) {
    abandonStocktake(register.ledger, open.stocktakeId);
    world.coverage.count('stocktake abandoned');
    return;
  }
  const committed = localWrite(world, register, (ledger) =>
    commitStocktake(ledger, open.stocktakeId, { actor: 'manager', uncountedAsZero: true }),
  );
  if (committed) world.coverage.count('stocktake committed');
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Runs one op; what a register may legitimately meet (a refusal, no master, a crash) is absorbed. */
export async function perform(world: World, op: Op): Promise<void> {
  world.note(JSON.stringify(op));
  try {
    await performOp(world, op);
    world.coverage.count(`op ${op.op}`);
  } catch (error) {
    absorb(world, error, op.op);
  }
  for (const register of world.registers) if (register.isDown()) restart(world, register);
}

/** The failures a register lives with; anything else fails the property. */
export function absorb(world: World, error: unknown, what: string): void {
  if (error instanceof SimCrash) world.coverage.count('crash');
  else if (error instanceof UserError) world.coverage.count(`refused ${what}`);
  else if (error instanceof MasterUnreachableError) world.coverage.count(`unreachable ${what}`);
  else if (isAbort(error)) world.coverage.count(`interrupted ${what}`);
  else throw error;
}

async function performOp(world: World, op: Op): Promise<void> {
  switch (op.op) {
    case 'partition':
      for (const register of op.reg === null ? world.registers : [world.register(op.reg)]) {
        register.partitionedUntil = world.clock.step + op.steps;
      }
      return;
    case 'late':
      await world.net.deliverLate(op.pick);
      return;
    case 'batch-all': {
      const results = await Promise.allSettled(
        world.registers.map((register) =>
          batch(world, register, { pageSize: op.pageSize, retry: NO_RETRY, unverified: false }),
        ),
      );
      for (const result of results)
        if (result.status === 'rejected') absorb(world, result.reason, op.op);
      return;
    }
    default:
      return performOnRegister(world, chooseRegister(world, op), op);
  }
}

/** Operations that continue something go to a register where there is something to continue. */
function chooseRegister(world: World, op: Exclude<Op, { op: 'partition' | 'late' | 'batch-all' }>) {
  const candidates = world.registers.filter((register) => {
    switch (op.op) {
      case 'pending':
        return pendingReceipts(register.ledger).length > 0;
      case 'count':
      case 'count-end':
        return openSession(register.ledger) !== null;
      case 'transfer-in':
        return world.transfers.some((t) => t.to === register.storeId && !t.received);
      default:
        return false;
    }
  });
  return pickFrom(candidates, op.reg) ?? world.register(op.reg);
}

async function performOnRegister(
  world: World,
  register: SimRegister,
  op: Exclude<Op, { op: 'partition' | 'late' | 'batch-all' }>,
): Promise<void> {
  const isbn = (index: number) => world.isbns[index % world.isbns.length] ?? '';
  switch (op.op) {
    case 'sale':
      return sell(world, register, op);
    case 'return': {
      const sold = register.ledger.db
        .prepare(
          "SELECT receipt_id FROM receipts WHERE kind = 'SALE' AND status = 'final' ORDER BY receipt_no",
        )
        .all() as { receipt_id: string }[];
      const original = pickFrom(sold, op.pick);
      const line = original && readReceipt(register.ledger, original.receipt_id).lines[0];
      if (!original || !line) return;
      localWrite(world, register, (ledger) =>
        recordReturn(ledger, {
          cashier: 'cashier',
          originalReceiptId: original.receipt_id,
          lines: [{ isbn: line.isbn, qty: 1 }],
          refund: { method: 'card' },
        }),
      );
      return;
    }
    case 'delivery':
      localWrite(world, register, (ledger) =>
        receiveDelivery(ledger, {
          actor: 'receiving',
          lines: [{ isbn: isbn(op.isbn), qty: op.qty }],
        }),
      );
      return;
    case 'transfer-out': {
      const others = world.storeIds.filter((storeId) => storeId !== register.storeId);
      const to = pickFrom(others, op.to);
      if (!to) return;
      const sent = localWrite(world, register, (ledger) =>
        transferOut(ledger, {
          actor: 'manager',
          toStoreId: to,
          lines: [{ isbn: isbn(op.isbn), qty: op.qty }],
        }),
      );
      if (sent) {
        world.transfers.push({
          transferId: sent.transferId,
          from: register.storeId,
          to,
          isbn: isbn(op.isbn),
          qty: op.qty,
          received: false,
        });
      }
      return;
    }
    case 'transfer-in': {
      const waiting = world.transfers.filter((t) => t.to === register.storeId && !t.received);
      const transfer = pickFrom(waiting, op.pick);
      if (!transfer) return;
      const booked = localWrite(world, register, (ledger) =>
        receiveTransfer(ledger, {
          actor: 'receiving',
          transferId: transfer.transferId,
          fromStoreId: transfer.from,
          lines: [{ isbn: transfer.isbn, qty: transfer.qty }],
        }),
      );
      if (booked) transfer.received = true;
      return;
    }
    case 'void': {
      const events = register.ledger
        .eventsMissingFrom({}, 100_000)
        .filter((e) => e.kind !== 'VOID');
      const target = pickFrom(events, op.pick);
      if (target)
        localWrite(world, register, (ledger) =>
          voidEvent(ledger, target, 'manager', 'entered by mistake'),
        );
      return;
    }
    case 'pending':
      return resolvePending(world, register, op.pick, op.action);
    case 'count-start':
    case 'count':
    case 'count-end':
      return stocktake(world, register, op);
    case 'repair':
      return repair(world, register, { isbn: isbn(op.isbn), atCounter: op.atCounter }, op.confirm);
    case 'batch':
      await batch(world, register, { pageSize: op.pageSize, interruptAfter: op.interruptAfter });
      return;
    case 'crash':
      if (op.now) restart(world, register);
      else register.armCrash(op.afterTransactions);
      return;
    case 'clock':
      register.offsetMs += op.hours * 3_600_000;
      return;
    case 'mode':
      register.ledger.settings.set('sync_mode', register.storeMode);
      return;
  }
}
