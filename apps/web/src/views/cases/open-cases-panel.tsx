import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import { casesQuery } from '../../api/queries.ts';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { DueBadge } from './due-badge.tsx';

/** How many cases a home shows before "see all". */
const SHOWN = 6;

/**
 * The open and in-progress cases of a home page, due soonest first: a lead's department queue,
 * an agent's own cases. The server narrows to the user's scope; the full queue is one click away.
 */
export function OpenCasesPanel({ owner, team }: { owner?: 'me' | undefined; team?: string | undefined }) {
  const { t, fmt, locale } = useI18n();
  const id = useId();
  const result = useQuery(
    casesQuery({ status: ['open', 'in_progress'], owner, team, sort: 'due', page: 1, pageSize: SHOWN }),
  );
  const queueSearch = { lang: locale, owner: owner ?? 'all', team };

  return (
    <section className="card card-pad open-cases" aria-labelledby={`${id}-title`} data-testid="open-cases">
      <div className="section-head">
        <h2 id={`${id}-title`}>{owner === 'me' ? t.home.myOpenCases : t.home.openCases}</h2>
        {result.data && result.data.total > 0 ? (
          <Link to="/cases" search={queueSearch} className="btn">
            {t.home.allOpenCases(fmt.integer(result.data.total))}
          </Link>
        ) : null}
      </div>
      {result.isError ? (
        <ErrorState what={t.cases.queue} error={result.error} onRetry={() => void result.refetch()} />
      ) : !result.data ? (
        <TableSkeleton label={t.state.loading} rows={3} />
      ) : result.data.items.length === 0 ? (
        <EmptyState title={owner === 'me' ? t.home.noOpenCaseOfMine : t.home.noOpenCase} />
      ) : (
        <ul className="open-case-list">
          {result.data.items.map((c) => (
            <li key={c.id} data-case={c.id} data-due={c.overdue ? 'overdue' : undefined}>
              <span className="case-due">
                <DueBadge c={c} />
                <small className="muted">{fmt.dateTime(c.dueAt)}</small>
              </span>
              <span className="open-case-what">
                <Link
                  to="/customers/$customerId"
                  params={{ customerId: c.customerId }}
                  search={{ lang: locale }}
                >
                  {c.customerName}
                </Link>
                <Link
                  to="/cases/$caseId"
                  params={{ caseId: c.id }}
                  search={{ lang: locale }}
                  className="open-case-summary"
                  data-testid="case-link"
                >
                  {c.touchpointName} · {c.summary}
                </Link>
              </span>
              <span className="muted">{c.ownerName ?? t.cases.nobody}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
