// The discrepancy report: each title's expected and counted copies, the difference and its value,
// with totals; titles nobody counted are marked, and counts a sale crossed are flagged.
import type { DiscrepancyReportView } from '../../app/protocol/register-api.js';
import { formatMoney } from '../lib/money.js';
import { ColumnHeads } from '../ui/table-parts.js';

export function DiscrepancyTable({
  report,
  currency,
}: {
  report: DiscrepancyReportView;
  currency: string;
}) {
  const { totals } = report;
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  return (
    <table className="discrepancy-table" aria-label="Discrepancy report">
      <ColumnHeads
        columns={[
          { label: 'Title' },
          { label: 'ISBN' },
          { label: 'Expected', className: 'num' },
          { label: 'Counted', className: 'num' },
          { label: 'Difference', className: 'num' },
          { label: 'At price', className: 'num' },
        ]}
      />
      <tbody>
        {report.rows.map((row) => (
          <tr
            key={row.isbn}
            data-isbn={row.isbn}
            className={row.difference === 0 ? '' : row.difference < 0 ? 'short' : 'found'}
          >
            <td>
              {row.title}
              {row.uncertainMovements > 0 && (
                <span className="flag"> · sold or received while counted: check</span>
              )}
            </td>
            <td>{row.isbn}</td>
            <td className="num">{row.expected}</td>
            <td className="num">{row.counted ?? 'not counted'}</td>
            <td className="num">{signed(row.difference)}</td>
            <td className="num">{formatMoney(row.differenceAtPriceCents, currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-testid="discrepancy-totals">
          <th scope="row">
            Totals: {totals.titlesCounted} of {totals.titlesExpected} titles counted
          </th>
          <td>
            {totals.shrinkageCopies} missing · {totals.foundCopies} found
          </td>
          <td className="num">{totals.expectedCopies}</td>
          <td className="num">{totals.countedCopies}</td>
          <td className="num">{signed(totals.foundCopies - totals.shrinkageCopies)}</td>
          <td className="num">{formatMoney(totals.differenceAtPriceCents, currency)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
