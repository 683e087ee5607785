import { KPI_IDS, KPIS } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { isApiError } from '../../api/api-error.ts';
import { customerQuery } from '../../api/queries.ts';
import { LowSampleBadge } from '../../components/low-sample-badge.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { kpiTileModel } from '../../lib/kpi-tile.ts';
import { OpenCasesPanel } from '../cases/open-cases-panel.tsx';
import { Timeline } from './timeline.tsx';

export function CustomerPage() {
  const { customerId } = useParams({ from: '/customers/$customerId' });
  const { lang, focus } = useSearch({ from: '/customers/$customerId' });
  const { t, fmt, locale } = useI18n();
  const profile = useQuery(customerQuery(customerId));

  const back = (
    <div className="breadcrumb">
      <Link to="/customers" search={{ lang }}>
        ← {t.customer.back}
      </Link>
    </div>
  );

  if (profile.isError) {
    return (
      <main id="main" className="app-main" tabIndex={-1}>
        {back}
        {isApiError(profile.error) && profile.error.status === 404 ? (
          <EmptyState title={t.customer.notFound} />
        ) : (
          <ErrorState
            what={t.state.what.customer}
            error={profile.error}
            onRetry={() => void profile.refetch()}
          />
        )}
      </main>
    );
  }

  const data = profile.data;
  const c = data?.customer;
  const kpis = data ? KPI_IDS.filter((k) => data.kpis[k]?.value != null && (data.kpis[k]?.n ?? 0) > 0) : [];

  return (
    <main id="main" className="app-main" tabIndex={-1}>
      {back}
      <div className="page-head">
        <div>
          <h1>{c ? c.name : <Skeleton width={260} height={28} />}</h1>
          {c ? (
            <p className="muted">
              {[c.email, c.segment, c.region].filter(Boolean).join(' · ')}
              {' · '}
              {c.churnedAt ? (
                <span className="tone-bad">{t.customer.churned(fmt.date(c.churnedAt))}</span>
              ) : (
                <span className="tone-good">{t.customer.active}</span>
              )}
            </p>
          ) : null}
        </div>
      </div>
      {/* open and overdue cases first, while the customer is on the line */}
      <OpenCasesPanel customer={customerId} />
      <div className="profile">
        <aside className="card card-pad profile-card" aria-labelledby="profile-heading">
          <h2 id="profile-heading">{t.customer.profile}</h2>
          {data && c ? (
            <dl>
              <dt>{t.column.id}</dt>
              <dd>{c.id}</dd>
              {c.email ? (
                <>
                  <dt>{t.column.email}</dt>
                  <dd>
                    <a href={`mailto:${c.email}`}>{c.email}</a>
                  </dd>
                </>
              ) : null}
              <dt>{t.column.segment}</dt>
              <dd>{c.segment ?? '—'}</dd>
              <dt>{t.column.region}</dt>
              <dd>{c.region ?? '—'}</dd>
              <dt>{t.customer.since}</dt>
              <dd>{c.acquiredAt ? fmt.date(c.acquiredAt) : '—'}</dd>
              <dt>{t.customer.firstSeen}</dt>
              <dd>{data.firstSeenAt ? fmt.date(data.firstSeenAt) : '—'}</dd>
              <dt>{t.customer.lastSeen}</dt>
              <dd>{data.lastSeenAt ? fmt.dateTime(data.lastSeenAt) : '—'}</dd>
              <dt>{t.customer.interactions}</dt>
              <dd>{fmt.integer(data.counts.interactions)}</dd>
              <dt>{t.customer.feedback}</dt>
              <dd>{fmt.integer(data.counts.feedback)}</dd>
              <dt>{t.customer.openRequests}</dt>
              <dd>
                {data.counts.openRequests > 0 ? (
                  <strong className="tone-bad">{fmt.integer(data.counts.openRequests)}</strong>
                ) : (
                  fmt.integer(0)
                )}
              </dd>
            </dl>
          ) : (
            <div style={{ display: 'grid', gap: 10, marginTop: 12 }}>
              {[0, 1, 2, 3, 4, 5].map((i) => (
                <Skeleton key={i} />
              ))}
            </div>
          )}
        </aside>
        <div style={{ display: 'grid', gap: 20 }}>
          <section aria-labelledby="customer-kpis">
            <h2 id="customer-kpis" style={{ marginBottom: 10 }}>
              {t.customer.kpis}
            </h2>
            {!data ? (
              <Skeleton height={70} />
            ) : kpis.length === 0 ? (
              <p className="muted">{t.customer.kpisEmpty}</p>
            ) : (
              <div className="mini-kpis">
                {kpis.map((k) => {
                  const m = kpiTileModel(k, data.kpis[k], fmt);
                  return (
                    <div key={k} className="card mini-kpi">
                      <div className="kpi-label">{KPIS[k].label[locale]}</div>
                      <div className="kpi-value">{m.valueText}</div>
                      <div className="kpi-meta">
                        <span>{t.kpi.n(m.nText)}</span>
                        {m.lowSample ? <LowSampleBadge n={m.n} /> : null}
                      </div>
                    </div>
                  );
                })}
              </div>
            )}
          </section>
          <Timeline customerId={customerId} focus={focus} />
        </div>
      </div>
    </main>
  );
}
