import type { CaseList } from '@parcours/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useId } from 'react';
import { api } from '../../api/endpoints.ts';
import { casesQuery, queryKeys, referenceQuery } from '../../api/queries.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useSession } from '../../hooks/use-access.ts';
import { useSearchUpdate } from '../../hooks/use-search-update.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { scopedReference } from '../../lib/access.ts';
import { CASES_PAGE_SIZE, caseListParams, defaultOwner, OWNER_ANY } from '../../lib/cases.ts';
import { csvFilename } from '../../lib/csv.ts';
import { DueBadge } from './due-badge.tsx';

type Item = CaseList['items'][number];

/** The follow-up queue: a team lead's cases to dispatch, an agent's own cases by default. */
export function CasesPage() {
  const { t, fmt, locale } = useI18n();
  const id = useId();
  const search = useSearch({ from: '/cases' });
  const update = useSearchUpdate();
  const session = useSession();
  const role = session?.user.role;
  const params = caseListParams(search, role);
  const result = useQuery({ ...casesQuery(params), enabled: session !== undefined });
  const reference = useQuery(referenceQuery);
  const teams = reference.data && session ? scopedReference(reference.data, session.scope).teams : [];
  const owner = search.owner ?? defaultOwner(role) ?? OWNER_ANY;
  const page = search.page ?? 1;

  const columns: Column<Item>[] = [
    {
      key: 'due',
      header: t.cases.column.due,
      nowrap: true,
      cell: (c) => (
        <span className="case-due">
          <DueBadge c={c} />
          <small className="muted">{fmt.dateTime(c.dueAt)}</small>
        </span>
      ),
      csv: (c) => c.dueAt,
    },
    {
      key: 'status',
      header: t.cases.column.status,
      nowrap: true,
      cell: (c) => t.cases.statuses[c.status],
      csv: (c) => c.status,
    },
    {
      key: 'customer',
      header: t.cases.column.customer,
      // every customer name leads to the customer (ui.md); the record leads to the case
      cell: (c) => (
        <Link
          to="/customers/$customerId"
          params={{ customerId: c.customerId }}
          search={{ lang: search.lang }}
          data-testid="customer-link"
        >
          {c.customerName}
        </Link>
      ),
      csv: (c) => c.customerName,
    },
    {
      key: 'record',
      header: t.cases.column.record,
      cell: (c) => (
        <Link
          to="/cases/$caseId"
          params={{ caseId: c.id }}
          search={{ lang: search.lang }}
          className="case-summary"
          data-testid="case-link"
        >
          {c.summary}
        </Link>
      ),
      csv: (c) => c.summary,
    },
    { key: 'rule', header: t.cases.column.rule, cell: (c) => c.ruleName, csv: (c) => c.ruleName },
    {
      key: 'touchpoint',
      header: t.cases.column.touchpoint,
      cell: (c) => c.touchpointName,
      csv: (c) => c.touchpointName,
    },
    { key: 'team', header: t.cases.column.team, cell: (c) => c.teamName, csv: (c) => c.teamName },
    {
      key: 'owner',
      header: t.cases.column.owner,
      cell: (c) => c.ownerName ?? <span className="muted">{t.cases.nobody}</span>,
      csv: (c) => c.ownerName ?? '',
    },
    {
      key: 'opened',
      header: t.cases.column.opened,
      nowrap: true,
      cell: (c) => fmt.dateTime(c.openedAt),
      csv: (c) => c.openedAt,
    },
  ];

  const counts = result.data?.counts;

  return (
    <main id="main" className="app-main" tabIndex={-1}>
      <div className="page-head">
        <div>
          <h1>{owner === 'me' ? t.cases.myCases : t.cases.queue}</h1>
          {counts ? (
            <p className="muted" data-testid="case-counts">
              {t.cases.counts(
                fmt.integer(counts.open),
                fmt.integer(counts.in_progress),
                fmt.integer(counts.overdue),
                fmt.integer(counts.closed),
              )}
            </p>
          ) : null}
        </div>
      </div>
      <search>
        <form
          className="card card-pad admin-form-row"
          style={{ marginBottom: 16 }}
          onSubmit={(e) => e.preventDefault()}
        >
          <div className="field">
            <label htmlFor={`${id}-owner`}>{t.cases.owner}</label>
            <select
              id={`${id}-owner`}
              className="select"
              value={owner}
              onChange={(e) => update({ owner: e.target.value, page: undefined })}
            >
              <option value={OWNER_ANY}>{t.cases.anyOwner}</option>
              <option value="me">{t.cases.myCases}</option>
              <option value="none">{t.cases.unassigned}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>{t.cases.status}</label>
            <select
              id={`${id}-status`}
              className="select"
              value={search.status ?? ''}
              onChange={(e) => update({ status: e.target.value || undefined, page: undefined })}
            >
              <option value="">{t.cases.toDo}</option>
              {(['open', 'in_progress', 'closed'] as const).map((s) => (
                <option key={s} value={s}>
                  {t.cases.statuses[s]}
                </option>
              ))}
              <option value="any">{t.cases.anyStatus}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-team`}>{t.cases.team}</label>
            <select
              id={`${id}-team`}
              className="select"
              value={search.team ?? ''}
              onChange={(e) => update({ team: e.target.value || undefined, page: undefined })}
            >
              <option value="">{t.cases.anyTeam}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-check">
            <label htmlFor={`${id}-overdue`}>
              <input
                id={`${id}-overdue`}
                type="checkbox"
                checked={search.overdue === true}
                onChange={(e) => update({ overdue: e.target.checked ? 'true' : undefined, page: undefined })}
              />{' '}
              {t.cases.overdueOnly}
              {counts ? ` (${fmt.integer(counts.overdue)})` : ''}
            </label>
          </div>
        </form>
      </search>
      {result.isError ? (
        <ErrorState what={t.cases.queue} error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <TableSkeleton label={t.state.loading} />
      ) : result.data.items.length === 0 ? (
        <EmptyState title={t.cases.none} hint={t.cases.noneHint} />
      ) : (
        <div aria-busy={result.isPlaceholderData}>
          <DataTable
            caption={t.cases.queue}
            columns={columns}
            rows={result.data.items}
            rowKey={(c) => c.id}
            csvFilename={csvFilename([
              'parcours',
              locale === 'fr' ? 'cas' : 'cases',
              owner === OWNER_ANY ? undefined : owner,
              search.status,
              search.team,
              search.overdue ? 'overdue' : undefined,
              page > 1 ? `page-${page}` : undefined,
            ])}
            testId="cases-table"
            summary={t.cases.total(fmt.integer(result.data.total))}
            rowAttributes={(c) => ({ 'data-overdue': String(c.overdue), 'data-case': c.id })}
          />
          <Pagination
            page={page}
            pageSize={CASES_PAGE_SIZE}
            total={result.data.total}
            onPage={(p) => update({ page: p > 1 ? p : undefined })}
          />
        </div>
      )}
    </main>
  );
}

/** The queue and the case page read the same cases: a change refreshes both, and the unread count. */
export function useCaseChange(caseId: string) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.casesAll });
    void queryClient.invalidateQueries({ queryKey: queryKeys.notifications });
    void queryClient.invalidateQueries({ queryKey: ['kpis'] });
  };
  const update = useMutation({
    mutationFn: (patch: Parameters<typeof api.updateCase>[1]) => api.updateCase(caseId, patch),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.case(caseId), detail);
      refresh();
    },
  });
  const note = useMutation({
    mutationFn: (text: string) => api.addCaseNote(caseId, text),
    onSuccess: refresh,
  });
  return { update, note };
}
