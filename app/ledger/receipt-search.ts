// Finding a receipt again at the counter (a return, a reprint): by what is printed on the paper
// ("Receipt 1a2b3c4d-17"), by its full id, or today's receipts when nothing is typed. And, for a
// return, how many copies of each line are still returnable.
import { UserError } from '../shared/errors.js';
import type { Ledger } from './ledger.js';
import { printedReceiptNo } from './receipt-text.js';
import {
  isVoided,
  readReceipt,
  receiptKey,
  returnedSoFar,
  type Receipt,
  type ReceiptStatus,
} from './sales.js';

/** One row of a receipt list: enough to tell receipts apart at a glance. */
export interface ReceiptSummary {
  receiptId: string;
  /** As printed on the receipt: the register's origin (8 hex digits), a dash, the number. */
  printedNo: string;
  receiptNo: number;
  kind: 'SALE' | 'RETURN';
  status: ReceiptStatus;
  createdAt: string;
  cashier: string;
  totalCents: number;
  /** Copies on the receipt. */
  items: number;
  originalReceiptId: string | null;
}

export const RECEIPT_LIST_LIMIT = 50;

/** What a typed or scanned query asks for. */
export type ReceiptQuery =
  | { kind: 'today' }
  | { kind: 'id'; receiptId: string }
  | { kind: 'printed'; originPrefix: string; receiptNo: number }
  | { kind: 'number'; receiptNo: number };

const HOW_TO_TYPE =
  'Type the receipt number as printed after "Receipt", e.g. 1a2b3c4d-17, or just 17; leave it empty for today\'s receipts.';

/**
 * Reads what the cashier typed: "Receipt 1a2b3c4d-17", "1A2B3C4D-17", "17", "#17", a full id
 * ("<32 hex>-000017") or nothing. Anything else is refused with how to type it.
 */
