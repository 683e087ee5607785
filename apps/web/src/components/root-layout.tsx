import { useQuery } from '@tanstack/react-query';
import { Outlet, useRouterState, useSearch } from '@tanstack/react-router';
import { useEffect } from 'react';
import { BROWSER_ZONE } from '../api/org-zone.ts';
import { sessionQuery, settingsQuery } from '../api/queries.ts';
import { hasSessionHint } from '../api/session.ts';
import { cachedSettings, cacheSettings } from '../api/settings-cache.ts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { rememberLocale, resolveLocale } from '../i18n/locale.ts';
import { AppHeader } from './app-header.tsx';

export function RootLayout() {
  const { lang } = useSearch({ from: '__root__' });
  const locale = resolveLocale(lang);
  const onLogin = useRouterState({ select: (s) => s.location.pathname === '/login' });
  // signed out (no session hint), the router is on its way to the sign-in page: ask nothing
  const signedIn = !onLogin && hasSessionHint();
  const settings = useQuery({ ...settingsQuery, placeholderData: cachedSettings, enabled: signedIn });
  // who is signed in, and the CSRF token the fetch wrapper sends with every change
  const session = useQuery({ ...sessionQuery, enabled: signedIn });

  useEffect(() => {
    if (lang) rememberLocale(lang);
  }, [lang]);
  useEffect(() => {
    if (settings.data && !settings.isPlaceholderData) cacheSettings(settings.data);
  }, [settings.data, settings.isPlaceholderData]);

  // until the settings answer (first visit only: they are kept for the next), "today" is the
  // browser's; the views start loading at once and reload only if the organisation's day differs
  return (
    <I18nProvider
      locale={locale}
      timeZone={settings.data?.time_zone ?? BROWSER_ZONE}
      currency={settings.data?.currency ?? 'EUR'}
    >
      <AppHeader
        orgName={settings.data?.name}
        session={onLogin ? null : (session.data ?? null)}
        minimal={onLogin}
      />
      <Outlet />
    </I18nProvider>
  );
}
