import type { SessionInfo } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouterState } from '@tanstack/react-router';
import { referenceQuery } from '../api/queries.ts';
import { useIdle } from '../hooks/use-idle.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
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
  const inDepartments = pathname.startsWith('/departments/');

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
          <details ref={menu.ref} className={`nav-menu${inDepartments ? ' active' : ''}`}>
            <summary aria-current={inDepartments ? 'page' : undefined}>{t.nav.departments}</summary>
            <div className="menu-panel">
              {(reference.data?.departments ?? []).map((d) => (
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
          <Link to="/journey" search={keepDashboard} activeOptions={{ includeSearch: false }}>
            {t.nav.journey}
          </Link>
          <Link to="/customers" search={keepLang} activeOptions={{ includeSearch: false }}>
            {t.nav.customers}
          </Link>
          <Link to="/goals" search={keepLang} activeOptions={{ includeSearch: false }}>
            {t.nav.goals}
          </Link>
        </nav>
      )}
      <div className="header-tools">
        <LanguageSwitch />
        {session ? <AccountMenu session={session} /> : null}
      </div>
    </header>
  );
}
