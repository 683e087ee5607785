import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { openClickedDatum } from './datum-click.ts';

export type SplitDatum = { key: string; label: string; value: number | null; n: number; lowSample: boolean };

/** One horizontal bar per category (media type, physical or digital), its value written at its end. */
export function SplitBarChart(props: {
  data: readonly SplitDatum[];
  format: (v: number) => string;
  onBarClick: (key: string) => void;
}) {
  const { t, fmt } = useI18n();
  const data = props.data.map((d) => ({
    ...d,
    label: d.value === null ? `${d.label} (${t.kpi.noData.toLowerCase()})` : d.label,
    bar: d.value ?? 0,
  }));
  return (
    <div className="chart-box" style={{ height: Math.max(120, 48 * data.length + 30) }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 72, bottom: 4, left: 8 }}
          onClick={openClickedDatum(props.data, props.onBarClick)}
          style={{ cursor: 'pointer' }}
        >
          <CartesianGrid stroke="#e6e9ee" horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={props.format}
            tick={{ fontSize: 11, fill: '#4f5969' }}
            axisLine={false}
            tickLine={false}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={150}
            tick={{ fontSize: 12, fill: '#1a1f2b' }}
            axisLine={false}
            tickLine={false}
          />
          <Bar dataKey="bar" fill="#1f4e8c" radius={[0, 3, 3, 0]} isAnimationActive={false} barSize={22}>
            <LabelList
              dataKey="value"
              position="right"
              formatter={(v: unknown) => (typeof v === 'number' ? props.format(v) : t.kpi.noData)}
              style={{ fontSize: 12, fill: '#1a1f2b' }}
            />
          </Bar>
          <Tooltip
            cursor={{ fill: 'rgb(31 78 140 / 8%)' }}
            content={({ active, payload }) => {
              const d = payload?.[0]?.payload as SplitDatum | undefined;
              if (!active || !d) return null;
              return (
                <div className="chart-tooltip">
                  <p>
                    <strong>{d.label}</strong>
                  </p>
                  <p>
                    {d.value === null ? t.kpi.noData : props.format(d.value)} ({t.kpi.n(fmt.integer(d.n))})
                    {d.lowSample && d.value !== null ? ` · ${t.kpi.lowSample}` : ''}
                  </p>
                </div>
              );
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
