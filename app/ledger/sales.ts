// Sales and returns: one receipt and its SALE/RETURN events in one transaction, so a receipt the
// cashier saw always has its events and no event exists without its receipt.
import { z } from 'zod';
import type { EventKey, EventOfKind } from '../protocol/events.js';
import { UserError } from '../shared/errors.js';
import { strictAssert } from '../shared/assert.js';
import type { Ledger } from './ledger.js';
import { hlcToDate } from './hlc.js';
import { keyOf } from './vector.js';

const actorSchema = z.string().min(1, 'who is at the register must be known').max(64);
const qtySchema = z.number().int().min(1).max(999);

export const paymentSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('cash'), tenderedCents: z.number().int().nonnegative() }),
  z.strictObject({ method: z.literal('card'), reference: z.string().max(64).optional() }),
]);
export type Payment = z.infer<typeof paymentSchema>;

export const saleInputSchema = z.strictObject({
  cashier: actorSchema,
  lines: z
    .array(
      z.strictObject({
        isbn: z.string().min(1),
        qty: qtySchema,
        /** Defaults to the catalog price. */
        unitPriceCents: z.number().int().nonnegative().optional(),
      }),
    )
    .min(1, 'a sale needs at least one line')
    .max(500),
  payment: paymentSchema,
  /** Strong mode writes the sale as pending until the master confirms it. */
  status: z.enum(['final', 'pending']).default('final'),
});
export type SaleInput = z.input<typeof saleInputSchema>;

export const returnInputSchema = z.strictObject({
  cashier: actorSchema,
  originalReceiptId: z.string().min(1),
  lines: z
    .array(z.strictObject({ isbn: z.string().min(1), qty: qtySchema }))
    .min(1)
    .max(500),
  refund: paymentSchema,
});
export type ReturnInput = z.input<typeof returnInputSchema>;

export type ReceiptStatus = 'pending' | 'final' | 'cancelled';

export interface ReceiptLine {
  lineNo: number;
  isbn: string;
  title: string;
  author: string;
  qty: number;
  unitPriceCents: number;
  lineTotalCents: number;
  event: EventKey;
}

export interface Receipt {
  receiptId: string;
  receiptNo: number;
  kind: 'SALE' | 'RETURN';
  storeId: string;
  originId: string;
  cashier: string;
  createdAt: string;
  hlc: string;
  payment:
    | { method: 'cash'; tenderedCents: number; changeCents: number }
    | { method: 'card'; reference: string | null };
  totalCents: number;
  status: ReceiptStatus;
  originalReceiptId: string | null;
  lines: ReceiptLine[];
}

function invalid(error: z.ZodError): UserError {
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  return new UserError('INVALID_INPUT', `${where}${first?.message ?? 'invalid input'}`);
}

function settle(payment: Payment, totalCents: number): Receipt['payment'] {
  if (payment.method === 'card') return { method: 'card', reference: payment.reference ?? null };
  if (payment.tenderedCents < totalCents) {
    throw new UserError(
      'INVALID_INPUT',
      `Cash tendered (${payment.tenderedCents} cents) is less than the total (${totalCents} cents).`,
    );
  }
  return {
    method: 'cash',
    tenderedCents: payment.tenderedCents,
    changeCents: payment.tenderedCents - totalCents,
  };
}

interface ReceiptRow {
  receipt_id: string;
  receipt_no: number;
  kind: 'SALE' | 'RETURN';
  store_id: string;
  origin_id: string;
  cashier: string;
  created_at: string;
  hlc: string;
  payment_method: 'cash' | 'card';
  card_reference: string | null;
  total_cents: number;
  tendered_cents: number | null;
  change_cents: number | null;
  status: ReceiptStatus;
  original_receipt_id: string | null;
  lines: string;
}

/** A line as the receipt's row keeps it (its number is its place in the array, from 1). */
interface StoredLine {
  isbn: string;
  title: string;
  author: string;
  qty: number;
  unitPriceCents: number;
  event: EventKey;
}

