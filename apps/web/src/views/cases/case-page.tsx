import { type CaseDetail, ROOT_CAUSE_LABELS, ROOT_CAUSES, type RootCause } from '@parcours/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { caseQuery, notificationsQuery, queryKeys } from '../../api/queries.ts';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import { useSession } from '../../hooks/use-access.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { closeErrors, closePatch } from '../../lib/cases.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { Timeline } from '../customers/timeline.tsx';
import { ScorePill } from '../drill/score-pill.tsx';
import { useCaseChange } from './cases-page.tsx';
import { DueBadge } from './due-badge.tsx';

/** One case: the record, its rule, due time, owner, history, the allowed actions, and the customer's timeline. */
export function CasePage() {
  const { caseId } = useParams({ from: '/cases/$caseId' });
  const { lang } = useSearch({ from: '/cases/$caseId' });
  const { t } = useI18n();
  const detail = useQuery(caseQuery(caseId));
  useReadNotifications(caseId, detail.isSuccess);

  const back = (
    <div className="breadcrumb">
      <Link to="/cases" search={{ lang }}>
        ← {t.cases.back}
      </Link>
    </div>
  );
  if (detail.isError)
    return (
      <main id="main" className="app-main" tabIndex={-1}>
        {back}
        {isApiError(detail.error) && detail.error.status === 404 ? (
          <EmptyState title={t.cases.notFound} />
        ) : (
          <ErrorState what={t.cases.queue} error={detail.error} onRetry={() => void detail.refetch()} />
        )}
      </main>
    );
  const d = detail.data;
  return (
    <main id="main" className="app-main" tabIndex={-1}>
      {back}
      <div className="page-head">
        <div>
          <h1>{d ? t.cases.case(d.customer.name) : <Skeleton width={260} height={28} />}</h1>
          {d ? (
            <p className="muted">
              {d.case.ruleName} · {d.case.teamName} · <strong>{t.cases.statuses[d.case.status]}</strong>
            </p>
          ) : null}
        </div>
      </div>
      {!d ? (
        <Skeleton height={200} />
      ) : (
        <div className="profile case-layout">
          <div style={{ display: 'grid', gap: 16, alignContent: 'start' }}>
            <CaseFacts d={d} />
            <CaseActions d={d} />
            <CaseHistory d={d} />
          </div>
          <div style={{ display: 'grid', gap: 12, alignContent: 'start' }}>
            <Link to="/customers/$customerId" params={{ customerId: d.customer.id }} search={{ lang }}>
              {t.cases.openCustomer} — {d.customer.name}
            </Link>
            <Timeline customerId={d.customer.id} focus={d.case.recordId} />
          </div>
        </div>
      )}
    </main>
  );
}

/** Opening a case reads its unread notifications (the header's count goes down). */
function useReadNotifications(caseId: string, loaded: boolean) {
  const queryClient = useQueryClient();
  const notifications = useQuery({ ...notificationsQuery, enabled: loaded });
  const ids = (notifications.data?.items ?? [])
    .filter((n) => !n.read && n.case.id === caseId)
    .map((n) => n.id);
  const key = ids.join(',');
  useEffect(() => {
    if (!key) return;
    void api
      .readNotifications(key.split(','))
      .then(() => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }))
      .catch(() => {});
  }, [key, queryClient]);
}

