/**
 * Pure helpers of the follow-up pages (/cases, /cases/$caseId): the queue's API query from
 * the URL and the role, how urgent a case is, and the checks of the closing form.
 */
import { ROOT_CAUSES, type Role, type RootCause } from '@parcours/domain';

export const CASES_PAGE_SIZE = 50;

export type CasesSearch = {
  status?: 'open' | 'in_progress' | 'closed' | 'any' | undefined;
  owner?: string | undefined;
  overdue?: boolean | undefined;
  team?: string | undefined;
  page?: number | undefined;
};

export type CaseQuery = {
  status?: string | readonly string[] | undefined;
  owner?: string | undefined;
  overdue?: 'true' | undefined;
  team?: string | undefined;
  customer?: string | undefined;
  sort: 'due';
  page: number;
  pageSize: number;
};

/** `all` in the URL means "whoever owns it" (so an agent can leave their default view). */
export const OWNER_ANY = 'all';

/** The owner filter a role starts with: an agent's queue is their own cases. */
export function defaultOwner(role: Role | undefined): string | undefined {
  return role === 'agent' ? 'me' : undefined;
}

/** The queue's statuses when the URL names none: the work still to do. */
export const TO_DO = ['open', 'in_progress'] as const;

/** The API query of the queue: the URL's filters, the role's default owner, open work first. */
export function caseListParams(search: CasesSearch, role: Role | undefined): CaseQuery {
  const owner = search.owner ?? defaultOwner(role);
  return {
    status: search.status === 'any' ? undefined : (search.status ?? TO_DO),
    owner: owner === OWNER_ANY ? undefined : owner,
    overdue: search.overdue ? 'true' : undefined,
    team: search.team,
    sort: 'due',
    page: search.page ?? 1,
    pageSize: CASES_PAGE_SIZE,
  };
}

export type DueState = 'closed' | 'overdue' | 'due_soon' | 'on_time';

/** How urgent a case is: overdue, due within `soonHours`, or on time. */
export function dueState(
  c: { status: string; dueAt: string; overdue?: boolean },
  now: number,
  soonHours = 12,
): DueState {
  if (c.status === 'closed') return 'closed';
  const due = Date.parse(c.dueAt);
  if (c.overdue || due < now) return 'overdue';
  if (due - now <= soonHours * 3_600_000) return 'due_soon';
  return 'on_time';
}

export type CloseDraft = { rootCause: string; resolution: string };
export type CloseErrors = Partial<Record<'rootCause' | 'resolution', 'required' | 'tooLong'>>;

/** The closing form's checks (the server checks again): a root cause of the list and a resolution. */
export function closeErrors(draft: CloseDraft): CloseErrors {
  const errors: CloseErrors = {};
  if (!(ROOT_CAUSES as readonly string[]).includes(draft.rootCause)) errors.rootCause = 'required';
  const text = draft.resolution.trim();
  if (text.length === 0) errors.resolution = 'required';
  else if (text.length > 5000) errors.resolution = 'tooLong';
  return errors;
}

export function closePatch(draft: CloseDraft): {
  status: 'closed';
  root_cause: RootCause;
  resolution: string;
} {
  return { status: 'closed', root_cause: draft.rootCause as RootCause, resolution: draft.resolution.trim() };
}

/** The unread count as the navigation shows it ("99+" past 99, nothing at 0). */
export function unreadBadge(unread: number | undefined): string | null {
  if (!unread || unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

/** The root-cause Pareto's rows as the 20/80 chart reads them, labelled in the page's language. */
export function rootCauseInputs(
  items: readonly { code: string; label: { en: string; fr: string }; count: number }[],
  locale: 'fr' | 'en',
): { key: string; label: string; value: number | null }[] {
  return items.map((i) => ({ key: i.code, label: i.label[locale], value: i.count }));
}
