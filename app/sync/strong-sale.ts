// Strong mode: the receipt is final only once the master has durably accepted the sale. Until
// then it is pending in the local ledger, so a crash, a timeout or a lost reply never loses it,
// and re-sending the same event keys never counts it twice.
import type { Ledger } from '../ledger/ledger.js';
import {
  confirmReceipt,
  finalizePending,
  readReceipt,
  recordSale,
  type Receipt,
  type SaleInput,
} from '../ledger/sales.js';
import { MAX_EVENTS_PER_PAGE, type PushResponse, type SaleResponse } from '../protocol/wire.js';
import { UserError } from '../shared/errors.js';
import { MasterUnreachableError, type MasterApi, MasterRejectedError } from './master-client.js';
import { Outbox } from './outbox.js';
import { pushAndAcknowledge } from './push.js';
import { retryWhileUnreachable, STRONG_SALE_RETRY, type RetryPolicy } from './retry.js';

export type StrongSaleOutcome =
  | { status: 'confirmed'; receipt: Receipt; masterOnHand: Record<string, number> }
  | {
      status: 'master-unreachable';
      receipt: Receipt;
      message: string;
      /** Whether the store's settings let a manager finish this sale in eventual mode. */
      canFallBack: boolean;
    }
  | {
      status: 'rejected';
      receipt: Receipt;
      code: string;
      message: string;
      /** For INSUFFICIENT_STOCK: the title (isbn) and the master's count (onHand). */
      detail: Record<string, unknown>;
    };

export async function sellStrong(
  ledger: Ledger,
  client: MasterApi,
  input: SaleInput,
  policy: RetryPolicy = STRONG_SALE_RETRY,
): Promise<StrongSaleOutcome> {
  const receipt = recordSale(ledger, { ...input, status: 'pending' });
  // The receipt just written is pending: no need to read it back before sending it.
  return confirmPending(ledger, client, receipt, policy, true);
}

/** Sends a pending sale (again) to the master; safe to call any number of times. */
export async function confirmWithMaster(
  ledger: Ledger,
  client: MasterApi,
  receiptId: string,
  policy: RetryPolicy = STRONG_SALE_RETRY,
): Promise<StrongSaleOutcome> {
  const receipt = readReceipt(ledger, receiptId);
  if (receipt.status !== 'pending') {
    throw new UserError(
      'INVALID_INPUT',
      `Receipt ${receiptId} is ${receipt.status}, not waiting for the master.`,
    );
  }
  return confirmPending(ledger, client, receipt, policy);
}

async function confirmPending(
  ledger: Ledger,
  client: MasterApi,
  receipt: Receipt,
  policy: RetryPolicy,
  /** Recorded by this call: the master cannot hold it yet, as acknowledgements never pass our log. */
  justRecorded = false,
): Promise<StrongSaleOutcome> {
  const { receiptId } = receipt;
  const outbox = new Outbox(ledger);
  const last = receipt.lines.at(-1)?.event;
  try {
    for (let rewinds = 0; ;) {
      const mayBeHeld = rewinds > 0 || !justRecorded;
      if (mayBeHeld && last && (outbox.heldByMaster()[last.originId] ?? 0) >= last.seq) {
        // The master already acknowledged these events (a batch carried them, or our earlier
        // confirmation crashed after the reply): the sale is durable there.
        return {
          status: 'confirmed',
          receipt: confirmReceipt(ledger, receiptId),
          masterOnHand: {},
        };
      }
      // The sale travels with every event of ours the master lacks, in seq order, so the
      // master's log stays gap-free and a correction recorded after the sale (read repair)
      // reaches the master in the same request; a long backlog goes first as plain pushes.
      const events = outbox.page(MAX_EVENTS_PER_PAGE);
      const carriesSale = events.some(
        (event) => event.originId === last?.originId && event.seq === last.seq,
      );
      let confirmed: Receipt | undefined;
      const answer = await retryWhileUnreachable(policy, () =>
        pushAndAcknowledge(
          outbox,
          events,
          (batch): Promise<PushResponse | SaleResponse> =>
            carriesSale ? client.sale(receiptId, batch) : client.push(batch),
          // The checkpoint and the final receipt in one commit: one fsync fewer per sale.
          (response) => {
            if ('onHand' in response) confirmed = markFinal(ledger, receipt);
          },
        ),
      );
      if (answer === 'rewound') {
        rewinds += 1;
        if (rewinds <= 3) continue;
        throw new MasterRejectedError(
          409,
          'GAP',
          'The master keeps reporting a gap in our events.',
        );
      }
      if ('onHand' in answer) {
        return {
          status: 'confirmed',
          receipt: confirmed ?? confirmReceipt(ledger, receiptId),
          masterOnHand: answer.onHand,
        };
      }
    }
  } catch (error) {
    if (error instanceof MasterUnreachableError) {
      return {
        status: 'master-unreachable',
        receipt,
        message:
          'The master register cannot be reached. The sale is waiting: retry, cancel it, or ask a manager to continue in eventual mode.',
        canFallBack: ledger.settings.get('allow_eventual_fallback') === 'yes',
      };
    }
    if (error instanceof MasterRejectedError) {
      return {
        status: 'rejected',
        receipt,
        code: error.code,
        message: error.message,
        detail: error.detail,
      };
    }
    throw error;
  }
}

/**
 * The pending receipt `receipt` (as written, or as read back) made final: one UPDATE, and the
 * receipt we already hold returned with its new status instead of being read back twice. A receipt
 * that is no longer pending (cancelled meanwhile, or already final) is read back as it now is.
 */
function markFinal(ledger: Ledger, receipt: Receipt): Receipt {
  return finalizePending(ledger, receipt)
    ? { ...receipt, status: 'final' }
    : confirmReceipt(ledger, receipt.receiptId);
}

/**
 * A manager lets a waiting sale complete without the master: the register switches to eventual
 * mode and the sale becomes final locally, its events waiting in the outbox for the batch.
 */
export function finishInEventualMode(ledger: Ledger, receiptId: string): Receipt {
  if (ledger.settings.get('allow_eventual_fallback') !== 'yes') {
    throw new UserError(
      'INVALID_INPUT',
      "This store's settings do not allow switching to eventual mode.",
    );
  }
  return ledger.transaction(() => {
    ledger.settings.set('sync_mode', 'eventual');
    return confirmReceipt(ledger, receiptId);
  });
}

// Both read the partial index receipts_pending (ledger migration 13), never the receipts table.
export function pendingReceipts(ledger: Ledger): Receipt[] {
  const rows = ledger
    .statement("SELECT receipt_id FROM receipts WHERE status = 'pending' ORDER BY receipt_no")
    .all() as { receipt_id: string }[];
  return rows.map((row) => readReceipt(ledger, row.receipt_id));
}

export function pendingReceiptCount(ledger: Ledger): number {
  const row = ledger
    .statement("SELECT count(*) AS pending FROM receipts WHERE status = 'pending'")
    .get() as { pending: number };
  return row.pending;
}
