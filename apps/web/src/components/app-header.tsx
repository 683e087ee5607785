import type { SessionInfo } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouterState } from '@tanstack/react-router';
import { notificationsQuery, referenceQuery } from '../api/queries.ts';
import { useIdle } from '../hooks/use-idle.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { isAdminPath, navItems, scopedReference } from '../lib/access.ts';
import { unreadBadge } from '../lib/cases.ts';
import { carriedSearch } from '../lib/search.ts';
import { AccountMenu } from './account-menu.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { useDismissable } from './use-dismissable.ts';

const keepDashboard = (prev: Record<string, unknown>) => carriedSearch(prev);
const keepLang = (prev: Record<string, unknown>) => ({ lang: carriedSearch(prev).lang });

export function AppHeader({
  orgName,
  session,
  minimal,
}: {
  orgName: string | undefined;
  session: SessionInfo | null;
  /** the sign-in page: the brand and the language only */
  minimal: boolean;
}) {
  const { t } = useI18n();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const idle = useIdle();
  const reference = useQuery({ ...referenceQuery, enabled: idle && !minimal });
  const menu = useDismissable<HTMLDetailsElement>();
  const followUp = session ? navItems(session.user.role, session.scope).includes('cases') : false;
  const notifications = useQuery({ ...notificationsQuery, enabled: idle && !minimal && followUp });
  const unread = unreadBadge(notifications.data?.unread);
  const inDepartments = pathname.startsWith('/departments/');
  // until the session answers, only what every role has is offered
  const items = session
    ? navItems(session.user.role, session.scope)
    : ['overview', 'journey', 'customers', 'goals'];
  const departments =
    reference.data && session ? scopedReference(reference.data, session.scope).departments : [];

  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <Link to="/" search={keepDashboard} className="brand">
        <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="#fff" />
          <path
            d="M8 22 L14 14 L18 18 L24 9"
            stroke="#14315a"
            strokeWidth="3"
            fill="none"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span>
          {t.app.name} {orgName ? <small>· {orgName}</small> : <small>· {t.app.tagline}</small>}
        </span>
      </Link>
      {minimal ? (
        <span style={{ flex: 1 }} />
      ) : (
        <nav className="main-nav" aria-label={t.app.mainNav}>
          <Link to="/" search={keepDashboard} activeOptions={{ exact: true, includeSearch: false }}>
            {t.nav.overview}
          </Link>
          {items.includes('departments') ? (
            <details ref={menu.ref} className={`nav-menu${inDepartments ? ' active' : ''}`}>
              <summary aria-current={inDepartments ? 'page' : undefined}>{t.nav.departments}</summary>
              <div className="menu-panel">
                {departments.map((d) => (
                  <Link
                    key={d.id}
                    to="/departments/$departmentId"
                    params={{ departmentId: d.id }}
                    search={keepDashboard}
                    onClick={menu.close}
                  >
                    {d.name}
                  </Link>
                ))}
              </div>
            </details>
          ) : null}
          <Link to="/journey" search={keepDashboard} activeOptions={{ includeSearch: false }}>
            {t.nav.journey}
          </Link>
          <Link to="/customers" search={keepLang} activeOptions={{ includeSearch: false }}>
            {t.nav.customers}
          </Link>
          {items.includes('cases') ? (
            <Link
              to="/cases"
              search={keepLang}
              activeOptions={{ includeSearch: false }}
              data-testid="nav-cases"
            >
              {t.nav.followUp}
              {unread ? (
                <span className="nav-badge" data-testid="nav-unread">
                  <span aria-hidden="true">{unread}</span>
                  <span className="sr-only">{t.cases.unread(unread)}</span>
                </span>
              ) : null}
            </Link>
          ) : null}
          <Link to="/goals" search={keepLang} activeOptions={{ includeSearch: false }}>
            {t.nav.goals}
          </Link>
          {items.includes('admin') ? (
            <Link
              to="/admin/users"
              search={keepLang}
              className={isAdminPath(pathname) ? 'active' : undefined}
              data-testid="nav-admin"
            >
              {t.nav.admin}
            </Link>
          ) : null}
        </nav>
      )}
      <div className="header-tools">
        <LanguageSwitch />
        {session ? <AccountMenu session={session} /> : null}
      </div>
    </header>
  );
}
