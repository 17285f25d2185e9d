// Sales by day for the manager: copies sold, copies returned and net revenue per local day, for
// this register's store, from the ledger's events (so sales rung up at the store's other tills
// count once they have synced). A voided event (a strong-mode sale given up) never happened; a
// return counts on the day the money went back, at the price its sale was rung up at.
import type { Ledger } from '../ledger/ledger.js';
import { formatHlc, parseHlc } from '../ledger/hlc.js';
import { addDays, localDate, startOfLocalDate } from './local-days.js';

export interface DayFigures {
  copiesSold: number;
  copiesReturned: number;
  salesCents: number;
  refundsCents: number;
  /** Sales less refunds. */
  netCents: number;
}

export interface SalesByDay {
  timeZone: string;
  /** Oldest first, every day of the period, today last (days without sales are zeros). */
  days: (DayFigures & { date: string })[];
  totals: DayFigures;
}

export const MAX_REPORT_DAYS = 90;

const zero = (): DayFigures => ({
  copiesSold: 0,
  copiesReturned: 0,
  salesCents: 0,
  refundsCents: 0,
  netCents: 0,
});

interface MovementRow {
  kind: 'SALE' | 'RETURN';
  hlc: string;
  qty: number;
  /** A SALE's own price; a RETURN's sale's price (null if that sale has not reached us). */
  unit_price_cents: number | null;
}

/** The last `days` local days up to and including the day of `now`. */
export function salesByDay(
  ledger: Ledger,
  options: { days: number; timeZone: string; now?: number },
): SalesByDay {
  const { days, timeZone } = options;
  if (!Number.isInteger(days) || days < 1 || days > MAX_REPORT_DAYS) {
    throw new RangeError(`days must be a whole number from 1 to ${MAX_REPORT_DAYS}`);
  }
  const today = localDate(options.now ?? Date.now(), timeZone);
  const dates = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const starts = [...dates, addDays(today, 1)].map((date) => startOfLocalDate(date, timeZone));
  const from = starts[0] ?? 0;
  const until = starts[starts.length - 1] ?? 0;

  const rows = ledger
    .statement(
      `SELECT e.kind, e.hlc, json_extract(e.body, '$.qty') AS qty,
         CASE e.kind WHEN 'SALE' THEN json_extract(e.body, '$.unitPriceCents')
           ELSE json_extract(s.body, '$.unitPriceCents') END AS unit_price_cents
       FROM events e
       LEFT JOIN events s ON e.kind = 'RETURN' AND s.origin_id = e.ref_origin_id AND s.seq = e.ref_seq
       WHERE e.store_id = ? AND e.kind IN ('SALE', 'RETURN') AND e.hlc >= ? AND e.hlc < ?
         AND NOT EXISTS (SELECT 1 FROM events v
           WHERE v.ref_origin_id = e.origin_id AND v.ref_seq = e.seq AND v.kind = 'VOID')`,
    )
    .all(
      ledger.storeId,
      formatHlc({ ms: from, counter: 0 }),
      formatHlc({ ms: until, counter: 0 }),
    ) as MovementRow[];

  const figures = dates.map(zero);
  for (const row of rows) {
    const day = figures[dayIndex(starts, parseHlc(row.hlc).ms)];
    if (!day) continue;
    const cents = row.qty * (row.unit_price_cents ?? 0);
    if (row.kind === 'SALE') {
      day.copiesSold += row.qty;
      day.salesCents += cents;
    } else {
      day.copiesReturned += row.qty;
      day.refundsCents += cents;
    }
  }
  const totals = zero();
  for (const day of figures) {
    day.netCents = day.salesCents - day.refundsCents;
    totals.copiesSold += day.copiesSold;
    totals.copiesReturned += day.copiesReturned;
    totals.salesCents += day.salesCents;
    totals.refundsCents += day.refundsCents;
    totals.netCents += day.netCents;
  }
  return {
    timeZone,
    days: figures.map((day, i) => ({ date: dates[i] ?? '', ...day })),
    totals,
  };
}

/** The day whose [start, next start) holds `ms`: a binary search over the day starts. */
function dayIndex(starts: readonly number[], ms: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((starts[mid] ?? 0) <= ms) low = mid;
    else high = mid - 1;
  }
  return low;
}
