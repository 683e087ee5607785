import { useQueries, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { kpisQuery, recordsQuery } from '../../api/queries.ts';
import { ChartFigure, LegendItem } from '../../charts/chart-figure.tsx';
import { ParetoChart } from '../../charts/pareto-chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename, filterNameParts } from '../../lib/csv.ts';
import { drillSearch } from '../../lib/drill-link.ts';
import { type ParetoInput, paretoSeries } from '../../lib/pareto.ts';
import { carriedSearch } from '../../lib/search.ts';

export function ParetoSection({ dashboard }: { dashboard: Dashboard }) {
  const { t, fmt } = useI18n();
  const { window, filters } = dashboard;
  const byTouchpoint = useQuery(
    kpisQuery({
      from: window.from,
      to: window.to,
      filters,
      groupBy: 'touchpoint',
      kpis: ['revenue', 'nps'],
      compare: false,
    }),
  );
  const answered = (byTouchpoint.data?.groups ?? []).filter((g) => (g.kpis.nps?.n ?? 0) > 0);
  // the number of detractors of each touchpoint is the size of its drill-down subset
  const detractorCounts = useQueries({
    queries: answered.map((g) =>
      recordsQuery({
        kpi: 'nps',
        from: window.from,
        to: window.to,
        filters: { ...filters, touchpoint: [g.key] },
        subset: 'detractors',
        sort: 'recent',
        page: 1,
        pageSize: 1,
      }),
    ),
  });

  const revenueInputs: ParetoInput[] = (byTouchpoint.data?.groups ?? []).map((g) => ({
    key: g.key,
    label: g.label,
    value: g.kpis.revenue?.value ?? null,
  }));
  const detractorInputs: ParetoInput[] = answered.map((g, i) => ({
    key: g.key,
    label: g.label,
    value: detractorCounts[i]?.data?.total ?? null,
  }));
  const detractorsLoading = detractorCounts.some((q) => q.isPending);
  const detractorsFailed = detractorCounts.find((q) => q.isError);

  return (
    <section className="section" aria-labelledby="pareto-heading">
      <div className="section-head">
        <h2 id="pareto-heading">20/80</h2>
      </div>
      <div className="grid-2">
        <ParetoCard
          dashboard={dashboard}
          title={t.journey.paretoRevenue}
          name="revenue"
          kpi="revenue"
          loading={byTouchpoint.isPending}
          error={
            byTouchpoint.isError
              ? { error: byTouchpoint.error, retry: () => void byTouchpoint.refetch() }
              : null
          }
          inputs={revenueInputs}
          format={(v) => fmt.money(v, true)}
          valueHeader={t.column.revenue}
        />
        <ParetoCard
          dashboard={dashboard}
          title={t.journey.paretoDetractors}
          name="detractors"
          kpi="nps"
          loading={byTouchpoint.isPending || detractorsLoading}
          error={
            byTouchpoint.isError
              ? { error: byTouchpoint.error, retry: () => void byTouchpoint.refetch() }
              : detractorsFailed
                ? { error: detractorsFailed.error, retry: () => void detractorsFailed.refetch() }
                : null
          }
          inputs={detractorInputs}
          format={(v) => fmt.integer(v)}
          valueHeader={t.journey.detractors}
        />
      </div>
    </section>
  );
}

function ParetoCard(props: {
  dashboard: Dashboard;
  title: string;
  name: string;
  kpi: 'revenue' | 'nps';
  loading: boolean;
  error: { error: unknown; retry: () => void } | null;
  inputs: ParetoInput[];
  format: (v: number) => string;
  valueHeader: string;
}) {
  const { t, fmt } = useI18n();
  const navigate = useNavigate();
  const series = paretoSeries(props.inputs);
  const carried = carriedSearch(props.dashboard.search);
  const { window, filters } = props.dashboard;
  const share =
    series.items.length > 0 ? fmt.percent((100 * series.vitalCount) / series.items.length, 0) : '';

  const chart = props.error ? (
    <ErrorState what={t.state.what.chart} error={props.error.error} onRetry={props.error.retry} />
  ) : props.loading ? (
    <Skeleton height={280} />
  ) : series.items.length === 0 ? (
    <EmptyState title={t.journey.paretoEmpty} hint={t.drill.emptyHint} />
  ) : (
    <ParetoChart
      items={series.items}
      format={props.format}
      onBarClick={(key) =>
        void navigate({
          to: '/kpis/$kpi/records',
          params: { kpi: props.kpi },
          search: drillSearch(carried, props.kpi, { touchpoint: [key] }),
        })
      }
    />
  );

  return (
    <ChartFigure
      title={props.title}
      testId={`pareto-${props.name}`}
      subtitle={
        series.items.length > 0
          ? t.journey.paretoSummary(series.vitalCount, series.items.length, share)
          : undefined
      }
      legend={
        <>
          <LegendItem colour="#1f4e8c" label={t.journey.vitalFew} />
          <LegendItem colour="#a9bcd8" label={t.journey.rest} />
          <LegendItem colour="var(--chart-line)" label={t.journey.cumulative} />
        </>
      }
      table={
        <DataTable
          caption={props.title}
          rows={series.items}
          rowKey={(r) => r.key}
          csvFilename={csvFilename([
            'parcours',
            'pareto',
            props.name,
            window.from,
            window.to,
            ...filterNameParts(filters),
          ])}
          columns={[
            { key: 'label', header: t.column.touchpoint, cell: (r) => r.label, csv: (r) => r.label },
            {
              key: 'value',
              header: props.valueHeader,
              numeric: true,
              cell: (r) => props.format(r.value),
              csv: (r) => r.value,
            },
            {
              key: 'share',
              header: t.journey.share,
              numeric: true,
              cell: (r) => fmt.percent(r.share),
              csv: (r) => r.share,
            },
            {
              key: 'cumulative',
              header: t.journey.cumulative,
              numeric: true,
              cell: (r) => fmt.percent(r.cumulative),
              csv: (r) => r.cumulative,
            },
          ]}
        />
      }
    >
      {chart}
    </ChartFigure>
  );
}
