import { useQuery } from '@tanstack/react-query';
import { goalStatusQuery, kpisQuery } from '../../api/queries.ts';
import { IconPrint } from '../../components/icons.tsx';
import { useDashboard } from '../../hooks/use-dashboard.ts';
import { usePeriodLabel, useWindowLabel } from '../../hooks/use-period-label.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FilterSummary } from './filter-summary.tsx';
import { GoalsBoard } from './goals-board.tsx';
import { KpiGrid } from './kpi-grid.tsx';

export function OverviewPage() {
  const { t } = useI18n();
  const dashboard = useDashboard();
  const windowLabel = useWindowLabel();
  const periodLabel = usePeriodLabel();
  const totals = useQuery(
    kpisQuery({ from: dashboard.window.from, to: dashboard.window.to, filters: dashboard.filters }),
  );
  // the server answers one query at a time: the tiles' figures first, then goals and trends
  const goalStatus = useQuery({ ...goalStatusQuery(dashboard.goalPeriod), enabled: totals.isFetched });
  const title =
    dashboard.selection.kind === 'custom'
      ? windowLabel(dashboard.window)
      : periodLabel(dashboard.selection.key);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t.overview.title}</h1>
          <p className="muted">
            {title}
            {dashboard.window.toDate ? ` (${t.period.toDate})` : ''}
          </p>
          <FilterSummary />
        </div>
        <div className="page-actions no-print">
          <button type="button" className="btn" onClick={() => window.print()}>
            <IconPrint />
            {t.overview.print}
          </button>
        </div>
      </div>
      <section aria-labelledby="kpis-heading">
        <h2 id="kpis-heading" className="sr-only">
          {t.overview.kpis}
        </h2>
        <KpiGrid dashboard={dashboard} totals={totals} goalStatus={goalStatus.data} />
      </section>
      <GoalsBoard dashboard={dashboard} query={goalStatus} />
    </>
  );
}
