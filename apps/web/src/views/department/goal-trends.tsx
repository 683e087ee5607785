import { type GoalStatusItem, type GoalStatusResponse, KPIS } from '@parcours/domain';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { goalsQuery, kpisQuery } from '../../api/queries.ts';
import { ChartFigure, LegendItem } from '../../charts/chart-figure.tsx';
import { GoalTrendChart } from '../../charts/goal-trend-chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useTrendLabel } from '../../hooks/use-trend-label.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename } from '../../lib/csv.ts';
import { startOfMonth } from '../../lib/dates.ts';
import { bucketPeriod, drillSearch } from '../../lib/drill-link.ts';
import { scopeFilter } from '../../lib/goal-scope.ts';
import { goalTrendSeries, monthKeys } from '../../lib/goal-trend.ts';
import { carriedSearch } from '../../lib/search.ts';

export function GoalTrends(props: {
  departmentId: string;
  dashboard: Dashboard;
  status: UseQueryResult<GoalStatusResponse>;
  items: readonly GoalStatusItem[];
}) {
  const { t } = useI18n();
  let body: React.ReactNode;
  if (props.status.isPending) body = <Skeleton height={240} />;
  else if (props.status.isError)
    body = (
      <ErrorState
        what={t.state.what.goals}
        error={props.status.error}
        onRetry={() => void props.status.refetch()}
      />
    );
  else if (props.items.length === 0) body = <EmptyState title={t.department.goalsEmpty} />;
  else
    body = (
      <div className="grid-2">
        {props.items.map((item) => (
          <GoalTrendCard key={item.goal.id} item={item} dashboard={props.dashboard} />
        ))}
      </div>
    );
  return (
    <section aria-labelledby="dept-goals">
      <div className="section-head">
        <h2 id="dept-goals">{t.department.goals}</h2>
      </div>
      {body}
    </section>
  );
}

function GoalTrendCard({ item, dashboard }: { item: GoalStatusItem; dashboard: Dashboard }) {
  const { t, fmt, locale } = useI18n();
  const navigate = useNavigate();
  const trendLabel = useTrendLabel();
  const { goal } = item;
  const def = KPIS[goal.kpi];
  const from = startOfMonth(dashboard.trend.from);
  const to = dashboard.trend.to;
  const scope = scopeFilter(goal);
  const filters = {
    ...dashboard.filters,
    department: undefined,
    team: undefined,
    touchpoint: undefined,
    ...scope,
  };
  const actuals = useQuery(
    kpisQuery({ from, to, filters, groupBy: 'month', kpis: [goal.kpi], compare: false }),
  );
  const goals = useQuery(goalsQuery());
  const sameScope = (goals.data ?? []).filter(
    (g) => g.kpi === goal.kpi && g.scope_type === goal.scope_type && g.scope_id === goal.scope_id,
  );
  const data = actuals.data
    ? goalTrendSeries({
        kpi: goal.kpi,
        better: def.better,
        months: monthKeys(from, to),
        groups: actuals.data.groups,
        goals: sameScope.length > 0 ? sameScope : [goal],
      }).map((p) => ({ ...p, label: trendLabel(p.key, 'month') }))
    : [];
  const carried = carriedSearch(dashboard.search);
  const format = (v: number | null) => (v === null ? '' : fmt.kpi(v, def.unit, true));
  const title = `${def.label[locale]}${goal.scope_type === 'department' ? '' : ` · ${goal.scope_name}`}`;

  return (
    <ChartFigure
      title={title}
      testId="goal-trend"
      subtitle={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <StatusBadge status={item.status} />
          {t.goal.actual} {item.actual === null ? t.kpi.noData : format(item.actual)} · {t.goal.target}{' '}
          {format(goal.target)} · {t.better[def.better]}
        </span>
      }
      legend={
        <>
          <LegendItem colour="var(--chart-actual)" label={t.chart.actual} />
          <LegendItem colour="var(--chart-target)" label={t.chart.target} dashed />
          <LegendItem colour="var(--chart-band)" label={t.chart.warningBand} />
        </>
      }
      table={
        <DataTable
          caption={title}
          rows={data}
          rowKey={(d) => d.key}
          csvFilename={csvFilename([
            'parcours',
            'goal-trend',
            goal.kpi,
            goal.scope_id ?? 'company',
            from,
            to,
          ])}
          columns={[
            { key: 'month', header: t.chart.month, cell: (d) => d.label, csv: (d) => d.key.slice(0, 7) },
            {
              key: 'actual',
              header: t.chart.actual,
              numeric: true,
              cell: (d) => format(d.actual),
              csv: (d) => d.actual,
            },
            { key: 'n', header: t.column.n, numeric: true, cell: (d) => fmt.integer(d.n), csv: (d) => d.n },
            {
              key: 'target',
              header: t.chart.target,
              numeric: true,
              cell: (d) => format(d.target),
              csv: (d) => d.target,
            },
          ]}
        />
      }
    >
      {actuals.isError ? (
        <ErrorState what={t.state.what.chart} error={actuals.error} onRetry={() => void actuals.refetch()} />
      ) : !actuals.data ? (
        <Skeleton height={220} />
      ) : (
        <GoalTrendChart
          data={data}
          unit={def.unit}
          onPointClick={(key) =>
            void navigate({
              to: '/kpis/$kpi/records',
              params: { kpi: goal.kpi },
              search: drillSearch(carried, goal.kpi, { ...scope, ...bucketPeriod(key, 'month') }),
            })
          }
        />
      )}
    </ChartFigure>
  );
}
