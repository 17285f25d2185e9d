// @vitest-environment happy-dom
// The manager's stocktake screen over a fake register that keeps real counts: one scan is one
// copy, a typed number sets a count, progress follows, the report shows totals, the CSV is handed
// to the download, and committing with titles uncounted says how many become zero first.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiOutput, StocktakeView } from '../../app/protocol/register-api.js';
import { StocktakeScreen } from '../../renderer/stocktake/StocktakeScreen.js';
import { fakeRegister, TITLES } from './fake-register.js';

const TIDE = '9780558373306'; // 2 expected
const ORCHARD = '9781645595021'; // 0 expected

afterEach(cleanup);

function fakeStocktake() {
  const counts = new Map<string, number>();
  let open = false;
  const view = (): StocktakeView => ({
    stocktakeId: 'st-1',
    startedAt: '2026-11-24T02:00:00.000Z',
    startedBy: 'counter',
    rows: Object.values(TITLES).map((title) => ({
      isbn: title.isbn,
      title: title.title,
      expected: title.onHand,
      counted: counts.get(title.isbn) ?? null,
    })),
    titlesExpected: Object.keys(TITLES).length,
    titlesCounted: counts.size,
  });
  const report = (): ApiOutput<'stocktakeReport'> => {
    const rows = view().rows.map((row) => ({
      ...row,
      author: 'A',
      section: 'S',
      difference: (row.counted ?? 0) - row.expected,
      differenceAtPriceCents: ((row.counted ?? 0) - row.expected) * 1000,
      uncertainMovements: 0,
    }));
    return {
      stocktakeId: 'st-1',
      rows,
      totals: {
        titlesExpected: rows.length,
        titlesCounted: counts.size,
        titlesUncounted: rows.length - counts.size,
        expectedCopies: rows.reduce((sum, row) => sum + row.expected, 0),
        countedCopies: [...counts.values()].reduce((sum, n) => sum + n, 0),
        shrinkageCopies: rows.reduce((sum, row) => sum + Math.max(0, -row.difference), 0),
        foundCopies: rows.reduce((sum, row) => sum + Math.max(0, row.difference), 0),
        differenceAtCostCents: 0,
        differenceAtPriceCents: rows.reduce((sum, row) => sum + row.differenceAtPriceCents, 0),
        uncertainMovements: 0,
      },
    };
  };
  return fakeRegister({
    stocktakeCurrent: () => (open ? view() : null),
    stocktakeStart: () => {
      open = true;
      return { view: view(), synced: true };
    },
    stocktakeScan: ({ scan }) => {
      counts.set(scan, (counts.get(scan) ?? 0) + 1);
      return view();
    },
    stocktakeSetCount: ({ scan, counted }) => {
      counts.set(scan, counted);
      return view();
    },
    stocktakeReport: report,
    stocktakeCsv: () => ({ filename: 'stocktake-uptown-st-1.csv', csv: 'isbn,counted\n' }),
    stocktakeCommit: ({ uncountedAsZero }) => {
      const uncounted = Object.keys(TITLES).length - counts.size;
      if (uncounted > 0 && !uncountedAsZero) throw new Error('uncounted titles');
      open = false;
      return { countedTitles: counts.size, zeroedTitles: uncounted, events: 2 };
    },
  });
}

describe('StocktakeScreen', () => {
  it('starts, counts by scan and by number, reports, exports and commits with the uncounted as zero', async () => {
    const register = fakeStocktake();
    const download = vi.fn();
    const user = userEvent.setup();
    render(<StocktakeScreen api={register.api} currency="USD" download={download} />);
    await user.click(await screen.findByRole('button', { name: 'Start a stocktake (all titles)' }));
    const progress = await screen.findByTestId('stocktake-progress');
    expect(progress.textContent).toBe('0 of 2 titles counted');

    await user.keyboard(`${TIDE}{Enter}${TIDE}{Enter}${TIDE}{Enter}`);
    await waitFor(() =>
      expect(screen.getByTestId('stocktake-last').textContent).toBe(
        'Tide of the Midnight Atlas: 3 counted, 2 expected',
      ),
    );
    expect(register.callsTo('stocktakeScan')).toHaveLength(3);
    expect(screen.getByTestId('stocktake-progress').textContent).toBe('1 of 2 titles counted');
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('1');

    // A typed count replaces the scanned one.
    await user.type(screen.getByLabelText('Or type the count of this title'), '1{Enter}');
    await waitFor(() =>
      expect(register.callsTo('stocktakeSetCount')).toEqual([
        { stocktakeId: 'st-1', scan: TIDE, counted: 1 },
      ]),
    );

    await user.click(screen.getByRole('button', { name: 'Discrepancy report' }));
    const table = await screen.findByRole('table', { name: 'Discrepancy report' });
    const tideRow = table.querySelector(`tr[data-isbn="${TIDE}"]`);
    expect(tideRow?.textContent).toContain('-1');
    expect(within(table).getByTestId('discrepancy-totals').textContent).toContain(
      'Totals: 1 of 2 titles counted',
    );
    expect(table.querySelector(`tr[data-isbn="${ORCHARD}"]`)?.textContent).toContain('not counted');

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(download).toHaveBeenCalledWith('stocktake-uptown-st-1.csv', 'isbn,counted\n'),
    );

    await user.click(screen.getByRole('button', { name: 'Commit the stocktake' }));
    const warning = await screen.findByTestId('uncounted-warning');
    expect(warning.textContent).toBe(
      '1 title expected on the shelves was never counted. Committing sets it to zero.',
    );
    expect(register.callsTo('stocktakeCommit')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Commit, 1 uncounted title as zero' }));
    await waitFor(() =>
      expect(screen.getByTestId('stocktake-notice').textContent).toContain(
        'Stocktake committed: 1 title counted, 1 title set to zero.',
      ),
    );
    expect(register.callsTo('stocktakeCommit')).toEqual([
      { stocktakeId: 'st-1', uncountedAsZero: true },
    ]);
    expect(screen.getByRole('button', { name: 'Start a stocktake (all titles)' })).toBeTruthy();
  });

  it('every title counted: commits without asking, and a wrong typed count is refused', async () => {
    const register = fakeStocktake();
    const user = userEvent.setup();
    render(<StocktakeScreen api={register.api} currency="USD" />);
    await user.click(await screen.findByRole('button', { name: 'Start a stocktake (all titles)' }));
    await user.keyboard(`${ORCHARD}{Enter}`);
    await screen.findByTestId('stocktake-last');
    await user.type(screen.getByLabelText('Or type the count of this title'), 'x{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Type the number of copies: 0 or more.');
    expect(register.callsTo('stocktakeSetCount')).toEqual([]);
    await user.type(
      screen.getByLabelText('Or type the count of this title'),
      '{Backspace}2{Enter}',
    );
    // A good count hands the keyboard back to the scanner.
    await waitFor(() =>
      expect(screen.getByLabelText('Scan or type an ISBN')).toBe(document.activeElement),
    );
    await user.keyboard(`${TIDE}{Enter}`);
    await waitFor(() =>
      expect(screen.getByTestId('stocktake-progress').textContent).toBe('2 of 2 titles counted'),
    );
    await user.click(screen.getByRole('button', { name: 'Commit the stocktake' }));
    await waitFor(() =>
      expect(register.callsTo('stocktakeCommit')).toEqual([
        { stocktakeId: 'st-1', uncountedAsZero: false },
      ]),
    );
    expect(screen.queryByTestId('uncounted-warning')).toBeNull();
  });
});
