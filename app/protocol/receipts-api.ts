// Register API calls for receipts after the sale: finding one again (a return, a reprint), what
// each of its lines can still take back, and checking a strong sale the master refused. Spread
// into registerApi (register-api.ts), which imports this file: so nothing is imported back from it.
import { z } from 'zod';
import { isbn13Schema } from './events.js';
import { receiptLineSchema } from './receipt-line.js';

const receiptIdSchema = z.string().min(1, 'a receipt id is needed').max(200);

export const receiptSummarySchema = z.object({
  receiptId: z.string(),
  /** As printed after "Receipt": the register's origin (8 hex digits), a dash, the number. */
  printedNo: z.string(),
  receiptNo: z.number().int().positive(),
  kind: z.enum(['SALE', 'RETURN']),
  status: z.enum(['pending', 'final', 'cancelled']),
  createdAt: z.string(),
  cashier: z.string(),
  totalCents: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  originalReceiptId: z.string().nullable(),
});
export type ReceiptSummary = z.infer<typeof receiptSummarySchema>;

export const returnableReceiptSchema = z.object({
  summary: receiptSummarySchema,
  lines: z.array(
    receiptLineSchema.omit({ lineTotalCents: true, event: true }).extend({
      /** Copies already returned against this line. */
      returned: z.number().int().nonnegative(),
      /** Copies that may still come back. */
      returnable: z.number().int().nonnegative(),
    }),
  ),
  /** Why nothing can be returned against this receipt; null when something can. */
  refusal: z.string().nullable(),
});
export type ReturnableReceiptView = z.infer<typeof returnableReceiptSchema>;

/** What checking one title of a refused sale with the master found. */
export const refusedTitleCheckSchema = z.discriminatedUnion('outcome', [
  /** The ledgers agreed once reconciled: the sale can be sent again. */
  z.object({
    outcome: z.literal('agreed'),
    isbn: isbn13Schema,
    title: z.string(),
    onHand: z.number().int(),
  }),
  /**
   * The master and this register agree the copies are not on the books: confirming the
   * correction (confirmCorrection with repairId) records that they are, then the sale is retried.
   */
  z.object({
    outcome: z.literal('discrepancy'),
    isbn: isbn13Schema,
    title: z.string(),
    repairId: z.number().int().positive(),
    /** The count with this sale taken off, and what the correction brings it to. */
    proposed: z.object({ from: z.number().int(), to: z.number().int() }),
    masterOnHand: z.number().int(),
  }),
  /** The master could not be reached: nothing was checked. */
  z.object({
    outcome: z.literal('unverified'),
    isbn: isbn13Schema,
    title: z.string(),
    message: z.string(),
  }),
]);
export type RefusedTitleCheck = z.infer<typeof refusedTitleCheckSchema>;

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const receiptsCalls = {
  /**
   * Receipts by the number printed on them ("1a2b3c4d-17" or "17"), by full id, or, with an
   * empty query, today's receipts; newest first.
   */
  findReceipts: call(
    z.strictObject({ query: z.string().max(100, 'a receipt number is shorter than that') }),
    z.array(receiptSummarySchema),
  ),
  /** A receipt's lines with how many copies of each were returned and may still be. */
  returnableReceipt: call(z.strictObject({ receiptId: receiptIdSchema }), returnableReceiptSchema),
  /**
   * A waiting strong sale the master refused (INSUFFICIENT_STOCK): each of its titles is checked
   * with the master (read repair) as the caller decides what to do next.
   */
  reconcileRefusedSale: call(
    z.strictObject({ receiptId: receiptIdSchema }),
    z.array(refusedTitleCheckSchema),
  ),
} as const;
