// The operations that talk to the master, done as the register core does them: strong sales and
// their waiting receipts, read repair at the counter with the cashier's correction, the nightly
// batch (with anti-entropy) and retryUnverifiedRepairs.
import { cancelPendingReceipt, readReceipt, recordSale } from '../../app/ledger/sales.js';
import {
  confirmCorrection,
  declineCorrection,
  repairTitle,
  retryUnverifiedRepairs,
} from '../../app/repair/read-repair.js';
import { pushOutbox, runBatch } from '../../app/sync/batch.js';
import { MasterUnreachableError } from '../../app/sync/master-client.js';
import type { RetryPolicy } from '../../app/sync/retry.js';
import {
  confirmWithMaster,
  finishInEventualMode,
  pendingReceipts,
  sellStrong,
  type StrongSaleOutcome,
} from '../../app/sync/strong-sale.js';
import { localWrite, pickFrom } from './convergence-local.js';
import type { SimRegister } from './convergence-register.js';
import type { Op, PendingAction } from './convergence-scenario.js';
import { check, type World } from './convergence-world.js';

// Retries without waiting: simulated time does not pass while a request is retried.
const STRONG_RETRY: RetryPolicy = { attempts: 2, backoffMs: [0] };
const COUNTER_RETRY: RetryPolicy = { attempts: 2, backoffMs: [0] };
const BATCH_RETRY: RetryPolicy = { attempts: 2, backoffMs: [0] };
/** Concurrent batches never sleep, so their interleaving is the same on every replay. */
export const NO_RETRY: RetryPolicy = { attempts: 1, backoffMs: [] };

async function pushNow(register: SimRegister): Promise<void> {
  try {
    await pushOutbox(register.ledger, register.link, { retry: NO_RETRY });
  } catch (error) {
    if (!(error instanceof MasterUnreachableError)) throw error;
  }
}

/** The cashier confirms (or declines) the shelf; strong mode pushes the correction at once. */
async function settleDiscrepancy(
  world: World,
  register: SimRegister,
  repairId: number,
  confirm: boolean,
): Promise<void> {
  if (!confirm) {
    localWrite(world, register, (ledger) => declineCorrection(ledger, repairId, 'cashier'));
    world.coverage.count('correction declined');
    return;
  }
  const event = localWrite(world, register, (ledger) =>
    confirmCorrection(ledger, repairId, 'cashier'),
  );
  if (!event) return;
  world.coverage.count('correction confirmed');
  if (register.ledger.settings.get('sync_mode') === 'strong') await pushNow(register);
}

export async function repair(
  world: World,
  register: SimRegister,
  input: { isbn: string; atCounter: number; force?: boolean },
  confirm: boolean,
): Promise<void> {
  const outcome = await repairTitle(
    register.ledger,
    register.link,
    { ...input, actor: 'cashier' },
    COUNTER_RETRY,
  );
  world.coverage.count(`repair ${outcome.outcome}`);
  if (outcome.outcome === 'discrepancy')
    await settleDiscrepancy(world, register, outcome.repairId, confirm);
}

function noteStrong(world: World, register: SimRegister, outcome: StrongSaleOutcome): void {
  world.coverage.count(`strong ${outcome.status}`);
  if (outcome.status === 'confirmed') {
    world.checkDurable(register, outcome.receipt);
    world.recordSale(register, outcome.receipt, 'strong');
    // Refused for stock earlier, then carried to the master by a plain push (a batch), which
    // does not check stock: the confirmation comes from the checkpoint, without a count.
    if (
      world.refusedForStock.has(outcome.receipt.receiptId) &&
      Object.keys(outcome.masterOnHand).length === 0
    ) {
      world.coverage.count('strong refused for stock, then confirmed unchecked');
    }
  } else if (outcome.status === 'rejected') {
    world.refusedForStock.add(outcome.receipt.receiptId);
    check(
      outcome.code === 'INSUFFICIENT_STOCK',
      () => `${register.name}: strong sale refused with ${outcome.code}: ${outcome.message}`,
    );
  }
}