function CaseFacts({ d }: { d: CaseDetail }) {
  const { t, fmt, locale } = useI18n();
  const c = d.case;
  const r = d.record;
  return (
    <section className="card card-pad" aria-labelledby="case-record" data-testid="case-facts">
      <h2 id="case-record">{t.cases.record}</h2>
      <dl className="case-facts">
        <dt>{t.cases.column.touchpoint}</dt>
        <dd>{c.touchpointName}</dd>
        <dt>{t.cases.recordAt}</dt>
        <dd>{fmt.dateTime(c.recordAt)}</dd>
        {r?.type === 'feedback' ? (
          <>
            <dt>{t.cases.score}</dt>
            <dd>
              <ScorePill survey={r.survey} score={r.score} />{' '}
              <small className="muted">{t.survey[r.survey]}</small>
            </dd>
            <dt>{t.cases.comment}</dt>
            <dd>{r.comment ? <q>{r.comment}</q> : <span className="muted">{t.cases.noComment}</span>}</dd>
          </>
        ) : r?.type === 'interaction' ? (
          <>
            <dt>{t.cases.column.record}</dt>
            <dd>{t.kind[r.kind] ?? r.kind}</dd>
          </>
        ) : (
          <>
            <dt>{t.cases.column.record}</dt>
            <dd>{c.summary}</dd>
          </>
        )}
        <dt>{t.cases.rule}</dt>
        <dd>{d.rule.name}</dd>
        <dt>{t.cases.status}</dt>
        <dd data-testid="case-status">{t.cases.statuses[c.status]}</dd>
        <dt>{t.cases.openedAt}</dt>
        <dd>{fmt.dateTime(c.openedAt)}</dd>
        <dt>{t.cases.dueAt}</dt>
        <dd className={c.overdue ? 'tone-bad' : undefined}>
          {fmt.dateTime(c.dueAt)} <DueBadge c={c} />
        </dd>
        <dt>{t.cases.owner}</dt>
        <dd data-testid="case-owner">{c.ownerName ?? <span className="muted">{t.cases.nobody}</span>}</dd>
        {c.closedAt ? (
          <>
            <dt>{t.cases.closedAt}</dt>
            <dd>{fmt.dateTime(c.closedAt)}</dd>
          </>
        ) : null}
        {c.rootCause ? (
          <>
            <dt>{t.cases.rootCause}</dt>
            <dd>{ROOT_CAUSE_LABELS[c.rootCause][locale]}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function CaseHistory({ d }: { d: CaseDetail }) {
  const { t, fmt, locale } = useI18n();
  const nameOf = (id: unknown) =>
    typeof id === 'string' ? (d.assignees.find((u) => u.id === id)?.name ?? id) : t.cases.nobody;
  return (
    <section className="card card-pad" aria-labelledby="case-history">
      <h2 id="case-history">{t.cases.history}</h2>
      <ol className="case-events" data-testid="case-events">
        {d.events.map((e) => {
          const extra =
            e.type === 'case.assigned'
              ? `→ ${nameOf(e.details.to)}`
              : e.type === 'case.status_changed'
                ? `${t.cases.statuses[e.details.from as 'open'] ?? e.details.from} → ${t.cases.statuses[e.details.to as 'open'] ?? e.details.to}`
                : e.type === 'case.closed'
                  ? `${ROOT_CAUSE_LABELS[e.details.root_cause as RootCause]?.[locale] ?? ''} — ${e.details.resolution ?? ''}`
                  : null;
          return (
            <li key={e.id}>
              <time dateTime={e.at} className="muted">
                {fmt.dateTime(e.at)}
              </time>{' '}
              <strong>{t.cases.events[e.type] ?? e.type}</strong>{' '}
              <span className="muted">{t.cases.by(e.actor?.name ?? t.cases.system)}</span>
              {extra ? <div>{extra}</div> : null}
              {e.note ? <p className="case-note">{e.note}</p> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function CaseActions({ d }: { d: CaseDetail }) {
  const { t, locale } = useI18n();
  const id = useId();
  const session = useSession();
  const { update, note } = useCaseChange(d.case.id);
  const [assignee, setAssignee] = useState('');
  const [noteText, setNoteText] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [draft, setDraft] = useState({ rootCause: '', resolution: '' });
  const [tried, setTried] = useState(false);
  const c = d.case;
  const a = d.allowed;
  if (c.status === 'closed')
    return (
      <section className="card card-pad" aria-labelledby="case-actions">
        <h2 id="case-actions">{t.cases.actions}</h2>
        <p className="muted">{t.cases.closedFinal}</p>
        {c.resolution ? (
          <p data-testid="case-resolution">{t.pair(t.cases.resolution, c.resolution)}</p>
        ) : null}
      </section>
    );
  if (!a.assign && !a.take && !a.changeStatus && !a.note)
    return (
      <section className="card card-pad" aria-labelledby="case-actions">
        <h2 id="case-actions">{t.cases.actions}</h2>
        <p className="muted">{t.cases.readOnly}</p>
      </section>
    );

  const local = tried ? closeErrors(draft) : {};
  const server =
    update.error && isApiError(update.error)
      ? fieldErrors(update.error.details, ['root_cause', 'resolution', 'owner_id', 'status'])
      : null;
  const rootCauseError =
    local.rootCause === 'required' ? t.cases.rootCauseRequired : (server?.byField.root_cause ?? null);
  const resolutionError =
    local.resolution === 'required'
      ? t.cases.resolutionRequired
      : local.resolution === 'tooLong'
        ? t.cases.resolutionTooLong
        : (server?.byField.resolution ?? null);
  const generalError = update.error
    ? server
      ? [server.byField.owner_id, server.byField.status, ...server.other].filter(Boolean).join('; ') ||
        (server.byField.root_cause || server.byField.resolution ? null : update.error.message)
      : update.error.message
    : null;

  return (
    <section className="card card-pad" aria-labelledby="case-actions" data-testid="case-actions">
      <h2 id="case-actions">{t.cases.actions}</h2>
      {generalError ? (
        <p className="form-error" role="alert">
          {generalError}
        </p>
      ) : null}
      <div className="case-action-row">
        {a.take && session ? (
          <button
            type="button"
            className="btn"
            disabled={update.isPending}
            onClick={() => update.mutate({ owner_id: session.user.id })}
          >
            {t.cases.take}
          </button>
        ) : null}
        {a.changeStatus && c.status === 'open' ? (
          <button
            type="button"
            className="btn"
            disabled={update.isPending}
            onClick={() => update.mutate({ status: 'in_progress' })}
          >
            {t.cases.start}
          </button>
        ) : null}
        {a.changeStatus && c.status === 'in_progress' ? (
          <button
            type="button"
            className="btn"
            disabled={update.isPending}
            onClick={() => update.mutate({ status: 'open' })}
          >
            {t.cases.handBack}
          </button>
        ) : null}
      </div>
      {a.assign ? (
        <form
          className="case-action-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (assignee) update.mutate({ owner_id: assignee === '-' ? null : assignee });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-assignee`}>{t.cases.assignTo}</label>
            <select
              id={`${id}-assignee`}
              className="select"
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
            >
              <option value="">{t.cases.chooseUser}</option>
              {d.assignees.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
              {c.ownerId ? <option value="-">{t.cases.nobody}</option> : null}
            </select>
          </div>
          <button type="submit" className="btn" disabled={!assignee || update.isPending}>
            {t.cases.assign}
          </button>
        </form>
      ) : null}
      {a.note ? (
        <form
          className="case-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!noteText.trim()) {
              setNoteError(t.cases.noteRequired);
              return;
            }
            setNoteError(null);
            note.mutate(noteText.trim(), { onSuccess: () => setNoteText('') });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-note`}>{t.cases.note}</label>
            <textarea
              id={`${id}-note`}
              className="input"
              rows={3}
              value={noteText}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={noteError ? `${id}-note-error` : undefined}
              onChange={(e) => setNoteText(e.target.value)}
            />
            {noteError || note.error ? (
              <span id={`${id}-note-error`} className="form-error" role="alert">
                {noteError ?? note.error?.message}
              </span>
            ) : null}
          </div>
          <button type="submit" className="btn" disabled={note.isPending}>
            {note.isPending ? t.cases.saving : t.cases.addNote}
          </button>
        </form>
      ) : null}
      {a.changeStatus ? (
        <form
          className="case-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (Object.keys(closeErrors(draft)).length > 0) return;
            update.mutate(closePatch(draft));
          }}
        >
          <h3>{t.cases.closeCase}</h3>
          <div className="field">
            <label htmlFor={`${id}-cause`}>{t.cases.rootCause}</label>
            <select
              id={`${id}-cause`}
              className="select"
              value={draft.rootCause}
              aria-invalid={rootCauseError ? true : undefined}
              aria-describedby={rootCauseError ? `${id}-cause-error` : undefined}
              onChange={(e) => setDraft({ ...draft, rootCause: e.target.value })}
            >
              <option value="">{t.cases.chooseRootCause}</option>
              {ROOT_CAUSES.map((code) => (
                <option key={code} value={code}>
                  {ROOT_CAUSE_LABELS[code][locale]}
                </option>
              ))}
            </select>
            {rootCauseError ? (
              <span id={`${id}-cause-error`} className="form-error" role="alert">
                {rootCauseError}
              </span>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-resolution`}>{t.cases.resolution}</label>
            <textarea
              id={`${id}-resolution`}
              className="input"
              rows={3}
              value={draft.resolution}
              aria-invalid={resolutionError ? true : undefined}
              aria-describedby={resolutionError ? `${id}-resolution-error` : undefined}
              onChange={(e) => setDraft({ ...draft, resolution: e.target.value })}
            />
            {resolutionError ? (
              <span id={`${id}-resolution-error`} className="form-error" role="alert">
                {resolutionError}
              </span>
            ) : null}
          </div>
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>
            {update.isPending ? t.cases.saving : t.cases.closeCase}
          </button>
        </form>
      ) : null}
    </section>
  );
}
