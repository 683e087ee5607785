/**
 * Query keys and queryOptions for every server read, in one place, so views, loaders and
 * mutations agree on keys and invalidation.
 */
import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { CaseQuery } from '../lib/cases.ts';
import { type ApiFilters, type AuditParams, api, type DrillParams, type KpiParams } from './endpoints.ts';

const HOUR = 3_600_000;

export const queryKeys = {
  session: ['session'] as const,
  demoAccounts: ['demo-accounts'] as const,
  settings: ['settings'] as const,
  reference: ['reference'] as const,
  kpiDefinitions: ['kpi-definitions'] as const,
  kpis: (p: KpiParams) => ['kpis', p] as const,
  records: (p: DrillParams) => ['records', p] as const,
  customers: (p: { q: string; page: number; pageSize: number }) => ['customers', 'search', p] as const,
  customer: (id: string) => ['customers', 'one', id] as const,
  timeline: (id: string) => ['customers', 'timeline', id] as const,
  goals: (period?: string) => ['goals', 'list', period ?? 'all'] as const,
  goalsAll: ['goals'] as const,
  goal: (id: string) => ['goals', 'one', id] as const,
  goalStatus: (period: string) => ['goals', 'status', period] as const,
  users: ['admin', 'users'] as const,
  tokens: ['admin', 'tokens'] as const,
  audit: (p: AuditParams) => ['admin', 'audit', p] as const,
  casesAll: ['cases'] as const,
  cases: (p: CaseQuery) => ['cases', 'list', p] as const,
  case: (id: string) => ['cases', 'one', id] as const,
  rootCauses: (p: { from: string; to: string; filters: ApiFilters }) => ['cases', 'root-causes', p] as const,
  notifications: ['notifications'] as const,
};

export const casesQuery = (p: CaseQuery) =>
  queryOptions({
    queryKey: queryKeys.cases(p),
    queryFn: ({ signal }) => api.cases(p, signal),
    placeholderData: keepPreviousData,
  });

export const caseQuery = (id: string) =>
  queryOptions({ queryKey: queryKeys.case(id), queryFn: ({ signal }) => api.case(id, signal) });

export const rootCausesQuery = (p: { from: string; to: string; filters: ApiFilters }) =>
  queryOptions({
    queryKey: queryKeys.rootCauses(p),
    queryFn: ({ signal }) => api.rootCauses(p, signal),
    placeholderData: keepPreviousData,
  });

export const notificationsQuery = queryOptions({
  queryKey: queryKeys.notifications,
  queryFn: ({ signal }) => api.notifications(signal),
  refetchInterval: 60_000,
  staleTime: 30_000,
});

export const sessionQuery = queryOptions({
  queryKey: queryKeys.session,
  queryFn: ({ signal }) => api.session(signal),
  staleTime: 5 * 60_000,
  retry: false,
});

export const demoAccountsQuery = queryOptions({
  queryKey: queryKeys.demoAccounts,
  queryFn: ({ signal }) => api.demoAccounts(signal),
  staleTime: 5 * 60_000,
});

export const settingsQuery = queryOptions({
  queryKey: queryKeys.settings,
  queryFn: ({ signal }) => api.settings(signal),
  staleTime: HOUR,
});

export const referenceQuery = queryOptions({
  queryKey: queryKeys.reference,
  queryFn: ({ signal }) => api.reference(signal),
  staleTime: 5 * 60_000,
});

export const kpiDefinitionsQuery = queryOptions({
  queryKey: queryKeys.kpiDefinitions,
  queryFn: ({ signal }) => api.kpiDefinitions(signal),
  staleTime: HOUR,
});

export const kpisQuery = (p: KpiParams) =>
  queryOptions({
    queryKey: queryKeys.kpis(p),
    queryFn: ({ signal }) => api.kpis(p, signal),
    placeholderData: keepPreviousData,
  });

export const recordsQuery = (p: DrillParams) =>
  queryOptions({
    queryKey: queryKeys.records(p),
    queryFn: ({ signal }) => api.records(p, signal),
    placeholderData: keepPreviousData,
  });

export const customersQuery = (p: { q: string; page: number; pageSize: number }) =>
  queryOptions({
    queryKey: queryKeys.customers(p),
    queryFn: ({ signal }) => api.customers(p, signal),
    placeholderData: keepPreviousData,
  });

export const customerQuery = (id: string) =>
  queryOptions({ queryKey: queryKeys.customer(id), queryFn: ({ signal }) => api.customer(id, signal) });

export const TIMELINE_PAGE = 25;

export const timelineQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: queryKeys.timeline(id),
    queryFn: ({ pageParam, signal }) => api.timeline(id, pageParam, TIMELINE_PAGE, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const goalsQuery = (period?: string) =>
  queryOptions({ queryKey: queryKeys.goals(period), queryFn: ({ signal }) => api.goals({ period }, signal) });

export const goalStatusQuery = (period: string) =>
  queryOptions({
    queryKey: queryKeys.goalStatus(period),
    queryFn: ({ signal }) => api.goalStatus(period, signal),
  });

export const usersQuery = queryOptions({
  queryKey: queryKeys.users,
  queryFn: ({ signal }) => api.users(signal),
});

export const tokensQuery = queryOptions({
  queryKey: queryKeys.tokens,
  queryFn: ({ signal }) => api.tokens(signal),
});

export const auditQuery = (p: AuditParams) =>
  queryOptions({
    queryKey: queryKeys.audit(p),
    queryFn: ({ signal }) => api.audit(p, signal),
    placeholderData: keepPreviousData,
  });
