import { GOAL_STATUSES, type GoalStatusResponse } from '@parcours/domain';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useScope } from '../../hooks/use-access.ts';
import { useCanManage } from '../../hooks/use-can-manage.ts';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { usePeriodLabel } from '../../hooks/use-period-label.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { departmentInScope } from '../../lib/access.ts';
import { carriedSearch } from '../../lib/search.ts';
import { GoalRow } from './goal-row.tsx';

export function GoalsBoard({
  dashboard,
  query,
}: {
  dashboard: Dashboard;
  query: UseQueryResult<GoalStatusResponse>;
}) {
  const { t } = useI18n();
  const periodLabel = usePeriodLabel();
  const period = periodLabel(dashboard.goalPeriod);
  const carried = carriedSearch(dashboard.search);
  const lang = carried.lang;
  const scope = useScope();
  const canManage = useCanManage();

  let body: React.ReactNode;
  if (query.isPending) {
    body = (
      <div className="goals-board" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="card goal-block" style={{ display: 'grid', gap: 12 }}>
            <Skeleton width="40%" height={18} />
            <Skeleton height={26} />
            <Skeleton height={26} />
          </div>
        ))}
      </div>
    );
  } else if (query.isError) {
    body = <ErrorState what={t.state.what.goals} error={query.error} onRetry={() => void query.refetch()} />;
  } else {
    const blocks = [...query.data.departments]
      .filter((d) => d.goals.length > 0)
      // a team lead's board shows their department only (the server narrows the goals too)
      .filter(
        (d) =>
          scope.kind !== 'department' || d.department === null || departmentInScope(scope, d.department.id),
      )
      .sort((a, b) =>
        a.department === null
          ? -1
          : b.department === null
            ? 1
            : a.department.name.localeCompare(b.department.name),
      );
    body =
      blocks.length === 0 ? (
        <EmptyState
          title={t.overview.goalsEmpty(period)}
          hint={t.overview.goalsEmptyHint}
          action={
            canManage ? (
              <Link to="/goals" search={{ lang }} className="btn btn-primary">
                {t.overview.createGoal}
              </Link>
            ) : undefined
          }
        />
      ) : (
        <div className="goals-board" data-testid="goals-board">
          {blocks.map((block) => {
            const name = block.department?.name ?? t.overview.companyWide;
            return (
              <article
                key={block.department?.id ?? 'company'}
                className="card goal-block"
                data-department={block.department?.id ?? 'company'}
                aria-label={name}
              >
                <div className="goal-block-head">
                  <h3>
                    {block.department && departmentInScope(scope, block.department.id) ? (
                      <Link
                        to="/departments/$departmentId"
                        params={{ departmentId: block.department.id }}
                        search={carried}
                        aria-label={t.overview.openDepartment(name)}
                      >
                        {name}
                      </Link>
                    ) : (
                      name
                    )}
                  </h3>
                  <div className="goal-summary">
                    <span className="sr-only">{t.overview.summary}</span>
                    {GOAL_STATUSES.filter((s) => (block.summary[s] ?? 0) > 0).map((s) => (
                      <StatusBadge key={s} status={s} count={block.summary[s] ?? 0} />
                    ))}
                  </div>
                </div>
                <ul className="goal-rows">
                  {block.goals.map((item) => (
                    <GoalRow
                      key={item.goal.id}
                      item={item}
                      lang={lang}
                      showScope={item.goal.scope_type === 'team' || item.goal.scope_type === 'touchpoint'}
                    />
                  ))}
                </ul>
              </article>
            );
          })}
        </div>
      );
  }

  return (
    <section className="section" aria-labelledby="goals-heading">
      <div className="section-head">
        <h2 id="goals-heading">{t.overview.goalsFor(period)}</h2>
        {dashboard.selection.kind === 'custom' ? <p>{t.overview.customGoalsNote(period)}</p> : null}
      </div>
      {body}
    </section>
  );
}
