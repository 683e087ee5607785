import { can } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useSearch } from '@tanstack/react-router';
import { sessionQuery } from '../../api/queries.ts';
import { Forbidden } from '../../components/forbidden.tsx';
import { ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** The admin pages: offered to the roles that may manage only; anyone else is told why. */
export function AdminLayout() {
  const { t } = useI18n();
  const { lang } = useSearch({ strict: false }) as { lang?: 'fr' | 'en' };
  const session = useQuery(sessionQuery);
  let body: React.ReactNode;
  if (session.isError) {
    body = <ErrorState what={t.admin.title} error={session.error} onRetry={() => void session.refetch()} />;
  } else if (!session.data) {
    body = <TableSkeleton label={t.state.loading} />;
  } else if (!can(session.data.user.role, 'manage')) {
    body = <Forbidden what={t.admin.title} why={t.access.adminOnly} />;
  } else {
    body = (
      <>
        <nav className="admin-nav" aria-label={t.admin.nav}>
          <Link to="/admin/users" search={{ lang }}>
            {t.admin.users}
          </Link>
          <Link to="/admin/tokens" search={{ lang }}>
            {t.admin.tokens}
          </Link>
          <Link to="/admin/audit" search={{ lang }} activeOptions={{ includeSearch: false }}>
            {t.admin.audit}
          </Link>
        </nav>
        <Outlet />
      </>
    );
  }
  return (
    <main id="main" className="app-main" tabIndex={-1}>
      {body}
    </main>
  );
}
