// The manager's stocktake through the register API, over a real register (the demo ledger): start,
// scan and type counts with the progress the screen shows, the discrepancy report, CSV, commit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi } from '../../app/protocol/register-api.js';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { asStaff, openTestRuntime } from './fixtures.js';

const TIDE = demoIsbn(1); // 2 at uptown
const ORCHARD = demoIsbn(2); // 2 at uptown
const MONA = asStaff('mona', 'manager');

describe('register API: stocktake', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir());
  });
  afterEach(() => runtime.close());
  const h = () => runtime.handlers;

  it('counts by scan and by number, reports, exports and commits with the uncounted as zero', async () => {
    await expect(h().stocktakeCurrent({}, {})).resolves.toBeNull();
    const { view } = await h().stocktakeStart({}, MONA);
    expect(registerApi.stocktakeStart.output.safeParse({ view, synced: false }).success).toBe(true);
    expect(view.titlesCounted).toBe(0);
    const expected = view.titlesExpected;
    expect(expected).toBeGreaterThan(2);
    const id = view.stocktakeId;

    await h().stocktakeScan({ stocktakeId: id, scan: TIDE }, {});
    const hyphenated = `${TIDE.slice(0, 3)}-${TIDE.slice(3)}`;
    let now = await h().stocktakeScan({ stocktakeId: id, scan: hyphenated }, {});
    expect(now.rows.find((row) => row.isbn === TIDE)?.counted).toBe(2);
    now = await h().stocktakeSetCount({ stocktakeId: id, scan: ORCHARD, counted: 1 }, {});
    expect(now.titlesCounted).toBe(2);
    expect(now.rows.find((row) => row.isbn === ORCHARD)).toMatchObject({
      expected: 2,
      counted: 1,
    });
    await expect(h().stocktakeCurrent({}, {})).resolves.toMatchObject({ stocktakeId: id });

    const report = await h().stocktakeReport({ stocktakeId: id }, {});
    expect(registerApi.stocktakeReport.output.safeParse(report).success).toBe(true);
    expect(report.totals).toMatchObject({
      titlesExpected: expected,
      titlesCounted: 2,
      titlesUncounted: expected - 2,
    });
    expect(report.rows.find((row) => row.isbn === ORCHARD)?.difference).toBe(-1);
    const { filename, csv } = await h().stocktakeCsv({ stocktakeId: id }, {});
    expect(filename).toMatch(/^stocktake-uptown-.+\.csv$/);
    expect(csv).toContain(ORCHARD);

    // Uncounted titles are not zeroed unless the manager says so.
    const refused = await dispatchApiCall(
      h(),
      'stocktakeCommit',
      { stocktakeId: id, uncountedAsZero: false },
      MONA,
    );
    expect(refused.status).toBe(422);
    expect(runtime.register.ledger.onHand(ORCHARD)).toBe(2);
    const committed = await h().stocktakeCommit({ stocktakeId: id, uncountedAsZero: true }, MONA);
    expect(committed).toMatchObject({ countedTitles: 2, zeroedTitles: expected - 2 });
    expect(runtime.register.ledger.onHand(ORCHARD)).toBe(1);
    await expect(h().stocktakeCurrent({}, {})).resolves.toBeNull();
  });

  it('a stocktake that is not the open one is refused with a 4xx, changing nothing', async () => {
    const scan = await dispatchApiCall(
      h(),
      'stocktakeScan',
      { stocktakeId: 'nope', scan: TIDE },
      MONA,
    );
    expect(scan.status).toBe(422);
    const bad = await dispatchApiCall(
      h(),
      'stocktakeSetCount',
      { stocktakeId: 'nope', scan: TIDE, counted: -1 },
      MONA,
    );
    expect(bad.status).toBe(400);
    const report = await dispatchApiCall(h(), 'stocktakeReport', { stocktakeId: 'nope' }, MONA);
    expect(report.status).toBe(422);
  });
});
