import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import { casesQuery } from '../../api/queries.ts';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { TO_DO } from '../../lib/cases.ts';
import { DueBadge } from './due-badge.tsx';

/** How many cases a home shows before "see all". */
const SHOWN = 6;

/**
 * The open and in-progress cases, due soonest first: a lead's department queue and an agent's
 * own cases on their homes, one customer's on their page (first, while they are on the line).
 * The server narrows to the user's scope; the full queue is one click away.
 */
export function OpenCasesPanel({
  owner,
  team,
  customer,
}: {
  owner?: 'me' | undefined;
  team?: string | undefined;
  customer?: string | undefined;
}) {
  const { t, fmt, locale } = useI18n();
  const id = useId();
  const result = useQuery(
    casesQuery({ status: TO_DO, owner, team, customer, sort: 'due', page: 1, pageSize: SHOWN }),
  );
  const queueSearch = { lang: locale, owner: owner ?? 'all', team };
  const title = customer ? t.home.customerOpenCases : owner === 'me' ? t.home.myOpenCases : t.home.openCases;
  // on a customer's page the panel is there only when something is open
  if (customer && result.data?.total === 0) return null;

  return (
    <section
      className={`card card-pad open-cases${customer ? ' open-cases-banner' : ''}`}
      aria-labelledby={`${id}-title`}
      data-testid="open-cases"
    >
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {result.data && result.data.total > 0 && !customer ? (
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
