import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { referenceQuery, sessionQuery } from '../api/queries.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { capitalised, scopeName } from '../lib/access.ts';

/**
 * A refused page (403, or a page the user's role does not offer): what was refused, why,
 * and a way back to what the user may see. Never a blank page.
 */
export function Forbidden({ what, why, detail }: { what: string; why?: string; detail?: string }) {
  const { t } = useI18n();
  const { lang } = useSearch({ strict: false }) as { lang?: 'fr' | 'en' };
  const session = useQuery(sessionQuery).data;
  const reference = useQuery({ ...referenceQuery, enabled: session?.scope.kind !== 'all' }).data;
  const scope = session ? scopeName(session.scope, reference) : null;
  const reason = why ?? (scope ? t.access.outOfScope(what, scope) : t.access.outOfScopeAll(what));
  return (
    <div className="state-box state-forbidden" role="alert" data-testid="forbidden">
      <svg width="36" height="36" viewBox="0 0 24 24" aria-hidden="true" className="forbidden-icon">
        <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M5 19 L19 5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <h2>{t.access.title}</h2>
      <p className="forbidden-text">{reason}</p>
      {detail ? <p className="forbidden-text muted">{detail}</p> : null}
      {session ? (
        <p className="forbidden-text muted">
          {t.access.signedInAs} {session.user.name} · {capitalised(t.auth.roles[session.user.role])}
          {scope ? ` · ${scope}` : ''}
        </p>
      ) : null}
      <Link to="/" search={{ lang }} className="btn btn-primary">
        {t.access.backToScope}
      </Link>
    </div>
  );
}
