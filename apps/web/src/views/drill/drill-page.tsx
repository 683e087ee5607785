import { KPI_IDS, KPIS, type KpiId } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { kpiDefinitionsQuery, kpisQuery, recordsQuery } from '../../api/queries.ts';
import { NotFound } from '../../components/not-found.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useDashboard } from '../../hooks/use-dashboard.ts';
import { usePeriodLabel, useWindowLabel } from '../../hooks/use-period-label.ts';
import { useSearchUpdate } from '../../hooks/use-search-update.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename, filterNameParts } from '../../lib/csv.ts';
import { kpiTileModel } from '../../lib/kpi-tile.ts';
import { carriedSearch } from '../../lib/search.ts';
import { RecordsTable } from './records-table.tsx';

const PAGE_SIZE = 50;

function isKpi(value: string): value is KpiId {
  return (KPI_IDS as readonly string[]).includes(value);
}

export function DrillPage() {
  const { kpi } = useParams({ from: '/dashboard/kpis/$kpi/records' });
  if (!isKpi(kpi)) return <NotFound />;
  return <Drill kpi={kpi} />;
}

function Drill({ kpi }: { kpi: KpiId }) {
  const { t, fmt, locale } = useI18n();
  const dashboard = useDashboard();
  const search = useSearch({ from: '/dashboard/kpis/$kpi/records' });
  const update = useSearchUpdate();
  const windowLabel = useWindowLabel();
  const periodLabel = usePeriodLabel();
  const definitions = useQuery(kpiDefinitionsQuery);
  const subsets = definitions.data?.find((d) => d.id === kpi)?.subsets ?? [];
  const subset = search.subset ?? subsets[0];
  const sort = search.sort ?? 'recent';
  const page = search.page ?? 1;
  const { window, filters } = dashboard;
  const records = useQuery({
    ...recordsQuery({
      kpi,
      from: window.from,
      to: window.to,
      filters,
      subset,
      sort,
      page,
      pageSize: PAGE_SIZE,
    }),
    // wait for the subset list unless the URL names one
    enabled: search.subset !== undefined || definitions.isSuccess || definitions.isError,
  });
  const value = useQuery(
    kpisQuery({ from: window.from, to: window.to, filters, kpis: [kpi], compare: false }),
  );
  const label = KPIS[kpi].label[locale];
  const tile = value.data ? kpiTileModel(kpi, value.data.total[kpi], fmt) : null;
  const carried = carriedSearch(dashboard.search);
  const periodText =
    dashboard.selection.kind === 'custom' ? windowLabel(window) : periodLabel(dashboard.selection.key);
  const filename = csvFilename([
    'parcours',
    kpi,
    subset,
    dashboard.selection.kind === 'custom' ? `${window.from}_${window.to}` : dashboard.selection.key,
    ...filterNameParts(filters),
    page > 1 ? `page-${page}` : undefined,
  ]);

  return (
    <>
      <div className="breadcrumb no-print">
        <Link to="/" search={carried}>
          ← {t.drill.back}
        </Link>
      </div>
      <div className="page-head">
        <div>
          <h1>{t.drill.title(label)}</h1>
          <p className="muted">
            {periodText}
            {tile?.valueText ? (
              <>
                {' · '}
                <span title={t.drill.kpiValue}>
                  {label} <strong className="num">{tile.valueText}</strong>
                  {tile.moeText ? ` ${tile.moeText}` : ''} ({t.kpi.n(tile.nText)})
                </span>
              </>
            ) : null}
          </p>
        </div>
      </div>
      <div className="table-toolbar">
        {subsets.length > 1 ? (
          <nav className="segmented" aria-label={t.drill.subset}>
            {subsets.map((s) => (
              <Link
                key={s}
                to="."
                search={(prev) => ({ ...prev, subset: s, page: undefined })}
                aria-current={s === subset ? 'true' : undefined}
                data-subset={s}
              >
                {t.subset[s] ?? s}
              </Link>
            ))}
          </nav>
        ) : (
          <span />
        )}
        <div className="field" style={{ gridAutoFlow: 'column', alignItems: 'center', gap: 8 }}>
          <label htmlFor="drill-sort">{t.drill.sort}</label>
          <select
            id="drill-sort"
            className="select"
            value={sort}
            onChange={(e) =>
              update({ sort: e.target.value === 'recent' ? undefined : e.target.value, page: undefined })
            }
          >
            <option value="recent">{t.drill.recent}</option>
            <option value="value">{t.drill.byValue}</option>
          </select>
        </div>
      </div>
      {records.isError ? (
        <ErrorState
          what={t.state.what.records}
          error={records.error}
          onRetry={() => void records.refetch()}
        />
      ) : !records.data ? (
        <TableSkeleton label={t.state.loading} />
      ) : records.data.items.length === 0 ? (
        <EmptyState title={t.drill.empty} hint={t.drill.emptyHint} />
      ) : (
        <div aria-busy={records.isPlaceholderData}>
          <RecordsTable
            items={records.data.items}
            caption={`${label} · ${t.subset[subset ?? ''] ?? subset ?? ''}`}
            csvFilename={filename}
            lang={carried.lang}
            summary={t.drill.total(fmt.integer(records.data.total))}
          />
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={records.data.total}
            onPage={(p) => update({ page: p > 1 ? p : undefined })}
          />
        </div>
      )}
    </>
  );
}
