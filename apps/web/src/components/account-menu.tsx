import type { SessionInfo } from '@parcours/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api } from '../api/endpoints.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Who is signed in, and signing out (which forgets everything loaded). */
export function AccountMenu({ session }: { session: SessionInfo }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      void navigate({ to: '/login', search: { lang: locale } });
    },
  });
  return (
    <div className="account">
      <span>{t.auth.account(session.user.name, t.auth.roles[session.user.role])}</span>
      <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
        {t.auth.signOut}
      </button>
    </div>
  );
}
