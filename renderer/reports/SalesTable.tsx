// Sales by day as a table: every figure of the chart, exactly, with the period's totals.
import type { SalesByDayView } from '../../app/protocol/reports-api.js';
import { formatMoney } from '../lib/money.js';
import { dayLabel } from './day-labels.js';

export function SalesTable({ report, currency }: { report: SalesByDayView; currency: string }) {
  const money = (cents: number) => formatMoney(cents, currency);
  const { totals } = report;
  return (
    <table className="sales-table" aria-label="Sales by day">
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col" className="num">
            Copies sold
          </th>
          <th scope="col" className="num">
            Returned
          </th>
          <th scope="col" className="num">
            Sales
          </th>
          <th scope="col" className="num">
            Refunds
          </th>
          <th scope="col" className="num">
            Net
          </th>
        </tr>
      </thead>
      <tbody>
        {/* Newest first: today is what a manager looks for. */}
        {[...report.days].reverse().map((day) => (
          <tr key={day.date} data-date={day.date}>
            <th scope="row">{dayLabel(day.date)}</th>
            <td className="num">{day.copiesSold}</td>
            <td className="num">{day.copiesReturned}</td>
            <td className="num">{money(day.salesCents)}</td>
            <td className="num">{money(day.refundsCents)}</td>
            <td className="num">{money(day.netCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-testid="sales-totals">
          <th scope="row">Total, {report.days.length} days</th>
          <td className="num">{totals.copiesSold}</td>
          <td className="num">{totals.copiesReturned}</td>
          <td className="num">{money(totals.salesCents)}</td>
          <td className="num">{money(totals.refundsCents)}</td>
          <td className="num">{money(totals.netCents)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
