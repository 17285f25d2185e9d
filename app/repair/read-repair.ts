// Read repair at the counter. A copy in the cashier's hand means on-hand is at least the quantity
// being sold; a lower count is a dispute. First the ledgers are reconciled with the master for
// that title (a replication problem); only if the shelf still disagrees is it a real-world
// discrepancy, which the cashier confirms as a correction.
import type { Ledger } from '../ledger/ledger.js';
import { adjustStock } from '../ledger/stock-operations.js';
import type { LedgerEvent } from '../protocol/events.js';
import { MAX_EVENTS_PER_PAGE } from '../protocol/wire.js';
import { UserError } from '../shared/errors.js';
import {
  MasterRejectedError,
  MasterUnreachableError,
  type MasterApi,
} from '../sync/master-client.js';
import { Outbox } from '../sync/outbox.js';
import { retryWhileUnreachable, type RetryPolicy } from '../sync/retry.js';
import { commitReDerivable } from './re-derivable-commit.js';
import {
  flagForCount,
  insertRepair,
  repairById,
  unverifiedRepairs,
  updateRepair,
} from './repair-log.js';

/** The cashier is waiting: one quick retry, then the register says the master is away. */
export const COUNTER_RETRY: RetryPolicy = { attempts: 2, backoffMs: [100] };

export type RepairOutcome =
  | { outcome: 'no-dispute'; isbn: string; onHand: number }
  | {
      outcome: 'agreed';
      repairId: number;
      isbn: string;
      localBefore: number;
      onHand: number;
      masterOnHand: number;
      eventsIn: number;
      eventsOut: number;
    }
  | {
      outcome: 'discrepancy';
      repairId: number;
      isbn: string;
      localBefore: number;
      onHand: number;
      masterOnHand: number;
      /** The correction to confirm: from the ledger's count to the copies at the counter. */
      proposed: { from: number; to: number };
      eventsIn: number;
      eventsOut: number;
    }
  | { outcome: 'unverified'; repairId: number; isbn: string; onHand: number; message: string };

export function isDisputed(onHand: number, atCounter: number): boolean {
  return onHand < atCounter;
}

export interface Exchange {
  masterBefore: number;
  masterOnHand: number;
  eventsIn: number;
  eventsOut: number;
}

/** One round trip: our unacknowledged events go up, the events we lack for the title come down. */
export async function exchange(
  ledger: Ledger,
  client: MasterApi,
  isbn: string,
  policy: RetryPolicy,
  /** Runs in the same local transaction as the applied events, so a repair costs one commit. */
  record?: (result: Exchange) => void,
): Promise<Exchange> {
  const outbox = new Outbox(ledger);
  for (let attempt = 0; ; attempt += 1) {
    const outgoing: LedgerEvent[] = outbox.page(MAX_EVENTS_PER_PAGE);
    try {
      const answer = await retryWhileUnreachable(policy, () =>
        client.repair({
          storeId: ledger.storeId,
          isbn,
          vector: ledger.vector(),
          onHand: ledger.onHand(isbn),
          events: outgoing,
        }),
      );
      return commitReDerivable(ledger, () => {
        outbox.acknowledge(answer.held);
        const report = ledger.applyForeign(answer.events);
        const result: Exchange = {
          masterBefore: answer.onHandBefore,
          masterOnHand: answer.onHand,
          eventsIn: report.applied,
          eventsOut: answer.accepted,
        };
        record?.(result);
        return result;
      });
    } catch (error) {
      const gap = error instanceof MasterRejectedError && error.code === 'GAP';
      const { originId, expected } = gap ? error.detail : {};
      if (gap && attempt < 2 && typeof originId === 'string' && typeof expected === 'number') {
        outbox.rewind(originId, expected - 1);
        continue;
      }
      throw error;
    }
  }
}

