// The manager's reports in the register API (spread into registerApi): sales by day from the
// local ledger, and the catalog's sections a stocktake can be limited to. Shared with the
// renderer, so it must stay free of Node APIs.
import { z } from 'zod';

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const MAX_SALES_REPORT_DAYS = 90;

const count = z.number().int().nonnegative();

export const dayFiguresSchema = z.object({
  copiesSold: count,
  copiesReturned: count,
  salesCents: z.number().int().nonnegative(),
  refundsCents: z.number().int().nonnegative(),
  /** Sales less refunds: negative on a day with more refunded than sold. */
  netCents: z.number().int(),
});
export type DayFigures = z.infer<typeof dayFiguresSchema>;

export const salesByDaySchema = z.object({
  /** The IANA zone the days are the calendar days of (the register's). */
  timeZone: z.string(),
  /** Oldest first, one entry per day of the period (zeros included), today last. */
  days: z.array(dayFiguresSchema.extend({ date: z.iso.date() })),
  totals: dayFiguresSchema,
});
export type SalesByDayView = z.infer<typeof salesByDaySchema>;

export const catalogSectionSchema = z.object({
  section: z.string(),
  /** Titles of the section in the catalog. */
  titles: count,
  /** Of those, titles this store has copies of (what a count of the section expects). */
  stocked: count,
});
export type CatalogSection = z.infer<typeof catalogSectionSchema>;

export const reportsCalls = {
  salesByDay: call(
    z.strictObject({
      days: z
        .number()
        .int()
        .min(1, 'a report covers at least 1 day')
        .max(MAX_SALES_REPORT_DAYS, `a report covers at most ${MAX_SALES_REPORT_DAYS} days`),
    }),
    salesByDaySchema,
  ),
  catalogSections: call(z.strictObject({}), z.array(catalogSectionSchema)),
} as const;
