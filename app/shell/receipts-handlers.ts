// Handlers for the receipts calls (app/protocol/receipts-api.ts): finding a receipt again, what it
// can still take back, and checking a refused strong sale's titles with the master.
import { findReceipts, returnableReceipt, summaryOf } from '../ledger/receipt-search.js';
import { printedReceiptNo } from '../ledger/receipt-text.js';
import type { RefusedTitleCheck } from '../protocol/receipts-api.js';
import type { Register } from '../register/register.js';
import type { RepairOutcome } from '../repair/read-repair.js';
import { UserError } from '../shared/errors.js';
import { actorOf, type ApiHandlers } from './api-handlers.js';

type ReceiptsHandlers = Pick<
  ApiHandlers,
  'findReceipts' | 'returnableReceipt' | 'reconcileRefusedSale'
>;

export interface ReceiptsHandlerOptions {
  /** Tells the page's status bar that counts or reachability changed. */
  announce: () => void;
  /** The register's clock, for "today". */
  now?: () => Date;
}

/** Midnight at the start of the register's local day. */
function startOfDay(now: Date): Date {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  return start;
}

export function createReceiptsHandlers(
  register: Register,
  options: ReceiptsHandlerOptions,
): ReceiptsHandlers {
  const now = options.now ?? (() => new Date());
  const later = <T>(work: () => T): Promise<T> => Promise.resolve().then(work);

  const check = (outcome: RepairOutcome, title: string): RefusedTitleCheck => {
    switch (outcome.outcome) {
      case 'no-dispute':
      case 'agreed':
        return { outcome: 'agreed', isbn: outcome.isbn, title, onHand: outcome.onHand };
      case 'discrepancy':
        return {
          outcome: 'discrepancy',
          isbn: outcome.isbn,
          title,
          repairId: outcome.repairId,
          proposed: outcome.proposed,
          masterOnHand: outcome.masterOnHand,
        };
      case 'unverified':
        return { outcome: 'unverified', isbn: outcome.isbn, title, message: outcome.message };
    }
  };

  return {
    findReceipts: ({ query }) =>
      later(() => findReceipts(register.ledger, query, { todayStart: startOfDay(now()) })),

    returnableReceipt: ({ receiptId }) =>
      later(() => {
        const { receipt, lines, refusal } = returnableReceipt(register.ledger, receiptId);
        return { summary: summaryOf(receipt), lines, refusal };
      }),

    reconcileRefusedSale: async ({ receiptId }, context) => {
      const receipt = register.receipt(receiptId);
      if (receipt.kind !== 'SALE' || receipt.status !== 'pending') {
        throw new UserError(
          'INVALID_INPUT',
          `Receipt ${printedReceiptNo(receipt.receiptId)} is not a sale waiting for the master: there is nothing to check.`,
        );
      }
      const titles = new Map(receipt.lines.map((line) => [line.isbn, line.title]));
      const outcomes = await register.reconcileRefusedSale(receiptId, actorOf(context));
      options.announce();
      return outcomes.map((outcome) => check(outcome, titles.get(outcome.isbn) ?? outcome.isbn));
    },
  };
}
