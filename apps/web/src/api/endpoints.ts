/** One function per API operation, each parsed with its contract schema. */
import {
  type CasePatch,
  type CostRefusal,
  dayRangeGroupRefusal,
  type GoalInput,
  type GoalPatch,
  type GroupBy,
  isTimeGrain,
  type KpiId,
  type Role,
  TOO_COSTLY,
  ZAuditList,
  ZCaseDetail,
  ZCaseEvent,
  ZCaseList,
  ZCreatedToken,
  ZCustomerList,
  ZCustomerProfile,
  ZDemoAccounts,
  ZDrillResponse,
  ZGoal,
  ZGoalStatusResponse,
  ZKpiDefinition,
  ZKpiResponse,
  ZNotificationList,
  ZNotificationsReadResult,
  ZReference,
  ZRootCausePareto,
  ZSession,
  ZSettings,
  ZTimeline,
  ZToken,
  ZUser,
} from '@parcours/domain';
import { z } from 'zod';
import type { CaseQuery } from '../lib/cases.ts';
import { addDays, isPlainDate } from '../lib/dates.ts';
import type { ApiFilters } from '../lib/filters.ts';
import { ApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
import { dropEarly } from './early-fetch.ts';
import { kpiQueryParams } from './kpi-url.ts';
import { setCsrfToken } from './session.ts';

export type { ApiFilters };
export type KpiParams = {
  from: string;
  to: string;
  filters: ApiFilters;
  groupBy?: GroupBy | undefined;
  kpis?: readonly KpiId[] | undefined;
  compare?: boolean | undefined;
};
export type DrillParams = {
  kpi: KpiId;
  from: string;
  to: string;
  filters: ApiFilters;
  subset?: string | undefined;
  sort: 'recent' | 'value';
  page: number;
  pageSize: number;
};

const ZNoContent = z.null();

/**
 * The server's group-by limit, checked here for a time grain: the app's windows are plain
 * days, which the server reads as local midnights, so the days are the same in any zone.
 */
export function kpiCostRefusal(p: KpiParams): CostRefusal | null {
  if (p.groupBy === undefined || !isTimeGrain(p.groupBy) || !isPlainDate(p.from) || !isPlainDate(p.to))
    return null;
  return dayRangeGroupRefusal({ first: p.from, last: addDays(p.to, -1) }, p.groupBy);
}

export type NewUser = {
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  password: string;
};
export type UserChange = { role?: Role; team_id?: string | null; disabled?: boolean };
export type AuditParams = {
  user?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
};

export const api = {
  session: async (signal?: AbortSignal) => {
    const session = await apiRequest('/session', { schema: ZSession, signal });
    setCsrfToken(session.csrfToken);
    return session;
  },
  login: async (credentials: { email: string; password: string }) => {
    const session = await apiRequest('/session', { schema: ZSession, method: 'POST', body: credentials });
    setCsrfToken(session.csrfToken);
    // what was asked before signing in was asked as nobody
    dropEarly();
    return session;
  },
  /** the demo's accounts, for the sign-in page (an empty list outside the demo) */
  demoAccounts: (signal?: AbortSignal) => apiRequest('/demo-accounts', { schema: ZDemoAccounts, signal }),
  logout: async () => {
    await apiRequest('/session', { schema: ZNoContent, method: 'DELETE' });
    setCsrfToken(null);
  },
  /** the audit trail records every CSV export: which view, how many rows, which filters */
  exportNotice: (notice: { view: string; rows: number; filters: string }) =>
    apiRequest('/audit/exports', { schema: ZNoContent, method: 'POST', body: notice }),
  settings: (signal?: AbortSignal) => apiRequest('/settings', { schema: ZSettings, signal }),
  reference: (signal?: AbortSignal) => apiRequest('/reference', { schema: ZReference, signal }),
  kpiDefinitions: (signal?: AbortSignal) =>
    apiRequest('/kpi-definitions', { schema: z.array(ZKpiDefinition), signal }),
  kpis: async (p: KpiParams, signal?: AbortSignal) => {
    // the server would refuse it: say so without asking (the views never build one)
    const refusal = kpiCostRefusal(p);
    if (refusal) throw new ApiError(400, TOO_COSTLY, refusal.message, refusal.details);
    return apiRequest('/kpis', { schema: ZKpiResponse, signal, query: kpiQueryParams(p), expensive: true });
  },
  records: (p: DrillParams, signal?: AbortSignal) =>
    apiRequest(`/kpis/${encodeURIComponent(p.kpi)}/records`, {
      schema: ZDrillResponse,
      signal,
      expensive: true,
      query: {
        from: p.from,
        to: p.to,
        ...p.filters,
        subset: p.subset,
        sort: p.sort,
        page: p.page,
        pageSize: p.pageSize,
      },
    }),
  customers: (p: { q: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    apiRequest('/customers', { schema: ZCustomerList, signal, query: p, expensive: true }),
  customer: (id: string, signal?: AbortSignal) =>
    apiRequest(`/customers/${encodeURIComponent(id)}`, { schema: ZCustomerProfile, signal, expensive: true }),
  timeline: (id: string, cursor: string | undefined, limit: number, signal?: AbortSignal) =>
    apiRequest(`/customers/${encodeURIComponent(id)}/timeline`, {
      schema: ZTimeline,
      signal,
      query: { cursor, limit },
    }),
  goals: (p: { period?: string | undefined }, signal?: AbortSignal) =>
    apiRequest('/goals', { schema: z.array(ZGoal), signal, query: p }),
  goalStatus: (period: string, signal?: AbortSignal) =>
    apiRequest('/goals/status', { schema: ZGoalStatusResponse, signal, query: { period }, expensive: true }),
  createGoal: (input: GoalInput) => apiRequest('/goals', { schema: ZGoal, method: 'POST', body: input }),
  updateGoal: (id: string, patch: GoalPatch) =>
    apiRequest(`/goals/${encodeURIComponent(id)}`, { schema: ZGoal, method: 'PATCH', body: patch }),
  deleteGoal: (id: string) =>
    apiRequest(`/goals/${encodeURIComponent(id)}`, { schema: ZNoContent, method: 'DELETE' }),
  users: (signal?: AbortSignal) => apiRequest('/users', { schema: z.array(ZUser), signal }),
  createUser: (input: NewUser) => apiRequest('/users', { schema: ZUser, method: 'POST', body: input }),
  updateUser: (id: string, patch: UserChange) =>
    apiRequest(`/users/${encodeURIComponent(id)}`, { schema: ZUser, method: 'PATCH', body: patch }),
  tokens: (signal?: AbortSignal) => apiRequest('/tokens', { schema: z.array(ZToken), signal }),
  createToken: (name: string) =>
    apiRequest('/tokens', { schema: ZCreatedToken, method: 'POST', body: { name } }),
  revokeToken: (id: string) =>
    apiRequest(`/tokens/${encodeURIComponent(id)}`, { schema: ZToken, method: 'DELETE' }),
  cases: (p: CaseQuery, signal?: AbortSignal) =>
    apiRequest('/cases', { schema: ZCaseList, signal, query: p }),
  case: (id: string, signal?: AbortSignal) =>
    apiRequest(`/cases/${encodeURIComponent(id)}`, { schema: ZCaseDetail, signal }),
  updateCase: (id: string, patch: CasePatch) =>
    apiRequest(`/cases/${encodeURIComponent(id)}`, { schema: ZCaseDetail, method: 'PATCH', body: patch }),
  addCaseNote: (id: string, text: string) =>
    apiRequest(`/cases/${encodeURIComponent(id)}/notes`, {
      schema: ZCaseEvent,
      method: 'POST',
      body: { text },
    }),
  rootCauses: (p: { from: string; to: string; filters: ApiFilters }, signal?: AbortSignal) =>
    apiRequest('/cases/root-causes', {
      schema: ZRootCausePareto,
      signal,
      expensive: true,
      query: { from: p.from, to: p.to, ...p.filters },
    }),
  notifications: (signal?: AbortSignal) =>
    apiRequest('/notifications', { schema: ZNotificationList, signal, query: { unread: 'true', limit: 20 } }),
  readNotifications: (ids: string[]) =>
    apiRequest('/notifications/read', { schema: ZNotificationsReadResult, method: 'POST', body: { ids } }),
  audit: (p: AuditParams, signal?: AbortSignal) =>
    apiRequest('/audit', { schema: ZAuditList, signal, query: p }),
};