/** What a receipt id names: `<origin>-<number, at least 6 digits>` (see newReceiptHeader). */
const RECEIPT_ID = /^([0-9a-f]{32})-(\d{6,})$/;

/** The key of the receipt an id names, or undefined when the text is not a receipt id. */
export function receiptKey(receiptId: string): { originId: string; receiptNo: number } | undefined {
  const match = RECEIPT_ID.exec(receiptId);
  if (!match?.[1] || !match[2]) return undefined;
  return { originId: match[1], receiptNo: Number(match[2]) };
}

function receiptIdOf(originId: string, receiptNo: number): string {
  return `${originId}-${String(receiptNo).padStart(6, '0')}`;
}

/** Receipt lines as printed, each tied to the event that recorded it (same order). */
function receiptLines(
  items: readonly {
    isbn: string;
    title: string;
    author: string;
    qty: number;
    unitPriceCents: number;
  }[],
  events: readonly EventKey[],
): ReceiptLine[] {
  return items.map((item, index) => {
    const event = events[index];
    strictAssert(event, 'every receipt line has its event');
    return {
      lineNo: index + 1,
      isbn: item.isbn,
      title: item.title,
      author: item.author,
      qty: item.qty,
      unitPriceCents: item.unitPriceCents,
      lineTotalCents: item.qty * item.unitPriceCents,
      event: { originId: event.originId, seq: event.seq },
    };
  });
}

function nextReceiptNo(ledger: Ledger): number {
  const row = ledger
    .statement('SELECT coalesce(max(receipt_no), 0) AS n FROM receipts WHERE origin_id = ?')
    .get(ledger.originId) as { n: number };
  return row.n + 1;
}

