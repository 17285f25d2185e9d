// The discrepancy report by section as bars: copies missing (shrinkage, below the line) and copies
// found (above it), so the sections that lose books stand out. recharts with its accessibility
// layer; the table beside it has every figure per title.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DiscrepancyReportView } from '../../app/protocol/register-api.js';

export interface SectionDifference {
  section: string;
  /** Copies missing, as a negative number (drawn below zero). */
  missing: number;
  found: number;
}

/** Per section, the copies missing and found; sections with no difference are left out. */
export function differencesBySection(report: DiscrepancyReportView): SectionDifference[] {
  const bySection = new Map<string, SectionDifference>();
  for (const row of report.rows) {
    if (row.difference === 0) continue;
    const section = row.section || 'No section';
    const entry = bySection.get(section) ?? { section, missing: 0, found: 0 };
    if (row.difference < 0) entry.missing += row.difference;
    else entry.found += row.difference;
    bySection.set(section, entry);
  }
  return [...bySection.values()].sort((a, b) => a.section.localeCompare(b.section));
}

export function DiscrepancyChart({
  report,
  width = 560,
  height = 260,
}: {
  report: DiscrepancyReportView;
  width?: number;
  height?: number;
}) {
  const data = differencesBySection(report);
  const { shrinkageCopies, foundCopies } = report.totals;
  return (
    <figure className="stocktake-chart" data-testid="discrepancy-chart">
      <figcaption>
        Difference by section: {shrinkageCopies} missing, {foundCopies} found
      </figcaption>
      {data.length === 0 ? (
        <p className="chart-empty">Every count matches what the ledger expected.</p>
      ) : (
        <BarChart
          accessibilityLayer
          width={width}
          height={height}
          data={data}
          stackOffset="sign"
          title="Difference by section"
          desc="Copies missing (below zero) and found (above zero) per section; the table has each title."
          margin={{ top: 10, right: 10, bottom: 10, left: 10 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="section" />
          <YAxis allowDecimals={false} />
          <Tooltip formatter={(value, name) => [Math.abs(Number(value)), name]} />
          <Legend />
          <ReferenceLine y={0} stroke="#1c2230" />
          <Bar
            dataKey="missing"
            name="Missing"
            stackId="difference"
            fill="#b42318"
            className="bar-missing"
            isAnimationActive={false}
            maxBarSize={72}
          />
          <Bar
            dataKey="found"
            name="Found"
            stackId="difference"
            fill="#1d6b57"
            className="bar-found"
            isAnimationActive={false}
            maxBarSize={72}
          />
        </BarChart>
      )}
    </figure>
  );
}
