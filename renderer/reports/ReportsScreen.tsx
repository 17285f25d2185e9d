// The manager's reports: sales by day for the last 7, 14, 30 or 90 days, as a bar chart and as a
// table with the period's totals, computed by the register from its own ledger.
import { useCallback, useEffect, useState } from 'react';
import { Button, ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import type { SalesByDayView } from '../../app/protocol/reports-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { formatMoney } from '../lib/money.js';
import { SalesChart } from './SalesChart.js';
import { SalesTable } from './SalesTable.js';

export const PERIODS = [7, 14, 30, 90] as const;

const copies = (n: number) => `${n} ${n === 1 ? 'copy' : 'copies'}`;

export interface ReportsScreenProps {
  api: RegisterClient;
  currency: string;
  /** The chart's width in pixels; tests make it small. */
  chartWidth?: number;
}

export function ReportsScreen({ api, currency, chartWidth }: ReportsScreenProps) {
  const [days, setDays] = useState<number>(14);
  const [report, setReport] = useState<SalesByDayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    (period: number) => {
      setLoading(true);
      api.salesByDay({ days: period }).then(
        (value) => {
          setReport(value);
          setError(null);
          setLoading(false);
        },
        (failure: unknown) => {
          setError(messageOf(failure));
          setLoading(false);
        },
      );
    },
    [api],
  );

  useEffect(() => load(days), [load, days]);

  const money = (cents: number) => formatMoney(cents, currency);
  return (
    <main className="reports">
      <div className="reports-head">
        <h1 className="screen-title">Sales by day</h1>
        <ToggleButtonGroup
          aria-label="Period"
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[String(days)]}
          onSelectionChange={(keys: Set<Key>) => {
            const [next] = [...keys];
            if (next !== undefined) setDays(Number(next));
          }}
          className="period-switch"
        >
          {PERIODS.map((period) => (
            <ToggleButton key={period} id={String(period)} className="button small secondary">
              {period} days
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Button className="button small secondary" onPress={() => load(days)}>
          Refresh
        </Button>
      </div>
      {error && (
        <p className="notice error" role="alert">
          The report could not be made: {error}
        </p>
      )}
      {!report && !error && <p>Adding up the sales…</p>}
      {report && (
        <>
          <p className="sales-summary" data-testid="sales-summary" aria-live="polite">
            Last {report.days.length} days: {copies(report.totals.copiesSold)} sold,{' '}
            {report.totals.copiesReturned} returned, net {money(report.totals.netCents)}
            {loading ? ' (updating…)' : ''}
          </p>
          <SalesChart
            report={report}
            currency={currency}
            {...(chartWidth ? { width: chartWidth } : {})}
          />
          <SalesTable report={report} currency={currency} />
          <p className="reports-note">
            Days are calendar days in {report.timeZone}. Sales at this store&apos;s other tills
            count once they have synced; cancelled sales never count.
          </p>
        </>
      )}
    </main>
  );
}
