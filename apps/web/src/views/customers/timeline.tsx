import type { Timeline as TimelineData } from '@parcours/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { timelineQuery } from '../../api/queries.ts';
import { IconChat, IconTouch } from '../../components/icons.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ScorePill } from '../drill/score-pill.tsx';

type Item = TimelineData['items'][number];

/** Every interaction and feedback of the customer, newest first; older pages load as one scrolls. */
export function Timeline({ customerId, focus }: { customerId: string; focus: string | undefined }) {
  const { t } = useI18n();
  const query = useInfiniteQuery(timelineQuery(customerId));
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '400px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" style={{ marginBottom: 10 }}>
        {t.customer.timeline}
      </h2>
      {query.isError && items.length === 0 ? (
        <ErrorState what={t.state.what.timeline} error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <div style={{ display: 'grid', gap: 10 }} aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={64} />
          ))}
        </div>
      ) : items.length === 0 ? (
        <EmptyState title={t.customer.timelineEmpty} />
      ) : (
        <>
          <ol className="timeline" data-testid="timeline">
            {items.map((item) => (
              <TimelineEntry key={`${item.type}:${item.id}`} item={item} focused={item.id === focus} />
            ))}
          </ol>
          <div
            ref={sentinel}
            style={{ display: 'flex', justifyContent: 'center', padding: 8 }}
            aria-live="polite"
          >
            {query.isFetchNextPageError ? (
              <ErrorState
                what={t.state.what.timeline}
                error={query.error}
                onRetry={() => void fetchNextPage()}
              />
            ) : hasNextPage ? (
              <button
                type="button"
                className="btn"
                onClick={() => void fetchNextPage()}
                disabled={isFetchingNextPage}
              >
                {isFetchingNextPage ? t.customer.loadingMore : t.customer.loadMore}
              </button>
            ) : (
              <p className="muted">{t.customer.end}</p>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function TimelineEntry({ item, focused }: { item: Item; focused: boolean }) {
  const { t, fmt } = useI18n();
  const when = item.type === 'feedback' ? item.submittedAt : item.occurredAt;
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'center' });
  }, [focused]);
  return (
    <li ref={ref} className="timeline-item" data-type={item.type} data-id={item.id}>
      <span className="timeline-icon">
        {item.type === 'feedback' ? <IconChat size={13} /> : <IconTouch size={13} />}
      </span>
      <article
        className="card timeline-card"
        data-focus={focused}
        aria-label={focused ? t.customer.highlighted : undefined}
      >
        <div className="timeline-head">
          <strong>
            {item.type === 'feedback'
              ? `${t.customer.feedbackItem} ${t.survey[item.survey]}`
              : (t.kind[item.kind] ?? item.kind)}
          </strong>
          {item.type === 'feedback' ? <ScorePill survey={item.survey} score={item.score} /> : null}
          <time dateTime={when} title={fmt.relative(when, Date.now())}>
            {fmt.dateTime(when)}
          </time>
        </div>
        <div className="timeline-meta">
          <span>{item.touchpointName}</span>
          <span>{item.teamName}</span>
          {item.type === 'feedback' ? <span>{t.mode[item.mode]}</span> : <InteractionMeasures item={item} />}
        </div>
        {item.type === 'feedback' && item.comment ? (
          <blockquote className="timeline-comment">{item.comment}</blockquote>
        ) : null}
      </article>
    </li>
  );
}

function InteractionMeasures({ item }: { item: Extract<Item, { type: 'interaction' }> }) {
  const { t, fmt } = useI18n();
  const parts: string[] = [];
  if (item.waitSeconds !== null) parts.push(t.customer.waited(fmt.duration(item.waitSeconds)));
  if (item.resolutionSeconds !== null)
    parts.push(t.customer.resolvedIn(fmt.duration(item.resolutionSeconds)));
  else if (item.kind === 'contact' || item.kind === 'complaint') parts.push(t.customer.unresolved);
  if (item.abandoned) parts.push(t.customer.abandoned);
  if (item.converted !== null) parts.push(item.converted ? t.customer.converted : t.customer.notConverted);
  if (item.revenue !== null) parts.push(fmt.money(item.revenue));
  return (
    <>
      {parts.map((p) => (
        <span key={p}>{p}</span>
      ))}
    </>
  );
}
