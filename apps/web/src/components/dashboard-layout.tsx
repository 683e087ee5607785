import { useQuery } from '@tanstack/react-query';
import { Outlet, useParams } from '@tanstack/react-router';
import { referenceQuery, sessionQuery } from '../api/queries.ts';
import { useDashboard } from '../hooks/use-dashboard.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { departmentInScope, refusedFilter } from '../lib/access.ts';
import { FilterBar } from './filter-bar.tsx';
import { Forbidden } from './forbidden.tsx';
import { PeriodPicker } from './period-picker.tsx';
import { TableSkeleton } from './states.tsx';

export function DashboardLayout() {
  return (
    <>
      <div className="dashboard-bar">
        <div className="dashboard-bar-inner">
          <PeriodPicker />
          <FilterBar />
        </div>
      </div>
      <main id="main" className="app-main" tabIndex={-1}>
        <ScopeGuard />
      </main>
    </>
  );
}

/**
 * A department page or a filter outside the user's scope is refused once, with the reason,
 * instead of every block of the view failing with a 403.
 */
function ScopeGuard() {
  const { t } = useI18n();
  const { search } = useDashboard();
  const { departmentId } = useParams({ strict: false }) as { departmentId?: string };
  const sessionResult = useQuery(sessionQuery);
  const session = sessionResult.data;
  const scoped = session !== undefined && session.scope.kind !== 'all';
  const referenceResult = useQuery({ ...referenceQuery, enabled: scoped });
  const reference = referenceResult.data;
  // only a URL naming a department, team or touchpoint waits for the session (the plain overview does not)
  const narrowed =
    departmentId !== undefined || Boolean(search.department || search.team || search.touchpoint);
  if (narrowed && sessionResult.isPending) return <TableSkeleton label={t.state.loading} />;
  if (session && scoped) {
    // the names of what is refused come with the reference data
    if (referenceResult.isPending) return <TableSkeleton label={t.state.loading} />;
    if (departmentId !== undefined && !departmentInScope(session.scope, departmentId)) {
      const name = reference?.departments.find((d) => d.id === departmentId)?.name ?? departmentId;
      return <Forbidden what={t.access.departmentPage(name)} />;
    }
    const refusal = reference ? refusedFilter(search, reference, session.scope) : null;
    if (refusal) {
      const list =
        refusal.field === 'department'
          ? reference?.departments
          : refusal.field === 'team'
            ? reference?.teams
            : reference?.touchpoints;
      const name = list?.find((x) => x.id === refusal.value)?.name ?? refusal.value;
      return <Forbidden what={t.access.filterValue(t.dimension[refusal.field], name)} />;
    }
  }
  return <Outlet />;
}
