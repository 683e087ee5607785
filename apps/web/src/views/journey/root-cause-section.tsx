import { useQuery } from '@tanstack/react-query';
import { rootCausesQuery } from '../../api/queries.ts';
import { ChartFigure, LegendItem } from '../../charts/chart-figure.tsx';
import { ParetoChart } from '../../charts/pareto-chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { rootCauseInputs } from '../../lib/cases.ts';
import { csvFilename, filterNameParts } from '../../lib/csv.ts';
import { paretoSeries } from '../../lib/pareto.ts';

/** The root causes of the follow-up cases closed in the period: the few causes behind most cases. */
export function RootCauseSection({ dashboard }: { dashboard: Dashboard }) {
  const { t, fmt, locale } = useI18n();
  const { window, filters } = dashboard;
  const result = useQuery(rootCausesQuery({ from: window.from, to: window.to, filters }));
  const series = paretoSeries(rootCauseInputs(result.data?.items ?? [], locale));

  const chart = result.isError ? (
    <ErrorState what={t.state.what.chart} error={result.error} onRetry={() => void result.refetch()} />
  ) : result.isPending ? (
    <Skeleton height={280} />
  ) : series.items.length === 0 ? (
    <EmptyState title={t.cases.paretoEmpty} />
  ) : (
    <ParetoChart items={series.items} format={(v) => fmt.integer(v)} onBarClick={() => {}} />
  );

  return (
    <section className="section" aria-labelledby="root-cause-heading">
      <div className="section-head">
        <h2 id="root-cause-heading">{t.cases.pareto}</h2>
      </div>
      <ChartFigure
        title={t.cases.pareto}
        testId="pareto-root-causes"
        subtitle={t.cases.paretoHint}
        legend={
          <>
            <LegendItem colour="#1f4e8c" label={t.journey.vitalFew} />
            <LegendItem colour="#a9bcd8" label={t.journey.rest} />
            <LegendItem colour="var(--chart-line)" label={t.journey.cumulative} />
          </>
        }
        table={
          <DataTable
            caption={t.cases.pareto}
            rows={series.items}
            rowKey={(r) => r.key}
            csvFilename={csvFilename([
              'parcours',
              'root-causes',
              window.from,
              window.to,
              ...filterNameParts(filters),
            ])}
            columns={[
              { key: 'label', header: t.cases.rootCause, cell: (r) => r.label, csv: (r) => r.label },
              {
                key: 'value',
                header: t.cases.count,
                numeric: true,
                cell: (r) => fmt.integer(r.value),
                csv: (r) => r.value,
              },
              {
                key: 'share',
                header: t.cases.share,
                numeric: true,
                cell: (r) => fmt.percent(r.share),
                csv: (r) => r.share,
              },
              {
                key: 'cumulative',
                header: t.cases.cumulative,
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
    </section>
  );
}