function insertReceipt(ledger: Ledger, receipt: Receipt): void {
  const lines: StoredLine[] = receipt.lines.map((line) => ({
    isbn: line.isbn,
    title: line.title,
    author: line.author,
    qty: line.qty,
    unitPriceCents: line.unitPriceCents,
    event: line.event,
  }));
  ledger
    .statement(
      `INSERT INTO receipts (origin_id, receipt_no, kind, store_id, cashier, created_at, hlc,
         payment_method, card_reference, total_cents, tendered_cents, change_cents, status,
         original_receipt_id, items, lines)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    // Positional: a named-parameter object costs about a microsecond more per value bound.
    .run(
      receipt.originId,
      receipt.receiptNo,
      receipt.kind,
      receipt.storeId,
      receipt.cashier,
      receipt.createdAt,
      receipt.hlc,
      receipt.payment.method,
      receipt.payment.method === 'card' ? receipt.payment.reference : null,
      receipt.totalCents,
      receipt.payment.method === 'cash' ? receipt.payment.tenderedCents : null,
      receipt.payment.method === 'cash' ? receipt.payment.changeCents : null,
      receipt.status,
      receipt.originalReceiptId,
      lines.reduce((sum, line) => sum + line.qty, 0),
      JSON.stringify(lines),
    );
}

function newReceiptHeader(ledger: Ledger, kind: Receipt['kind'], cashier: string) {
  const receiptNo = nextReceiptNo(ledger);
  const hlc = ledger.now();
  return {
    receiptId: receiptIdOf(ledger.originId, receiptNo),
    receiptNo,
    kind,
    storeId: ledger.storeId,
    originId: ledger.originId,
    cashier,
    hlc,
    createdAt: hlcToDate(hlc).toISOString(),
  };
}

export function recordSale(ledger: Ledger, rawInput: SaleInput): Receipt {
  const parsed = saleInputSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;

  // The titles are read inside the write transaction: read outside, each lookup opened and closed
  // a read transaction of its own. An unknown title or a short tender rolls back an empty one.
  return ledger.transaction(() => {
    const priced = input.lines.map((line) => {
      const title = ledger.catalog.title(line.isbn);
      return { title, qty: line.qty, unitPriceCents: line.unitPriceCents ?? title.priceCents };
    });
    const totalCents = priced.reduce((sum, line) => sum + line.qty * line.unitPriceCents, 0);
    const payment = settle(input.payment, totalCents);
    const header = newReceiptHeader(ledger, 'SALE', input.cashier);
    const events = ledger.append(
      priced.map((line) => ({
        kind: 'SALE' as const,
        storeId: ledger.storeId,
        isbn: line.title.isbn,
        actor: input.cashier,
        qty: line.qty,
        unitPriceCents: line.unitPriceCents,
        receiptId: header.receiptId,
      })),
    );
    const receipt: Receipt = {
      ...header,
      payment,
      totalCents,
      status: input.status,
      originalReceiptId: null,
      lines: receiptLines(
        priced.map((line) => ({
          ...line.title,
          qty: line.qty,
          unitPriceCents: line.unitPriceCents,
        })),
        events,
      ),
    };
    insertReceipt(ledger, receipt);
    return receipt;
  });
}

export function readReceipt(ledger: Ledger, receiptId: string): Receipt {
  const key = receiptKey(receiptId);
  const row = key
    ? (ledger
        .statement('SELECT * FROM receipts WHERE origin_id = ? AND receipt_no = ?')
        .get(key.originId, key.receiptNo) as ReceiptRow | undefined)
    : undefined;
  // The same number written with more leading zeros names no receipt.
  if (row?.receipt_id !== receiptId) {
    throw new UserError('UNKNOWN_RECEIPT', `No receipt ${receiptId} on this register.`);
  }
  const lines = JSON.parse(row.lines) as StoredLine[];
  return {
    receiptId: row.receipt_id,
    receiptNo: row.receipt_no,
    kind: row.kind,
    storeId: row.store_id,
    originId: row.origin_id,
    cashier: row.cashier,
    createdAt: row.created_at,
    hlc: row.hlc,
    payment:
      row.payment_method === 'cash'
        ? {
            method: 'cash',
            tenderedCents: row.tendered_cents ?? 0,
            changeCents: row.change_cents ?? 0,
          }
        : { method: 'card', reference: row.card_reference },
    totalCents: row.total_cents,
    status: row.status,
    originalReceiptId: row.original_receipt_id,
    lines: lines.map((line, index) => ({
      lineNo: index + 1,
      isbn: line.isbn,
      title: line.title,
      author: line.author,
      qty: line.qty,
      unitPriceCents: line.unitPriceCents,
      lineTotalCents: line.qty * line.unitPriceCents,
      event: { originId: line.event.originId, seq: line.event.seq },
    })),
  };
}

/**
 * Strong mode: a pending receipt becomes final, found by its key. False when it was not pending
 * (already final, or cancelled), and then nothing changed.
 */
export function finalizePending(
  ledger: Ledger,
  receipt: Pick<Receipt, 'originId' | 'receiptNo'>,
): boolean {
  const { changes } = ledger
    .statement(
      "UPDATE receipts SET status = 'final' WHERE origin_id = ? AND receipt_no = ? AND status = 'pending'",
    )
    .run(receipt.originId, receipt.receiptNo);
  return changes === 1;
}

/** Whether a VOID cancels the event (a cancelled sale line, a return given back). */
export function isVoided(ledger: Ledger, key: EventKey): boolean {
  return (
    ledger
      .statement(
        "SELECT 1 FROM events WHERE ref_origin_id = ? AND ref_seq = ? AND kind = 'VOID' LIMIT 1",
      )
      .get(key.originId, key.seq) !== undefined
  );
}

/** Copies of a sale line already returned (returns that were later voided do not count). */
export function returnedSoFar(ledger: Ledger, sale: EventKey): number {
  const rows = ledger
    .statement(
      "SELECT origin_id, seq, body FROM events WHERE ref_origin_id = ? AND ref_seq = ? AND kind = 'RETURN'",
    )
    .all(sale.originId, sale.seq) as { origin_id: string; seq: number; body: string }[];
  return rows
    .filter((row) => !isVoided(ledger, { originId: row.origin_id, seq: row.seq }))
    .reduce((sum, row) => sum + (JSON.parse(row.body) as EventOfKind<'RETURN'>).qty, 0);
}

export function recordReturn(ledger: Ledger, rawInput: ReturnInput): Receipt {
  const parsed = returnInputSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;

  return ledger.transaction(() => {
    const original = readReceipt(ledger, input.originalReceiptId);
    if (original.kind !== 'SALE' || original.status !== 'final') {
      throw new UserError(
        'UNKNOWN_RECEIPT',
        `Receipt ${original.receiptId} is not a completed sale, so nothing can be returned against it.`,
      );
    }
    const returning: { line: ReceiptLine; qty: number }[] = [];
    const taken = new Map<string, number>();
    for (const request of input.lines) {
      const isbn = ledger.catalog.title(request.isbn).isbn;
      let wanted = request.qty;
      for (const line of original.lines.filter((candidate) => candidate.isbn === isbn)) {
        // A voided sale line never took copies off the shelf, so nothing can come back against it.
        if (isVoided(ledger, line.event)) continue;
        const used = taken.get(keyOf(line.event)) ?? 0;
        const available = line.qty - returnedSoFar(ledger, line.event) - used;
        const qty = Math.min(available, wanted);
        if (qty <= 0) continue;
        returning.push({ line, qty });
        taken.set(keyOf(line.event), used + qty);
        wanted -= qty;
      }
      if (wanted > 0) {
        throw new UserError(
          'RETURN_EXCEEDS_SALE',
          `Receipt ${original.receiptId} has ${request.qty - wanted} more cop${request.qty - wanted === 1 ? 'y' : 'ies'} of ${isbn} to return, not ${request.qty}.`,
        );
      }
    }
    const totalCents = returning.reduce((sum, r) => sum + r.qty * r.line.unitPriceCents, 0);
    const payment =
      input.refund.method === 'cash'
        ? ({ method: 'cash', tenderedCents: totalCents, changeCents: 0 } as const)
        : settle(input.refund, totalCents);
    const header = newReceiptHeader(ledger, 'RETURN', input.cashier);
    const events = ledger.append(
      returning.map((r) => ({
        kind: 'RETURN' as const,
        storeId: ledger.storeId,
        isbn: r.line.isbn,
        actor: input.cashier,
        qty: r.qty,
        receiptId: header.receiptId,
        sale: r.line.event,
      })),
    );
    const receipt: Receipt = {
      ...header,
      payment,
      totalCents,
      status: 'final',
      originalReceiptId: original.receiptId,
      lines: receiptLines(
        returning.map((r) => ({ ...r.line, qty: r.qty })),
        events,
      ),
    };
    insertReceipt(ledger, receipt);
    return receipt;
  });
}

/** Strong mode: the master confirmed a pending sale. */
export function confirmReceipt(ledger: Ledger, receiptId: string): Receipt {
  return ledger.transaction(() => {
    const receipt = readReceipt(ledger, receiptId);
    finalizePending(ledger, receipt);
    return readReceipt(ledger, receiptId);
  });
}

/** Strong mode: a pending sale is given up; VOID events cancel its SALE events everywhere. */
export function cancelPendingReceipt(
  ledger: Ledger,
  receiptId: string,
  actor: string,
  reason: string,
): Receipt {
  return ledger.transaction(() => {
    const receipt = readReceipt(ledger, receiptId);
    if (receipt.status !== 'pending') {
      throw new UserError(
        'INVALID_INPUT',
        `Receipt ${receiptId} is ${receipt.status}, not pending; it cannot be cancelled.`,
      );
    }
    ledger.append(
      receipt.lines.map((line) => ({
        kind: 'VOID' as const,
        storeId: receipt.storeId,
        isbn: line.isbn,
        actor,
        target: line.event,
        reason,
      })),
    );
    ledger
      .statement("UPDATE receipts SET status = 'cancelled' WHERE origin_id = ? AND receipt_no = ?")
      .run(receipt.originId, receipt.receiptNo);
    return readReceipt(ledger, receiptId);
  });
}
