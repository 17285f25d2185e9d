// Sales by day as a table: every figure of the chart, exactly, with the period's totals.
import type { SalesByDayView } from '../../app/protocol/reports-api.js';
import { formatMoney } from '../lib/money.js';
import { ColumnHeads } from '../ui/table-parts.js';
import { dayLabel } from './day-labels.js';

type SalesFigures = SalesByDayView['totals'];

export function SalesTable({ report, currency }: { report: SalesByDayView; currency: string }) {
  const money = (cents: number) => formatMoney(cents, currency);
  const { totals } = report;
  return (
    <table className="sales-table" aria-label="Sales by day">
      <ColumnHeads
        columns={[
          { label: 'Day' },
          { label: 'Copies sold', className: 'num' },
          { label: 'Returned', className: 'num' },
          { label: 'Sales', className: 'num' },
          { label: 'Refunds', className: 'num' },
          { label: 'Net', className: 'num' },
        ]}
      />
      <tbody>
        {/* Newest first: today is what a manager looks for. */}
        {[...report.days].reverse().map((day) => (
          <tr key={day.date} data-date={day.date}>
            <th scope="row">{dayLabel(day.date)}</th>
            <Figures figures={day} money={money} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-testid="sales-totals">
          <th scope="row">Total, {report.days.length} days</th>
          <Figures figures={totals} money={money} />
        </tr>
      </tfoot>
    </table>
  );
}

/** One day's figures, or the period's: the same columns either way. */
function Figures({ figures, money }: { figures: SalesFigures; money: (cents: number) => string }) {
  return (
    <>
      <td className="num">{figures.copiesSold}</td>
      <td className="num">{figures.copiesReturned}</td>
      <td className="num">{money(figures.salesCents)}</td>
      <td className="num">{money(figures.refundsCents)}</td>
      <td className="num">{money(figures.netCents)}</td>
    </>
  );
}
