import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { goalStatusQuery, referenceQuery } from '../../api/queries.ts';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import { useSession } from '../../hooks/use-access.ts';
import { useDashboard } from '../../hooks/use-dashboard.ts';
import { usePeriodLabel, useWindowLabel } from '../../hooks/use-period-label.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { carriedSearch } from '../../lib/search.ts';
import { OpenCasesPanel } from '../cases/open-cases-panel.tsx';
import { GoalTrends } from './goal-trends.tsx';
import { TeamTable } from './team-table.tsx';
import { TouchpointRanking } from './touchpoint-ranking.tsx';

export function DepartmentPage() {
  const { departmentId } = useParams({ from: '/dashboard/departments/$departmentId' });
  const { t } = useI18n();
  const dashboard = useDashboard();
  const reference = useQuery(referenceQuery);
  const status = useQuery(goalStatusQuery(dashboard.goalPeriod));
  const periodLabel = usePeriodLabel();
  const windowLabel = useWindowLabel();
  const carried = carriedSearch(dashboard.search);
  const session = useSession();
  // the lead's own department is their home: titled for them, with the cases waiting for it
  const own = session?.scope.kind === 'department' && session.scope.departmentId === departmentId;

  if (reference.isError) {
    return (
      <ErrorState
        what={t.state.what.reference}
        error={reference.error}
        onRetry={() => void reference.refetch()}
      />
    );
  }
  const department = reference.data?.departments.find((d) => d.id === departmentId);
  if (reference.data && !department) {
    return (
      <EmptyState
        title={t.department.notFound}
        action={
          <Link to="/" search={carried} className="btn">
            {t.app.backHome}
          </Link>
        }
      />
    );
  }
  // the department's teams, or those of the team filter (the team view)
  const chosenTeams = dashboard.search.team;
  const teamIds = new Set(
    reference.data?.teams
      .filter(
        (team) => team.department_id === departmentId && (!chosenTeams || chosenTeams.includes(team.id)),
      )
      .map((team) => team.id),
  );
  const touchpointIds = reference.data
    ? new Set(reference.data.touchpoints.filter((tp) => teamIds.has(tp.team_id)).map((tp) => tp.id))
    : undefined;
  const teamNames = (dashboard.search.team ?? []).map(
    (id) => reference.data?.teams.find((team) => team.id === id)?.name ?? id,
  );
  const block = status.data?.departments.find((d) => d.department?.id === departmentId);
  const periodText =
    dashboard.selection.kind === 'custom'
      ? windowLabel(dashboard.window)
      : periodLabel(dashboard.selection.key);

  return (
    <>
      <div className="breadcrumb no-print">
        <Link to="/" search={carried}>
          ← {t.nav.overview}
        </Link>
      </div>
      <div className="page-head">
        <div>
          <h1>
            {!department ? (
              <Skeleton width={240} height={28} />
            ) : own ? (
              t.home.myDepartment(department.name)
            ) : (
              t.department.title(department.name)
            )}
          </h1>
          {own ? <p className="muted">{t.home.leadIntro}</p> : null}
          <p className="muted">
            {periodText}
            {dashboard.window.toDate ? ` (${t.period.toDate})` : ''}
            {teamNames.length > 0 ? ` · ${t.pair(t.dimension.team, teamNames.join(', '))}` : ''}
          </p>
        </div>
      </div>
      <GoalTrends
        departmentId={departmentId}
        dashboard={dashboard}
        status={status}
        items={block?.goals ?? []}
      />
      {own ? (
        <div className="section">
          <OpenCasesPanel team={chosenTeams?.length === 1 ? chosenTeams[0] : undefined} />
        </div>
      ) : null}
      <div className="section">
        <TeamTable departmentId={departmentId} dashboard={dashboard} reference={reference.data} />
      </div>
      <div className="section">
        <TouchpointRanking
          departmentId={departmentId}
          dashboard={dashboard}
          goals={block?.goals ?? []}
          touchpointIds={touchpointIds}
        />
      </div>
    </>
  );
}
