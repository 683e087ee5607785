import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isApiError } from './api/api-error.ts';
import { queryKeys, settingsQuery } from './api/queries.ts';
import { hasSessionHint, setUnauthorizedHandler } from './api/session.ts';
import { createAppRouter } from './router.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // a 4xx will not get better by asking again
      retry: (count, error) => count < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
    },
  },
});

// the organisation's time zone and currency: ask before the first render (signed in only)
if (hasSessionHint()) void queryClient.prefetchQuery(settingsQuery);

const router = createAppRouter(queryClient);

// a 401 anywhere: forget what was loaded and ask the user to sign in, then come back here
let redirecting = false;
setUnauthorizedHandler(() => {
  const location = router.state.location;
  if (redirecting || location.pathname === '/login' || window.location.pathname === '/login') return;
  redirecting = true;
  const hadSession = queryClient.getQueryData(queryKeys.session) !== undefined;
  const lang = new URLSearchParams(window.location.search).get('lang') ?? undefined;
  queryClient.clear();
  void router
    .navigate({
      to: '/login',
      search: {
        redirect: location.href,
        expired: hadSession ? 1 : undefined,
        lang: lang === 'fr' || lang === 'en' ? lang : undefined,
      },
      replace: true,
    })
    .finally(() => {
      redirecting = false;
    });
});

export function mountApp(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
