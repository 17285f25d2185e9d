// @vitest-environment happy-dom
// The stocktake's section scope and its discrepancy chart, over a fake register: the manager picks
// a section (each shown with its titles in stock), the start call carries that scope, the screen
// says what is being counted, and the report's chart draws copies missing and found per section.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApiOutput,
  DiscrepancyReportView,
  StocktakeView,
} from '../../app/protocol/register-api.js';
import {
  DiscrepancyChart,
  differencesBySection,
} from '../../renderer/stocktake/DiscrepancyChart.js';
import { StocktakeScreen } from '../../renderer/stocktake/StocktakeScreen.js';
import { fakeRegister } from './fake-register.js';

afterEach(cleanup);

const SECTIONS: ApiOutput<'catalogSections'> = [
  { section: 'Fiction', titles: 40, stocked: 12 },
  { section: 'Mystery', titles: 30, stocked: 9 },
];

const row = (isbn: string, section: string, expected: number, counted: number | null) => ({
  isbn,
  title: `Title ${isbn.slice(-3)}`,
  author: 'A',
  section,
  expected,
  counted,
  difference: (counted ?? 0) - expected,
  differenceAtPriceCents: ((counted ?? 0) - expected) * 1000,
  uncertainMovements: 0,
});

const REPORT: DiscrepancyReportView = {
  stocktakeId: 'st-1',
  rows: [
    row('9780000000001', 'Fiction', 3, 1), // 2 missing
    row('9780000000002', 'Fiction', 1, 2), // 1 found
    row('9780000000003', 'Mystery', 2, 2), // matches
    row('9780000000004', 'Science', 4, 0), // 4 missing
  ],
  totals: {
    titlesExpected: 4,
    titlesCounted: 4,
    titlesUncounted: 0,
    expectedCopies: 10,
    countedCopies: 5,
    shrinkageCopies: 6,
    foundCopies: 1,
    differenceAtCostCents: 0,
    differenceAtPriceCents: -5000,
    uncertainMovements: 0,
  },
};

describe('stocktake scope and discrepancy chart', () => {
  it('starts a count of one section and says so; the report has its chart by section', async () => {
    let open: StocktakeView | null = null;
    const register = fakeRegister({
      catalogSections: () => SECTIONS,
      stocktakeCurrent: () => open,
      stocktakeStart: ({ scope }) => {
        open = {
          stocktakeId: 'st-1',
          startedAt: '2026-11-24T02:00:00.000Z',
          startedBy: 'mona',
          ...(scope ? { scope } : {}),
          rows: [],
          titlesExpected: 12,
          titlesCounted: 0,
        };
        return { view: open, synced: true };
      },
      stocktakeReport: () => REPORT,
    });
    const user = userEvent.setup();
    render(<StocktakeScreen api={register.api} currency="USD" />);
    const picker = await screen.findByLabelText('What to count');
    expect([...picker.querySelectorAll('option')].map((option) => option.textContent)).toEqual([
      'All titles',
      'Fiction (12 of 40 titles in stock)',
      'Mystery (9 of 30 titles in stock)',
    ]);
    await user.selectOptions(picker, 'Fiction');
    await user.click(screen.getByRole('button', { name: 'Start a stocktake (Fiction)' }));
    await waitFor(() =>
      expect(screen.getByTestId('stocktake-scope').textContent).toBe(
        'Counting the Fiction section only.',
      ),
    );
    expect(register.callsTo('stocktakeStart')).toEqual([
      { scope: { kind: 'section', section: 'Fiction' } },
    ]);
    expect(screen.getByTestId('stocktake-progress').textContent).toBe('0 of 12 titles counted');

    await user.click(screen.getByRole('button', { name: 'Discrepancy report' }));
    const chart = await screen.findByTestId('discrepancy-chart');
    expect(chart.querySelector('figcaption')?.textContent).toBe(
      'Difference by section: 6 missing, 1 found',
    );
    // Fiction: a missing bar and a found bar; Science: a missing bar; Mystery matches: none.
    await waitFor(() => expect(chart.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(3));
    expect(chart.querySelectorAll('.bar-missing .recharts-bar-rectangle')).toHaveLength(2);
    expect(chart.querySelectorAll('.bar-found .recharts-bar-rectangle')).toHaveLength(1);
    expect(screen.getByRole('table', { name: 'Discrepancy report' })).toBeTruthy();
  });

  it('no section chosen: the start call counts all titles', async () => {
    const register = fakeRegister({
      catalogSections: () => SECTIONS,
      stocktakeCurrent: () => null,
      stocktakeStart: () => {
        throw new Error('refused for the test');
      },
    });
    const user = userEvent.setup();
    render(<StocktakeScreen api={register.api} currency="USD" />);
    await screen.findByLabelText('What to count');
    await user.click(screen.getByRole('button', { name: 'Start a stocktake (all titles)' }));
    await waitFor(() =>
      expect(register.callsTo('stocktakeStart')).toEqual([{ scope: { kind: 'all' } }]),
    );
  });

  it('adds up missing and found copies per section, leaving out sections that match', () => {
    expect(differencesBySection(REPORT)).toEqual([
      { section: 'Fiction', missing: -2, found: 1 },
      { section: 'Science', missing: -4, found: 0 },
    ]);
    const matching = { ...REPORT, rows: [row('9780000000003', 'Mystery', 2, 2)] };
    render(<DiscrepancyChart report={matching} />);
    expect(screen.getByText('Every count matches what the ledger expected.')).toBeTruthy();
  });
});
