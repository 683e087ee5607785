import { CALLER_IDENTIFICATION_HOURS } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { customersQuery } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useSession } from '../../hooks/use-access.ts';
import { useSearchUpdate } from '../../hooks/use-search-update.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename } from '../../lib/csv.ts';
import { OpenCasesPanel } from '../cases/open-cases-panel.tsx';
import { customerColumns } from '../drill/record-columns.tsx';

const PAGE_SIZE = 25;

export function CustomersPage() {
  const { t, fmt } = useI18n();
  const search = useSearch({ from: '/customers' });
  const update = useSearchUpdate();
  const id = useId();
  const q = search.q ?? '';
  const page = search.page ?? 1;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const result = useQuery(customersQuery({ q, page, pageSize: PAGE_SIZE }));
  // an agent works here, one caller at a time: their own open cases stay in view
  const session = useSession();
  const agent = session?.user.role === 'agent';
  // a scoped user's search finds the customers their teams dealt with, or a caller named exactly
  const scoped = session !== undefined && session.scope.kind !== 'all';
  // before a search, their cases come first; during one, the matches do
  const casesPanel = (
    <div className="section">
      <OpenCasesPanel owner="me" />
    </div>
  );

  return (
    <main id="main" className="app-main" tabIndex={-1}>
      <div className="page-head">
        <div>
          <h1>{agent ? t.home.agentTitle : t.customers.title}</h1>
          {agent ? <p className="muted">{t.home.agentIntro}</p> : null}
        </div>
      </div>
      <search>
        <form
          className="card card-pad"
          style={{ display: 'flex', gap: 10, alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: 16 }}
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: text.trim() || undefined, page: undefined });
          }}
        >
          <div className="field" style={{ flex: '1 1 320px' }}>
            <label htmlFor={`${id}-q`}>{t.customers.search}</label>
            <input
              id={`${id}-q`}
              className="input"
              type="search"
              value={text}
              placeholder={t.customers.searchPlaceholder}
              onChange={(e) => setText(e.target.value)}
              autoComplete="off"
            />
          </div>
          <button type="submit" className="btn btn-primary">
            {t.customers.searchButton}
          </button>
        </form>
      </search>
      {agent && !q ? casesPanel : null}
      {result.isError ? (
        <ErrorState
          what={t.state.what.customers}
          error={result.error}
          onRetry={() => void result.refetch()}
        />
      ) : !result.data ? (
        <TableSkeleton label={t.state.loading} />
      ) : result.data.identified ? (
        <section className="card card-pad notice-identified" role="status" data-testid="caller-identified">
          <h2>{t.customers.identifiedTitle}</h2>
          <p className="notice-identified-text">
            {t.customers.identified(result.data.identified.name, CALLER_IDENTIFICATION_HOURS)}
          </p>
          <Link
            to="/customers/$customerId"
            params={{ customerId: result.data.identified.id }}
            search={{ lang: search.lang }}
            className="btn btn-primary"
          >
            {t.customers.openIdentified(result.data.identified.name)}
          </Link>
        </section>
      ) : result.data.items.length === 0 ? (
        <EmptyState
          title={!q ? t.customers.none : scoped ? t.customers.emptyScoped(q) : t.customers.empty(q)}
          hint={!q ? undefined : scoped ? t.customers.emptyScopedHint : t.customers.emptyHint}
        />
      ) : (
        <div aria-busy={result.isPlaceholderData}>
          <DataTable
            caption={t.customers.title}
            columns={customerColumns({ t, fmt, lang: search.lang })}
            rows={result.data.items}
            rowKey={(r) => r.id}
            csvFilename={csvFilename(['parcours', 'customers', q, page > 1 ? `page-${page}` : undefined])}
            testId="customers-table"
            summary={t.customers.results(fmt.integer(result.data.total))}
          />
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={result.data.total}
            onPage={(p) => update({ page: p > 1 ? p : undefined })}
          />
        </div>
      )}
      {agent && q ? casesPanel : null}
    </main>
  );
}