export async function repairTitle(
  ledger: Ledger,
  client: MasterApi,
  input: {
    isbn: string;
    atCounter: number;
    actor: string;
    /** Exchange even when the local count looks fine (the master disputed it). */
    force?: boolean;
  },
  policy: RetryPolicy = COUNTER_RETRY,
): Promise<RepairOutcome> {
  const { isbn } = ledger.catalog.title(input.isbn);
  const localBefore = ledger.onHand(isbn);
  if (!input.force && !isDisputed(localBefore, input.atCounter)) {
    return { outcome: 'no-dispute', isbn, onHand: localBefore };
  }
  const base = {
    storeId: ledger.storeId,
    isbn,
    actor: input.actor,
    atCounter: input.atCounter,
    localBefore,
  };
  let recorded: { repairId: number; onHand: number; agreed: boolean } | undefined;
  let result: Exchange;
  try {
    result = await exchange(ledger, client, isbn, policy, (swapped) => {
      const onHand = ledger.onHand(isbn);
      const agreed = !isDisputed(onHand, input.atCounter);
      const repairId = insertRepair(ledger, {
        ...base,
        localAfter: onHand,
        masterBefore: swapped.masterBefore,
        masterAfter: swapped.masterOnHand,
        eventsIn: swapped.eventsIn,
        eventsOut: swapped.eventsOut,
        outcome: agreed ? 'agreed' : 'discrepancy',
        message: agreed ? 'Ledgers agreed after repair.' : null,
      });
      recorded = { repairId, onHand, agreed };
    });
  } catch (error) {
    if (!(error instanceof MasterUnreachableError)) throw error;
    const message =
      'The master cannot be reached: the count is unverified and will be checked at the next contact.';
    const repairId = insertRepair(ledger, {
      ...base,
      localAfter: null,
      masterBefore: null,
      masterAfter: null,
      eventsIn: 0,
      eventsOut: 0,
      outcome: 'unverified',
      message,
    });
    return { outcome: 'unverified', repairId, isbn, onHand: localBefore, message };
  }
  if (!recorded) throw new Error('the repair exchange finished without recording');
  const { repairId, onHand, agreed } = recorded;
  const common = { repairId, isbn, localBefore, onHand, ...result };
  return agreed
    ? { outcome: 'agreed', ...common }
    : { outcome: 'discrepancy', ...common, proposed: { from: onHand, to: input.atCounter } };
}

/**
 * The cashier confirms the shelf: an ADJUST brings the count up to the copies at the counter,
 * with the reason, and the title is flagged for the next stocktake. A concurrent event may have
 * fixed the count meanwhile, in which case nothing is adjusted.
 */
export function confirmCorrection(
  ledger: Ledger,
  repairId: number,
  actor: string,
): LedgerEvent | null {
  return ledger.transaction(() => {
    const repair = repairById(ledger, repairId);
    if (repair.outcome !== 'discrepancy') {
      throw new UserError(
        'INVALID_INPUT',
        `Repair ${repairId} is ${repair.outcome}; there is nothing to confirm.`,
      );
    }
    const now = ledger.onHand(repair.isbn);
    const delta = repair.atCounter - now;
    const reason = `read repair: ${repair.atCounter} at the counter while the ledger said ${now}`;
    flagForCount(ledger, repair.storeId, repair.isbn, reason);
    if (delta <= 0) {
      updateRepair(ledger, repairId, {
        outcome: 'agreed',
        localAfter: now,
        message: 'The count caught up before the correction.',
      });
      return null;
    }
    const event = adjustStock(ledger, { actor, isbn: repair.isbn, delta, reason });
    updateRepair(ledger, repairId, {
      outcome: 'corrected',
      localAfter: repair.atCounter,
      correction: { originId: event.originId, seq: event.seq },
      message: `Shelf count corrected from ${now} to ${repair.atCounter}.`,
    });
    return event;
  });
}

export function declineCorrection(ledger: Ledger, repairId: number, actor: string): void {
  ledger.transaction(() => {
    const repair = repairById(ledger, repairId);
    if (repair.outcome !== 'discrepancy') {
      throw new UserError(
        'INVALID_INPUT',
        `Repair ${repairId} is ${repair.outcome}; there is nothing to decline.`,
      );
    }
    flagForCount(ledger, repair.storeId, repair.isbn, `read repair declined by ${actor}`);
    updateRepair(ledger, repairId, {
      outcome: 'declined',
      message: `Correction declined by ${actor}.`,
    });
  });
}

/**
 * At the next contact, titles whose repair could not reach the master are reconciled. The sale
 * went ahead on the copy in hand, so a count still below zero after the exchange is a real
 * discrepancy: it is flagged for the manager, not corrected behind anyone's back.
 */
export async function retryUnverifiedRepairs(ledger: Ledger, client: MasterApi): Promise<number> {
  let resolved = 0;
  const seen = new Set<string>();
  for (const repair of unverifiedRepairs(ledger)) {
    if (seen.has(repair.isbn)) {
      updateRepair(ledger, repair.repairId, {
        outcome: 'agreed',
        message: 'Checked with an earlier repair of the same title.',
      });
      continue;
    }
    seen.add(repair.isbn);
    const result = await exchange(ledger, client, repair.isbn, COUNTER_RETRY);
    const onHand = ledger.onHand(repair.isbn);
    const ok = onHand >= 0;
    if (!ok)
      flagForCount(
        ledger,
        repair.storeId,
        repair.isbn,
        `count ${onHand} after a sale made while the master was away`,
      );
    updateRepair(ledger, repair.repairId, {
      outcome: ok ? 'agreed' : 'flagged',
      localAfter: onHand,
      masterBefore: result.masterBefore,
      masterAfter: result.masterOnHand,
      eventsIn: result.eventsIn,
      eventsOut: result.eventsOut,
      message: ok
        ? 'Verified at the next contact with the master.'
        : 'Still below zero after reconciling: count this title.',
    });
    resolved += 1;
  }
  return resolved;
}
