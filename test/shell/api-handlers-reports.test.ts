// The report calls and the stocktake's section scope through the register API, over a real
// register (the demo ledger): a section count expects only that section's titles, an unknown
// section is a clear 4xx that starts nothing, and sales by day follow the till.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn, demoTitles } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { openTestRuntime } from './fixtures.js';

const TIDE = demoIsbn(1); // 2 at uptown

describe('register API: reports and the stocktake scope', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir());
  });
  afterEach(() => runtime.close());
  // Reports are a manager's: the call is made as the demo store's manager.
  const call = (method: string, payload: unknown) =>
    dispatchApiCall(runtime.handlers, method, payload, {
      staff: { staffId: 'staff-morgan', name: 'Morgan', role: 'manager' },
    });

  it('starts a stocktake of one section: only its stocked titles are expected', async () => {
    const sections = await call('catalogSections', {});
    expect(sections.status).toBe(200);
    if (!sections.result.ok) throw new Error('no sections');
    const list = sections.result.value as { section: string; titles: number; stocked: number }[];
    const tideSection = demoTitles()[1]?.section ?? '';
    const entry = list.find((s) => s.section === tideSection);
    expect(entry?.stocked).toBeGreaterThan(0);
    expect(list.reduce((sum, s) => sum + s.titles, 0)).toBe(demoTitles().length);

    const started = await call('stocktakeStart', {
      scope: { kind: 'section', section: tideSection },
    });
    expect(started.status).toBe(200);
    if (!started.result.ok) throw new Error(started.result.error.message);
    const { view } = started.result.value as {
      view: {
        stocktakeId: string;
        scope: unknown;
        rows: { isbn: string }[];
        titlesExpected: number;
      };
    };
    expect(view.scope).toEqual({ kind: 'section', section: tideSection });
    expect(view.titlesExpected).toBe(entry?.stocked);
    const sectionOf = new Map(demoTitles().map((t) => [t.isbn, t.section]));
    expect(view.rows.every((row) => sectionOf.get(row.isbn) === tideSection)).toBe(true);
    expect(view.rows.some((row) => row.isbn === TIDE)).toBe(true);

    // A title of another section is outside this count.
    const other = demoTitles().find((t) => t.section !== tideSection);
    const refused = await call('stocktakeScan', {
      stocktakeId: view.stocktakeId,
      scan: other?.isbn,
    });
    expect(refused.status).toBe(422);
    expect(refused.result).toMatchObject({ ok: false, error: { message: /outside/ } });
  });

  it('an unknown section is a 422 naming the sections, and no stocktake starts', async () => {
    const refused = await call('stocktakeStart', { scope: { kind: 'section', section: 'Ficton' } });
    expect(refused.status).toBe(422);
    expect(refused.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: /There is no section "Ficton".*Fiction/ },
    });
    await expect(runtime.handlers.stocktakeCurrent({}, {})).resolves.toBeNull();

    for (const scope of [{ kind: 'section', section: '  ' }, { kind: 'shelf' }, 'all']) {
      const bad = await call('stocktakeStart', { scope });
      expect(bad.status).toBe(400);
    }
    await expect(runtime.handlers.stocktakeCurrent({}, {})).resolves.toBeNull();

    // No scope at all is every title, as before.
    const all = await call('stocktakeStart', {});
    expect(all.result).toMatchObject({ ok: true, value: { view: { scope: { kind: 'all' } } } });
  });

  it('sales by day: today’s sale is in today’s figures; a period outside 1..90 days is a 400', async () => {
    const before = await call('salesByDay', { days: 7 });
    expect(before.result).toMatchObject({ ok: true, value: { totals: { copiesSold: 0 } } });
    const sold = await call('sell', {
      lines: [{ isbn: TIDE, qty: 2 }],
      payment: { method: 'card' },
    });
    expect(sold.status).toBe(200);
    const after = await call('salesByDay', { days: 7 });
    if (!after.result.ok) throw new Error(after.result.error.message);
    const report = after.result.value as {
      days: { date: string; copiesSold: number; netCents: number }[];
      totals: { copiesSold: number; netCents: number };
    };
    expect(report.days).toHaveLength(7);
    const price = demoTitles()[1]?.priceCents ?? 0;
    expect(report.days.at(-1)).toMatchObject({ copiesSold: 2, netCents: 2 * price });
    expect(report.totals).toMatchObject({ copiesSold: 2, netCents: 2 * price });
    for (const days of [0, 91, 'seven']) {
      expect((await call('salesByDay', { days })).status).toBe(400);
    }
  });
});
