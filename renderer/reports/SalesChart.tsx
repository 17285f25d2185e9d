// Net revenue per day as bars (recharts, with its accessibility layer: the chart takes focus and
// the arrow keys walk the days, announcing each). The same figures are in the table beside it for
// screen readers and for reading exact numbers.
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { SalesByDayView } from '../../app/protocol/reports-api.js';
import { formatMoney } from '../lib/money.js';
import { axisLabel, dayLabel } from './day-labels.js';

export interface SalesChartProps {
  report: SalesByDayView;
  currency: string;
  width?: number;
  height?: number;
}

export function SalesChart({ report, currency, width = 760, height = 280 }: SalesChartProps) {
  const data = report.days.map((day) => ({
    ...day,
    label: axisLabel(day.date),
    net: day.netCents / 100,
  }));
  const money = (value: number) => formatMoney(Math.round(value * 100), currency);
  return (
    <figure className="sales-chart" data-testid="sales-chart">
      <figcaption>Net revenue by day</figcaption>
      <BarChart
        accessibilityLayer
        width={width}
        height={height}
        data={data}
        title="Net revenue by day"
        desc={`Net revenue for each of the last ${report.days.length} days; the table below has the same figures.`}
        margin={{ top: 10, right: 10, bottom: 10, left: 10 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={12} />
        <YAxis tickFormatter={money} width={80} />
        <Tooltip
          formatter={(value) => [money(Number(value)), 'Net revenue']}
          labelFormatter={(_label, payload) => {
            const day = payload[0]?.payload as (typeof data)[number] | undefined;
            return day
              ? `${dayLabel(day.date)}: ${day.copiesSold} sold, ${day.copiesReturned} returned`
              : '';
          }}
        />
        <Bar dataKey="net" name="Net revenue" isAnimationActive={false} maxBarSize={48}>
          {data.map((day) => (
            <Cell
              key={day.date}
              className={day.net < 0 ? 'bar-negative' : 'bar-positive'}
              fill={day.net < 0 ? '#b42318' : '#1d6b57'}
            />
          ))}
        </Bar>
      </BarChart>
    </figure>
  );
}