export function parseReceiptQuery(raw: string): ReceiptQuery {
  const text = raw
    .trim()
    .replace(/^receipt\s*/i, '')
    .replace(/^(no\.?|#)\s*/i, '')
    .trim()
    .toLowerCase();
  if (text === '') return { kind: 'today' };
  if (receiptKey(text)) return { kind: 'id', receiptId: text };
  const printed = /^([0-9a-f]{4,32})-0*(\d{1,9})$/.exec(text);
  if (printed?.[1] && printed[2]) {
    return { kind: 'printed', originPrefix: printed[1], receiptNo: Number(printed[2]) };
  }
  if (/^\d{1,9}$/.test(text)) return { kind: 'number', receiptNo: Number(text) };
  throw new UserError('INVALID_INPUT', `"${raw.trim()}" is not a receipt number. ${HOW_TO_TYPE}`);
}

interface SummaryRow {
  receipt_id: string;
  receipt_no: number;
  kind: 'SALE' | 'RETURN';
  status: ReceiptStatus;
  created_at: string;
  cashier: string;
  total_cents: number;
  items: number;
  original_receipt_id: string | null;
}

const SUMMARY_SELECT = `
  SELECT r.receipt_id, r.receipt_no, r.kind, r.status, r.created_at, r.cashier, r.total_cents,
    r.original_receipt_id, r.items
  FROM receipts r`;

const toSummary = (row: SummaryRow): ReceiptSummary => ({
  receiptId: row.receipt_id,
  printedNo: printedReceiptNo(row.receipt_id),
  receiptNo: row.receipt_no,
  kind: row.kind,
  status: row.status,
  createdAt: row.created_at,
  cashier: row.cashier,
  totalCents: row.total_cents,
  items: row.items,
  originalReceiptId: row.original_receipt_id,
});

export function summaryOf(receipt: Receipt): ReceiptSummary {
  return {
    receiptId: receipt.receiptId,
    printedNo: printedReceiptNo(receipt.receiptId),
    receiptNo: receipt.receiptNo,
    kind: receipt.kind,
    status: receipt.status,
    createdAt: receipt.createdAt,
    cashier: receipt.cashier,
    totalCents: receipt.totalCents,
    items: receipt.lines.reduce((sum, line) => sum + line.qty, 0),
    originalReceiptId: receipt.originalReceiptId,
  };
}

/**
 * Receipts matching the query, newest first. A bare number can match one receipt per origin this
 * ledger has written as (a restored ledger starts a new origin), so the answer is always a list.
 */
export function findReceipts(
  ledger: Ledger,
  raw: string,
  options: { todayStart: Date; limit?: number },
): ReceiptSummary[] {
  const limit = options.limit ?? RECEIPT_LIST_LIMIT;
  const query = parseReceiptQuery(raw);
  const order = 'ORDER BY r.created_at DESC, r.receipt_no DESC LIMIT CAST(? AS INTEGER)';
  let rows: SummaryRow[];
  switch (query.kind) {
    case 'today':
      rows = ledger
        .statement(`${SUMMARY_SELECT} WHERE r.created_at >= ? ${order}`)
        .all(options.todayStart.toISOString(), limit) as SummaryRow[];
      break;
    case 'id': {
      const key = receiptKey(query.receiptId);
      rows = key
        ? (ledger
            .statement(
              `${SUMMARY_SELECT} WHERE r.origin_id = ? AND r.receipt_no = ? AND r.receipt_id = ? ${order}`,
            )
            .all(key.originId, key.receiptNo, query.receiptId, limit) as SummaryRow[])
        : [];
      break;
    }
    case 'printed':
      rows = ledger
        .statement(
          `${SUMMARY_SELECT} WHERE r.receipt_no = ? AND substr(r.origin_id, 1, ?) = ? ${order}`,
        )
        .all(query.receiptNo, query.originPrefix.length, query.originPrefix, limit) as SummaryRow[];
      break;
    case 'number':
      rows = ledger
        .statement(`${SUMMARY_SELECT} WHERE r.receipt_no = ? ${order}`)
        .all(query.receiptNo, limit) as SummaryRow[];
      break;
  }
  return rows.map(toSummary);
}

/** A sale line with what has come back against it so far. */
export interface ReturnableLine {
  lineNo: number;
  isbn: string;
  title: string;
  author: string;
  qty: number;
  unitPriceCents: number;
  /** Copies already returned (returns later voided do not count). */
  returned: number;
  /** Copies that may still come back: 0 for a line whose sale was voided. */
  returnable: number;
}

export interface ReturnableReceipt {
  receipt: Receipt;
  lines: ReturnableLine[];
  /** Why nothing can be returned against this receipt, or null when something can. */
  refusal: string | null;
}

export function returnableReceipt(ledger: Ledger, receiptId: string): ReturnableReceipt {
  const receipt = readReceipt(ledger, receiptId);
  const printed = printedReceiptNo(receipt.receiptId);
  let refusal: string | null = null;
  if (receipt.kind === 'RETURN') refusal = `Receipt ${printed} is itself a refund.`;
  else if (receipt.status === 'pending')
    refusal = `Receipt ${printed} is still waiting for the master; it is not a completed sale.`;
  else if (receipt.status === 'cancelled')
    refusal = `Receipt ${printed} was cancelled; nothing was sold on it.`;
  const lines = receipt.lines.map((line) => {
    // The same rule recordReturn applies, so the screen never offers what the return refuses.
    const returned = returnedSoFar(ledger, line.event);
    const returnable =
      refusal !== null || isVoided(ledger, line.event) ? 0 : Math.max(0, line.qty - returned);
    return {
      lineNo: line.lineNo,
      isbn: line.isbn,
      title: line.title,
      author: line.author,
      qty: line.qty,
      unitPriceCents: line.unitPriceCents,
      returned,
      returnable,
    };
  });
  if (refusal === null && lines.every((line) => line.returnable === 0)) {
    refusal = `Every copy on receipt ${printed} has already been returned.`;
  }
  return { receipt, lines, refusal };
}
