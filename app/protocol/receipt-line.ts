// One line of a receipt as the UI sees it: shared by the receipt itself (register-api.ts) and the
// returns calls (receipts-api.ts), which cannot import each other.
import { z } from 'zod';
import { eventKeySchema, isbn13Schema } from './events.js';

export const receiptLineSchema = z.object({
  lineNo: z.number().int().positive(),
  isbn: isbn13Schema,
  title: z.string(),
  author: z.string(),
  qty: z.number().int().positive(),
  unitPriceCents: z.number().int().nonnegative(),
  lineTotalCents: z.number().int().nonnegative(),
  event: eventKeySchema,
});
