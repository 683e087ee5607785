import type { SessionInfo } from '@parcours/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api } from '../api/endpoints.ts';
import { referenceQuery } from '../api/queries.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { scopeName } from '../lib/access.ts';

/** Who is signed in, their role and scope, and signing out (which forgets everything loaded). */
export function AccountMenu({ session }: { session: SessionInfo }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const scoped = session.scope.kind !== 'all';
  const reference = useQuery({ ...referenceQuery, enabled: scoped });
  // the scope's name comes with the reference data (never its bare id)
  const scope = reference.data ? scopeName(session.scope, reference.data) : null;
  const logout = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      void navigate({ to: '/login', search: { lang: locale } });
    },
  });
  return (
    <div className="account" data-testid="account">
      <span className="account-who">
        <span className="account-name">{session.user.name}</span>
        <span className="account-role" data-testid="account-role">
          {t.auth.roles[session.user.role]}
          {scope ? (
            <span className="account-scope" data-testid="account-scope" title={t.access.scope(scope)}>
              {' · '}
              {scope}
            </span>
          ) : null}
        </span>
      </span>
      <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
        {t.auth.signOut}
      </button>
    </div>
  );
}
