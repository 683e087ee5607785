import { KPIS, type KpiId, MEDIA_TYPES, PRESENCES } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { kpisQuery } from '../../api/queries.ts';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { SplitBarChart, type SplitDatum } from '../../charts/split-bar-chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename, filterNameParts } from '../../lib/csv.ts';
import { drillSearch } from '../../lib/drill-link.ts';
import { carriedSearch } from '../../lib/search.ts';

export function SplitsSection({ dashboard, kpi }: { dashboard: Dashboard; kpi: KpiId }) {
  const { t, locale } = useI18n();
  return (
    <section className="section" aria-labelledby="splits-heading">
      <div className="section-head">
        <h2 id="splits-heading">{t.pair(t.journey.splits, KPIS[kpi].label[locale])}</h2>
      </div>
      <div className="grid-2">
        <Split
          dashboard={dashboard}
          kpi={kpi}
          by="media"
          title={t.journey.byMedia}
          order={MEDIA_TYPES.map((m) => ({ key: m, label: t.media[m] }))}
        />
        <Split
          dashboard={dashboard}
          kpi={kpi}
          by="presence"
          title={t.journey.byPresence}
          order={PRESENCES.map((p) => ({ key: p, label: t.presence[p] }))}
        />
      </div>
    </section>
  );
}

function Split(props: {
  dashboard: Dashboard;
  kpi: KpiId;
  by: 'media' | 'presence';
  title: string;
  order: { key: string; label: string }[];
}) {
  const { t, fmt } = useI18n();
  const navigate = useNavigate();
  const { window, filters } = props.dashboard;
  const query = useQuery(
    kpisQuery({
      from: window.from,
      to: window.to,
      filters,
      groupBy: props.by,
      kpis: [props.kpi],
      compare: false,
    }),
  );
  const unit = KPIS[props.kpi].unit;
  const format = (v: number) => fmt.kpi(v, unit, true);
  const groups = new Map((query.data?.groups ?? []).map((g) => [g.key, g.kpis[props.kpi]]));
  const data: SplitDatum[] = props.order.map(({ key, label }) => {
    const v = groups.get(key);
    return { key, label, value: v?.value ?? null, n: v?.n ?? 0, lowSample: v?.lowSample ?? false };
  });
  const carried = carriedSearch(props.dashboard.search);

  return (
    <ChartFigure
      title={props.title}
      testId={`split-${props.by}`}
      table={
        <DataTable
          caption={props.title}
          rows={data}
          rowKey={(d) => d.key}
          csvFilename={csvFilename([
            'parcours',
            props.kpi,
            'by',
            props.by,
            window.from,
            window.to,
            ...filterNameParts(filters),
          ])}
          columns={[
            { key: 'label', header: t.dimension[props.by], cell: (d) => d.label, csv: (d) => d.key },
            {
              key: 'value',
              header: t.column.value,
              numeric: true,
              cell: (d) => (d.value === null ? t.kpi.noData : format(d.value)),
              csv: (d) => d.value,
            },
            { key: 'n', header: t.column.n, numeric: true, cell: (d) => fmt.integer(d.n), csv: (d) => d.n },
          ]}
        />
      }
    >
      {query.isError ? (
        <ErrorState what={t.state.what.chart} error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <Skeleton height={150} />
      ) : (
        <SplitBarChart
          data={data}
          format={format}
          onBarClick={(key) =>
            void navigate({
              to: '/kpis/$kpi/records',
              params: { kpi: props.kpi },
              search: drillSearch(carried, props.kpi, { [props.by]: [key] }),
            })
          }
        />
      )}
    </ChartFigure>
  );
}
