// @vitest-environment happy-dom
// The manager's sales by day over a fake register: the bar chart has one bar per day with the
// day's net revenue, the table carries the same figures with the period's totals, and choosing
// another period asks the register for it.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesByDayView } from '../../app/protocol/reports-api.js';
import { ReportsScreen } from '../../renderer/reports/ReportsScreen.js';
import { fakeRegister } from './fake-register.js';

afterEach(cleanup);

/** `days` days ending 2026-11-24; the 22nd had a refund larger than its sales. */
function report(days: number): SalesByDayView {
  const list = Array.from({ length: days }, (_, i) => {
    const date = new Date(Date.UTC(2026, 10, 24 - (days - 1 - i))).toISOString().slice(0, 10);
    const figures: Record<string, [number, number, number, number]> = {
      '2026-11-22': [1, 2, 1000, 3000],
      '2026-11-23': [3, 0, 4500, 0],
      '2026-11-24': [2, 1, 4198, 2099],
    };
    const [copiesSold, copiesReturned, salesCents, refundsCents] = figures[date] ?? [0, 0, 0, 0];
    return {
      date,
      copiesSold,
      copiesReturned,
      salesCents,
      refundsCents,
      netCents: salesCents - refundsCents,
    };
  });
  const sum = (key: 'copiesSold' | 'copiesReturned' | 'salesCents' | 'refundsCents' | 'netCents') =>
    list.reduce((total, day) => total + day[key], 0);
  return {
    timeZone: 'Europe/Paris',
    days: list,
    totals: {
      copiesSold: sum('copiesSold'),
      copiesReturned: sum('copiesReturned'),
      salesCents: sum('salesCents'),
      refundsCents: sum('refundsCents'),
      netCents: sum('netCents'),
    },
  };
}

describe('ReportsScreen', () => {
  it('shows each day as a bar and as a table row, with the totals; another period is asked for', async () => {
    const register = fakeRegister({ salesByDay: ({ days }) => report(days) });
    const user = userEvent.setup();
    render(<ReportsScreen api={register.api} currency="USD" chartWidth={600} />);

    const table = await screen.findByRole('table', { name: 'Sales by day' });
    expect(register.callsTo('salesByDay')).toEqual([{ days: 14 }]);
    expect(screen.getByTestId('sales-summary').textContent).toBe(
      'Last 14 days: 6 copies sold, 3 returned, net $45.99',
    );
    const today = table.querySelector('tr[data-date="2026-11-24"]');
    expect([...(today?.querySelectorAll('th, td') ?? [])].map((cell) => cell.textContent)).toEqual([
      'Tue, Nov 24',
      '2',
      '1',
      '$41.98',
      '$20.99',
      '$20.99',
    ]);
    expect(table.querySelector('tr[data-date="2026-11-22"] td:last-child')?.textContent).toBe(
      '-$20.00',
    );
    // Newest first in the table.
    expect(table.querySelector('tbody tr')?.getAttribute('data-date')).toBe('2026-11-24');
    expect(within(table).getByTestId('sales-totals').textContent).toBe(
      'Total, 14 days63$96.98$50.99$45.99',
    );

    // The chart: a bar for each of the three days with sales (empty days draw none), the refund-heavy day drawn as negative, and the
    // accessibility layer making it a keyboard stop.
    const chart = screen.getByTestId('sales-chart');
    await waitFor(() => expect(chart.querySelectorAll('.recharts-bar-rectangle').length).toBe(3));
    expect(chart.querySelectorAll('.bar-negative')).toHaveLength(1);
    expect(chart.querySelector('svg title')?.textContent).toBe('Net revenue by day');
    expect(chart.querySelector('.recharts-surface')?.getAttribute('tabindex')).toBe('0');

    await user.click(screen.getByRole('radio', { name: '30 days' }));
    await waitFor(() =>
      expect(screen.getByTestId('sales-summary').textContent).toBe(
        'Last 30 days: 6 copies sold, 3 returned, net $45.99',
      ),
    );
    expect(register.callsTo('salesByDay')).toEqual([{ days: 14 }, { days: 30 }]);
    expect(
      screen.getByRole('table', { name: 'Sales by day' }).querySelectorAll('tbody tr'),
    ).toHaveLength(30);
  });

  it('says plainly when the report cannot be made', async () => {
    const register = fakeRegister({
      salesByDay: () => {
        throw new Error('The register is not answering.');
      },
    });
    render(<ReportsScreen api={register.api} currency="USD" />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The report could not be made: The register is not answering.',
    );
  });
});