export async function batch(
  world: World,
  register: SimRegister,
  options: {
    pageSize: number;
    interruptAfter?: number | null;
    retry?: RetryPolicy;
    /**
     * Register.syncNow follows the batch with retryUnverifiedRepairs. Its retry waits on a real
     * timer, so concurrent batches leave it out to keep their interleaving the same on replay.
     */
    unverified?: boolean;
  },
): Promise<{ pushed: number; pulled: number }> {
  const controller = new AbortController();
  let pages = 0;
  const { interruptAfter = null } = options;
  const result = await runBatch(register.ledger, register.link, {
    pageSize: options.pageSize,
    retry: options.retry ?? BATCH_RETRY,
    signal: controller.signal,
    onProgress: (progress) => {
      pages += 1;
      if (interruptAfter !== null && pages > interruptAfter && progress.phase !== 'done') {
        controller.abort();
      }
    },
  });
  check(result.conflicts === 0, () => `${register.name}: the feed carried conflicting events`);
  check(
    result.rotatedOrigin === undefined,
    () => `${register.name}: started a new origin: ${result.rotatedOrigin}`,
  );
  world.coverage.count('batch completed');
  const entropy = result.antiEntropy;
  if (entropy?.compared) world.coverage.count('anti-entropy compared');
  if (entropy?.healed.length) world.coverage.count('anti-entropy healed', entropy.healed.length);
  for (const isbn of entropy?.unresolved ?? []) world.unresolved.push(`${register.name}: ${isbn}`);
  if (options.unverified !== false) await retryUnverifiedRepairs(register.ledger, register.link);
  return result;
}

export async function resolvePending(
  world: World,
  register: SimRegister,
  pick: number,
  action: PendingAction,
): Promise<void> {
  const receipt = pickFrom(pendingReceipts(register.ledger), pick);
  if (!receipt) return;
  const { receiptId } = receipt;
  switch (action) {
    case 'retry':
      noteStrong(
        world,
        register,
        await confirmWithMaster(register.ledger, register.link, receiptId, STRONG_RETRY),
      );
      return;
    case 'cancel': {
      const cancelled = localWrite(world, register, (ledger) =>
        cancelPendingReceipt(ledger, receiptId, 'cashier', 'master unreachable'),
      );
      if (cancelled) world.recordSale(register, cancelled, 'cancelled');
      return;
    }
    case 'fallback': {
      const finished = localWrite(world, register, (ledger) =>
        finishInEventualMode(ledger, receiptId),
      );
      if (finished) world.recordSale(register, finished, 'fallback');
      return;
    }
    case 'reconcile':
      // Register.reconcileRefusedSale: the sale's own copies must not take the count below zero.
      for (const isbn of new Set(receipt.lines.map((line) => line.isbn))) {
        await repair(world, register, { isbn, atCounter: 0, force: true }, true);
      }
      if (readReceipt(register.ledger, receiptId).status !== 'pending') return;
      noteStrong(
        world,
        register,
        await confirmWithMaster(register.ledger, register.link, receiptId, STRONG_RETRY),
      );
      return;
  }
}

export async function sell(world: World, register: SimRegister, op: Extract<Op, { op: 'sale' }>) {
  const isbns = [...new Set([op.isbn, op.also ?? op.isbn])].map(
    (index) => world.isbns[index % world.isbns.length] ?? '',
  );
  if (op.scan) {
    for (const isbn of isbns) await repair(world, register, { isbn, atCounter: op.qty }, true);
  }
  const input = {
    cashier: 'cashier',
    lines: isbns.map((isbn) => ({ isbn, qty: op.qty })),
    payment: { method: 'card' as const },
  };
  if (register.ledger.settings.get('sync_mode') === 'strong') {
    noteStrong(
      world,
      register,
      await sellStrong(register.ledger, register.link, input, STRONG_RETRY),
    );
    return;
  }
  const receipt = localWrite(world, register, (ledger) => recordSale(ledger, input));
  if (receipt) world.recordSale(register, receipt, 'eventual');
}

export function ignoreUnreachable(error: unknown): void {
  if (!(error instanceof MasterUnreachableError)) throw error;
}
