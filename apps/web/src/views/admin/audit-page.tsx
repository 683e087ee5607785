import { AUDIT_ACTIONS, type ZAuditEntry } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import type { z } from 'zod';
import { auditQuery } from '../../api/queries.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useSearchUpdate } from '../../hooks/use-search-update.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { AUDIT_PAGE_SIZE, auditParams } from '../../lib/audit-query.ts';
import { csvFilename } from '../../lib/csv.ts';

type Entry = z.output<typeof ZAuditEntry>;

export function AuditPage() {
  const { t, fmt } = useI18n();
  const id = useId();
  const search = useSearch({ from: '/admin/audit' });
  const update = useSearchUpdate();
  const params = auditParams(search);
  const result = useQuery(auditQuery(params));
  const [draft, setDraft] = useState({
    user: search.user ?? '',
    from: search.from ?? '',
    to: search.to ?? '',
  });
  useEffect(
    () => setDraft({ user: search.user ?? '', from: search.from ?? '', to: search.to ?? '' }),
    [search.user, search.from, search.to],
  );

  const columns: Column<Entry>[] = [
    {
      key: 'at',
      header: t.admin.column.at,
      nowrap: true,
      cell: (e) => fmt.dateTime(e.at),
      csv: (e) => e.at,
    },
    {
      key: 'user',
      header: t.admin.column.user,
      cell: (e) => e.user_email ?? <span className="muted">{t.admin.system}</span>,
      csv: (e) => e.user_email ?? '',
    },
    {
      key: 'action',
      header: t.admin.column.action,
      cell: (e) => <code>{e.action}</code>,
      csv: (e) => e.action,
    },
    { key: 'target', header: t.admin.column.target, cell: (e) => e.target ?? '', csv: (e) => e.target ?? '' },
    {
      key: 'details',
      header: t.admin.column.details,
      cell: (e) => (e.details ? <span className="audit-details">{e.details}</span> : ''),
      csv: (e) => e.details ?? '',
    },
    { key: 'ip', header: t.admin.column.ip, nowrap: true, cell: (e) => e.ip ?? '', csv: (e) => e.ip ?? '' },
  ];
  const page = search.page ?? 1;

  return (
    <>
      <div className="page-head">
        <h1>{t.admin.audit}</h1>
      </div>
      <search>
        <form
          className="card card-pad admin-form-row"
          style={{ marginBottom: 16 }}
          onSubmit={(e) => {
            e.preventDefault();
            update({
              user: draft.user.trim() || undefined,
              from: draft.from || undefined,
              to: draft.to || undefined,
              page: undefined,
            });
          }}
        >
          <div className="field" style={{ flex: '1 1 220px' }}>
            <label htmlFor={`${id}-user`}>{t.admin.filterUser}</label>
            <input
              id={`${id}-user`}
              className="input"
              type="search"
              value={draft.user}
              autoComplete="off"
              onChange={(e) => setDraft({ ...draft, user: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-action`}>{t.admin.filterAction}</label>
            <select
              id={`${id}-action`}
              className="select"
              value={search.action ?? ''}
              onChange={(e) => update({ action: e.target.value || undefined, page: undefined })}
            >
              <option value="">{t.admin.anyAction}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t.admin.from}</label>
            <input
              id={`${id}-from`}
              className="input"
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t.admin.to}</label>
            <input
              id={`${id}-to`}
              className="input"
              type="date"
              value={draft.to}
              min={draft.from || undefined}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </div>
          <button type="submit" className="btn btn-primary">
            {t.admin.apply}
          </button>
          {search.user || search.action || search.from || search.to ? (
            <button
              type="button"
              className="btn-link"
              onClick={() =>
                update({
                  user: undefined,
                  action: undefined,
                  from: undefined,
                  to: undefined,
                  page: undefined,
                })
              }
            >
              {t.admin.clear}
            </button>
          ) : null}
        </form>
      </search>
      {result.isError ? (
        <ErrorState what={t.admin.audit} error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <TableSkeleton label={t.state.loading} />
      ) : result.data.items.length === 0 ? (
        <EmptyState title={t.admin.noEntries} hint={t.admin.noEntriesHint} />
      ) : (
        <div aria-busy={result.isPlaceholderData}>
          <DataTable
            caption={t.admin.audit}
            columns={columns}
            rows={result.data.items}
            rowKey={(e) => e.id}
            csvFilename={csvFilename([
              'parcours',
              'audit',
              search.user,
              search.action,
              search.from,
              search.to,
              page > 1 ? `page-${page}` : undefined,
            ])}
            testId="audit-table"
            summary={t.admin.entries(fmt.integer(result.data.total))}
          />
          <Pagination
            page={page}
            pageSize={AUDIT_PAGE_SIZE}
            total={result.data.total}
            onPage={(p) => update({ page: p > 1 ? p : undefined })}
          />
        </div>
      )}
    </>
  );
}
