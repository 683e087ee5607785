import type { AuditParams } from '../api/endpoints.ts';
import { addDays } from './dates.ts';
import type { AuditSearch } from './search.ts';

export const AUDIT_PAGE_SIZE = 50;

/** The API query of the audit page's URL: the "to" day is inclusive, the API's bound is not. */
export function auditParams(search: AuditSearch): AuditParams {
  return {
    user: search.user || undefined,
    action: search.action,
    from: search.from,
    to: search.to ? addDays(search.to, 1) : undefined,
    page: search.page ?? 1,
    pageSize: AUDIT_PAGE_SIZE,
  };
}
