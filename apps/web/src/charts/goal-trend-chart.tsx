import type { KpiUnit } from '@parcours/domain';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { GoalTrendPoint } from '../lib/goal-trend.ts';
import { openClickedDatum } from './datum-click.ts';

type Datum = GoalTrendPoint & { label: string };

/** Actual as a line, the target as a step line, the warning band shaded; a click opens that month's records. */
export function GoalTrendChart(props: {
  data: readonly Datum[];
  unit: KpiUnit;
  onPointClick: (key: string) => void;
}) {
  const { t, fmt } = useI18n();
  const format = (v: number) => fmt.kpi(v, props.unit, true);
  return (
    <div className="chart-box" style={{ height: 220 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={[...props.data]}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          onClick={openClickedDatum(props.data, props.onPointClick)}
          style={{ cursor: 'pointer' }}
        >
          <CartesianGrid stroke="#e6e9ee" vertical={false} />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 11, fill: '#4f5969' }}
            tickLine={false}
            axisLine={{ stroke: '#aab2bd' }}
          />
          <YAxis
            tickFormatter={format}
            tick={{ fontSize: 11, fill: '#4f5969' }}
            tickLine={false}
            axisLine={false}
            width={68}
            domain={['auto', 'auto']}
          />
          <Area
            dataKey="band"
            stroke="none"
            fill="var(--chart-band)"
            fillOpacity={0.55}
            isAnimationActive={false}
            connectNulls={false}
            name={t.chart.warningBand}
          />
          <Line
            dataKey="target"
            type="stepAfter"
            stroke="var(--chart-target)"
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
            name={t.chart.target}
          />
          <Line
            dataKey="actual"
            type="linear"
            stroke="var(--chart-actual)"
            strokeWidth={2.5}
            dot={{ r: 3, fill: 'var(--chart-actual)' }}
            activeDot={{ r: 5 }}
            connectNulls={false}
            isAnimationActive={false}
            name={t.chart.actual}
          />
          <Tooltip
            content={({ active, payload }) => {
              const d = payload?.[0]?.payload as Datum | undefined;
              if (!active || !d) return null;
              return (
                <div className="chart-tooltip">
                  <p>
                    <strong>{d.label}</strong>
                  </p>
                  <p>
                    {t.chart.actual}: {d.actual === null ? t.kpi.noData : format(d.actual)} (
                    {t.kpi.n(fmt.integer(d.n))})
                    {d.lowSample && d.actual !== null ? ` · ${t.kpi.lowSample}` : ''}
                  </p>
                  {d.target !== null ? (
                    <p>
                      {t.chart.target}: {format(d.target)}
                    </p>
                  ) : null}
                </div>
              );
            }}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
