import { type GoalStatusResponse, KPI_IDS, type KpiResponse } from '@parcours/domain';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { kpiDefinitionsQuery, kpisQuery } from '../../api/queries.ts';
import { KpiTile, KpiTileSkeleton } from '../../components/kpi-tile.tsx';
import { ErrorState } from '../../components/states.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useIdle } from '../../hooks/use-idle.ts';
import { useTrendLabel } from '../../hooks/use-trend-label.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { drillFocus } from '../../lib/drill-focus.ts';
import { companyGoalOf } from '../../lib/kpi-tile.ts';
import { carriedSearch } from '../../lib/search.ts';
import { trendPoints } from '../../lib/sparkline.ts';

export function KpiGrid(props: {
  dashboard: Dashboard;
  totals: UseQueryResult<KpiResponse>;
  goalStatus: GoalStatusResponse | undefined;
}) {
  const { dashboard, totals, goalStatus } = props;
  const { t, fmt } = useI18n();
  const trendLabel = useTrendLabel();
  const { filters, trend } = dashboard;
  // sparklines ask after the tiles' figures: the server answers one query at a time
  const trends = useQuery({
    ...kpisQuery({ from: trend.from, to: trend.to, filters, groupBy: trend.groupBy, compare: false }),
    enabled: totals.isFetched,
  });
  // only the drill-down links use the definitions (their subsets); without them a link opens the usual subset
  const definitions = useQuery({ ...kpiDefinitionsQuery, enabled: useIdle() });

  if (totals.isError) {
    return <ErrorState what={t.state.what.kpis} error={totals.error} onRetry={() => void totals.refetch()} />;
  }
  const carried = carriedSearch(dashboard.search);
  return (
    <div className="kpi-grid" aria-busy={totals.isPending} data-testid="kpi-grid">
      {KPI_IDS.map((kpi) => {
        if (!totals.data) return <KpiTileSkeleton key={kpi} />;
        const subsets = definitions.data?.find((d) => d.id === kpi)?.subsets;
        const points = trends.data
          ? trendPoints(trends.data.groups, kpi).map((p) => ({
              ...p,
              label: trendLabel(p.key, trend.groupBy),
            }))
          : undefined;
        return (
          <KpiTile
            key={kpi}
            kpi={kpi}
            value={totals.data.total[kpi]}
            trend={points}
            goal={dashboard.selection.kind === 'custom' ? null : companyGoalOf(goalStatus, kpi, fmt)}
            drill={{ ...drillFocus(kpi, subsets), search: carried }}
          />
        );
      })}
    </div>
  );
}
