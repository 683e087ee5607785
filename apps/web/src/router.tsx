import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
  stripSearchParams,
} from '@tanstack/react-router';
import { knownTimeZone } from './api/org-zone.ts';
import { kpisQuery } from './api/queries.ts';
import { hasSessionHint } from './api/session.ts';
import { DashboardLayout } from './components/dashboard-layout.tsx';
import { NotFound } from './components/not-found.tsx';
import { RootLayout } from './components/root-layout.tsx';
import { dashboardOf } from './hooks/use-dashboard.ts';
import { todayIn } from './lib/dates.ts';
import {
  parseSearch,
  ZAuditSearch,
  ZCasesSearch,
  ZCustomerSearch,
  ZCustomersSearch,
  ZDashboardSearch,
  ZDepartmentSearch,
  ZDrillSearch,
  ZGoalsSearch,
  ZJourneySearch,
  ZLangSearch,
  ZLoginSearch,
} from './lib/search.ts';
import { parseSearchString, stringifySearchObject } from './lib/search-serialize.ts';
import { OverviewPage } from './views/overview/overview-page.tsx';

export type RouterContext = { queryClient: QueryClient };

const rootRoute = createRootRouteWithContext<RouterContext>()({
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZLangSearch, raw),
  // no session in this browser: straight to the sign-in page, then back here
  beforeLoad: ({ location, search }) => {
    if (location.pathname === '/login' || hasSessionHint()) return;
    throw redirect({ to: '/login', search: { redirect: location.href, lang: search.lang }, replace: true });
  },
  component: RootLayout,
  notFoundComponent: NotFound,
});

/** the analytical views share the period picker and the filter bar */
const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'dashboard',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZDashboardSearch, raw),
  component: DashboardLayout,
});

const overviewRoute = createRoute({
  getParentRoute: () => dashboardRoute,
  path: '/',
  loaderDeps: ({ search }) => parseSearch(ZDashboardSearch, search),
  // ask for the tiles' figures as the route matches, before the page renders (not awaited: the page shows skeletons)
  loader: ({ context, deps }) => {
    const { window, filters } = dashboardOf(deps, todayIn(knownTimeZone(context.queryClient)));
    void context.queryClient.prefetchQuery(kpisQuery({ from: window.from, to: window.to, filters }));
  },
  component: OverviewPage,
});

const departmentRoute = createRoute({
  getParentRoute: () => dashboardRoute,
  path: 'departments/$departmentId',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZDepartmentSearch, raw),
  component: lazyRouteComponent(() => import('./views/department/department-page.tsx'), 'DepartmentPage'),
});

const journeyRoute = createRoute({
  getParentRoute: () => dashboardRoute,
  path: 'journey',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZJourneySearch, raw),
  search: { middlewares: [stripSearchParams({ kpi: 'nps', cols: 'channel' })] },
  component: lazyRouteComponent(() => import('./views/journey/journey-page.tsx'), 'JourneyPage'),
});

const drillRoute = createRoute({
  getParentRoute: () => dashboardRoute,
  path: 'kpis/$kpi/records',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZDrillSearch, raw),
  search: { middlewares: [stripSearchParams({ sort: 'recent', page: 1 })] },
  component: lazyRouteComponent(() => import('./views/drill/drill-page.tsx'), 'DrillPage'),
});

const customersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'customers',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZCustomersSearch, raw),
  search: { middlewares: [stripSearchParams({ page: 1, q: '' })] },
  component: lazyRouteComponent(() => import('./views/customers/customers-page.tsx'), 'CustomersPage'),
});

const customerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'customers/$customerId',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZCustomerSearch, raw),
  component: lazyRouteComponent(() => import('./views/customers/customer-page.tsx'), 'CustomerPage'),
});

const casesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'cases',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZCasesSearch, raw),
  search: { middlewares: [stripSearchParams({ page: 1 })] },
  component: lazyRouteComponent(() => import('./views/cases/cases-page.tsx'), 'CasesPage'),
});

const caseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'cases/$caseId',
  component: lazyRouteComponent(() => import('./views/cases/case-page.tsx'), 'CasePage'),
});

const goalsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'goals',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZGoalsSearch, raw),
  component: lazyRouteComponent(() => import('./views/goals/goals-page.tsx'), 'GoalsPage'),
});

const goalEditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'goals/$goalId',
  component: lazyRouteComponent(() => import('./views/goals/goal-edit-page.tsx'), 'GoalEditPage'),
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZLoginSearch, raw),
  component: lazyRouteComponent(() => import('./views/login/login-page.tsx'), 'LoginPage'),
});

/** admin pages: the layout refuses other roles (the server does too) */
const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'admin',
  component: lazyRouteComponent(() => import('./views/admin/admin-layout.tsx'), 'AdminLayout'),
});

const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: ({ search }) => {
    throw redirect({ to: '/admin/users', search: { lang: (search as { lang?: 'fr' | 'en' }).lang } });
  },
});

const adminUsersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'users',
  component: lazyRouteComponent(() => import('./views/admin/users-page.tsx'), 'UsersPage'),
});

const adminTokensRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'tokens',
  component: lazyRouteComponent(() => import('./views/admin/tokens-page.tsx'), 'TokensPage'),
});

const adminAuditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'audit',
  validateSearch: (raw: Record<string, unknown>) => parseSearch(ZAuditSearch, raw),
  search: { middlewares: [stripSearchParams({ page: 1 })] },
  component: lazyRouteComponent(() => import('./views/admin/audit-page.tsx'), 'AuditPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  dashboardRoute.addChildren([overviewRoute, departmentRoute, journeyRoute, drillRoute]),
  customersRoute,
  customerRoute,
  casesRoute,
  caseRoute,
  goalsRoute,
  goalEditRoute,
  adminRoute.addChildren([adminIndexRoute, adminUsersRoute, adminTokensRoute, adminAuditRoute]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    parseSearch: parseSearchString,
    stringifySearch: stringifySearchObject,
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
