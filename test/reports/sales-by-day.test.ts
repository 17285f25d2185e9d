// Sales by day over a real ledger file: sales and returns land on the local day they happened,
// a voided (cancelled) sale never counts, a return is refunded at its sale's price on the return's
// day, the store's other tills count, other stores do not, and a day is the zone's day (DST too).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { cancelPendingReceipt, recordReturn, recordSale } from '../../app/ledger/sales.js';
import { salesByDay } from '../../app/reports/sales-by-day.js';
import { startOfLocalDate } from '../../app/reports/local-days.js';
import { deliver, demoIsbn, demoTitles, seedTitles } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const A = demoIsbn(0);
const B = demoIsbn(1);
const price = (index: number) => demoTitles()[index]?.priceCents ?? Number.NaN;
const PARIS = 'Europe/Paris';
const MINUTE = 60_000;

describe('salesByDay', () => {
  const tempDir = useTempDirs();
  const ledgers: Ledger[] = [];

  /** A ledger file whose clock the test moves; closed after each test. */
  function openLedger(name: string, storeId = 'uptown') {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const ledger = Ledger.open({
      path: path.join(tempDir(), `${name}.db`),
      storeId,
      wallClock: () => clock.now,
    });
    ledgers.push(ledger);
    seedTitles(ledger);
    deliver(ledger, A, 50);
    deliver(ledger, B, 50);
    return { ledger, clock };
  }
  const closeAll = () => ledgers.splice(0).forEach((ledger) => ledger.close());

  const sell = (ledger: Ledger, isbn: string, qty: number, status: 'final' | 'pending' = 'final') =>
    recordSale(ledger, {
      cashier: 'ana',
      lines: [{ isbn, qty }],
      payment: { method: 'card' },
      status,
    });

  it('counts sales, returns and net revenue per local day; voided sales and the day boundary', () => {
    try {
      const { ledger, clock } = openLedger('uptown');
      const nov23 = startOfLocalDate('2026-11-23', PARIS);
      const nov24 = startOfLocalDate('2026-11-24', PARIS);
      // The 21st, before the three days asked for: left out.
      clock.now = nov23 - 36 * 60 * MINUTE;
      sell(ledger, A, 9);
      // 23:59 on the 23rd, Paris time (22:59 UTC): the 23rd's sale.
      clock.now = nov24 - MINUTE;
      const late = sell(ledger, A, 2);
      // A strong-mode sale given up: its VOIDs cancel it, so it was never sold.
      clock.now = nov24 - MINUTE / 2;
      const pending = sell(ledger, B, 5, 'pending');
      cancelPendingReceipt(ledger, pending.receiptId, 'ana', 'master unreachable');
      // 00:00 on the 24th: the 24th's first sale.
      clock.now = nov24;
      sell(ledger, B, 1);
      // The 23rd's sale comes back on the 24th: refunded that day, at the price it was sold at.
      clock.now = nov24 + 60 * MINUTE;
      recordReturn(ledger, {
        cashier: 'ben',
        originalReceiptId: late.receiptId,
        lines: [{ isbn: A, qty: 1 }],
        refund: { method: 'card' },
      });

      const report = salesByDay(ledger, { days: 3, timeZone: PARIS, now: nov24 + 120 * MINUTE });
      expect(report.timeZone).toBe(PARIS);
      expect(report.days.map((day) => day.date)).toEqual([
        '2026-11-22',
        '2026-11-23',
        '2026-11-24',
      ]);
      expect(report.days[0]).toEqual({
        date: '2026-11-22',
        copiesSold: 0,
        copiesReturned: 0,
        salesCents: 0,
        refundsCents: 0,
        netCents: 0,
      });
      expect(report.days[1]).toEqual({
        date: '2026-11-23',
        copiesSold: 2,
        copiesReturned: 0,
        salesCents: 2 * price(0),
        refundsCents: 0,
        netCents: 2 * price(0),
      });
      expect(report.days[2]).toEqual({
        date: '2026-11-24',
        copiesSold: 1,
        copiesReturned: 1,
        salesCents: price(1),
        refundsCents: price(0),
        netCents: price(1) - price(0),
      });
      expect(report.totals).toEqual({
        copiesSold: 3,
        copiesReturned: 1,
        salesCents: 2 * price(0) + price(1),
        refundsCents: price(0),
        netCents: 2 * price(0) + price(1) - price(0),
      });

      // The same events in UTC: 23:59 and 00:00 Paris are 22:59 and 23:00 UTC, one day; the
      // return at 01:00 Paris is 00:00 UTC on the 24th.
      const utc = salesByDay(ledger, { days: 2, timeZone: 'UTC', now: nov24 + 120 * MINUTE });
      expect(utc.days.map((day) => [day.date, day.copiesSold, day.copiesReturned])).toEqual([
        ['2026-11-23', 3, 0],
        ['2026-11-24', 0, 1],
      ]);
    } finally {
      closeAll();
    }
  });

  it("counts the store's other tills once synced, never another store's sales", () => {
    try {
      const here = openLedger('uptown-1');
      const otherTill = openLedger('uptown-2');
      const otherStore = openLedger('riverside', 'riverside');
      const day = Date.UTC(2026, 10, 24, 12);
      for (const { clock } of [here, otherTill, otherStore]) clock.now = day;
      sell(here.ledger, A, 1);
      sell(otherTill.ledger, A, 4);
      sell(otherStore.ledger, A, 7);
      for (const source of [otherTill.ledger, otherStore.ledger]) {
        const report = here.ledger.applyForeign(source.eventsMissingFrom({}, 1000));
        expect(report.conflicts).toEqual([]);
      }
      const report = salesByDay(here.ledger, { days: 1, timeZone: 'UTC', now: day });
      expect(report.days).toEqual([
        expect.objectContaining({ date: '2026-11-24', copiesSold: 5, salesCents: 5 * price(0) }),
      ]);
    } finally {
      closeAll();
    }
  });

  it('a day is the zone’s calendar day: the 23-hour day of a DST change keeps its late sales', () => {
    try {
      const { ledger, clock } = openLedger('dst');
      // Paris moves to summer time on 29 March 2026: 02:00 becomes 03:00.
      const mar29 = startOfLocalDate('2026-03-29', PARIS);
      const mar30 = startOfLocalDate('2026-03-30', PARIS);
      expect(mar30 - mar29).toBe(23 * 60 * MINUTE);
      clock.now = mar30 - MINUTE;
      sell(ledger, A, 1);
      clock.now = mar30;
      sell(ledger, A, 2);
      const report = salesByDay(ledger, { days: 2, timeZone: PARIS, now: mar30 });
      expect(report.days.map((d) => [d.date, d.copiesSold])).toEqual([
        ['2026-03-29', 1],
        ['2026-03-30', 2],
      ]);
    } finally {
      closeAll();
    }
  });

  it('refuses a period outside 1 to 90 days', () => {
    try {
      const { ledger } = openLedger('range');
      for (const days of [0, 91, 1.5]) {
        expect(() => salesByDay(ledger, { days, timeZone: 'UTC' })).toThrow(RangeError);
      }
      expect(salesByDay(ledger, { days: 90, timeZone: 'UTC' }).days).toHaveLength(90);
    } finally {
      closeAll();
    }
  });
});
