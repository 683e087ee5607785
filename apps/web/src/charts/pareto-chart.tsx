import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { ParetoItem } from '../lib/pareto.ts';
import { openClickedDatum } from './datum-click.ts';

/** Bars sorted largest first, the cumulative share as a line on the right axis, 80% marked. */
export function ParetoChart(props: {
  items: readonly ParetoItem[];
  format: (v: number) => string;
  onBarClick: (key: string) => void;
}) {
  const { t, fmt } = useI18n();
  return (
    <div className="chart-box" style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={[...props.items]}
          margin={{ top: 8, right: 8, bottom: 4, left: 36 }}
          onClick={openClickedDatum(props.items, props.onBarClick)}
          style={{ cursor: 'pointer' }}
        >
          <CartesianGrid stroke="#e6e9ee" vertical={false} />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 10, fill: '#4f5969' }}
            interval={0}
            angle={-35}
            textAnchor="end"
            height={86}
            tickLine={false}
          />
          <YAxis
            yAxisId="value"
            tickFormatter={props.format}
            tick={{ fontSize: 11, fill: '#4f5969' }}
            width={70}
            axisLine={false}
            tickLine={false}
          />
          <YAxis
            yAxisId="share"
            orientation="right"
            domain={[0, 100]}
            tickFormatter={(v: number) => fmt.percent(v, 0)}
            tick={{ fontSize: 11, fill: '#4f5969' }}
            width={44}
            axisLine={false}
            tickLine={false}
          />
          <Bar yAxisId="value" dataKey="value" isAnimationActive={false} name={t.column.value}>
            {props.items.map((item) => (
              <Cell key={item.key} fill={item.vital ? '#1f4e8c' : '#a9bcd8'} />
            ))}
          </Bar>
          <Line
            yAxisId="share"
            dataKey="cumulative"
            stroke="var(--chart-line)"
            strokeWidth={2}
            dot={{ r: 2.5 }}
            isAnimationActive={false}
            name={t.journey.cumulative}
          />
          <ReferenceLine yAxisId="share" y={80} stroke="var(--chart-line)" strokeDasharray="4 4" />
          <Tooltip
            content={({ active, payload }) => {
              const d = payload?.[0]?.payload as ParetoItem | undefined;
              if (!active || !d) return null;
              return (
                <div className="chart-tooltip">
                  <p>
                    <strong>{d.label}</strong>
                  </p>
                  <p>
                    {props.format(d.value)} · {t.journey.share} {fmt.percent(d.share)}
                  </p>
                  <p>
                    {t.journey.cumulative}: {fmt.percent(d.cumulative)}
                  </p>
                </div>
              );
            }}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
