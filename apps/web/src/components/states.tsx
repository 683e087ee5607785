import type { ReactNode } from 'react';
import { isApiError } from '../api/api-error.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Forbidden } from './forbidden.tsx';

export function Skeleton({
  width = '100%',
  height = 14,
}: {
  width?: number | string;
  height?: number | string;
}) {
  return <span className="skeleton" style={{ display: 'block', width, height }} aria-hidden="true" />;
}

/** An empty result: says why, and what to change. */
export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="state-box" role="status">
      <h3>{title}</h3>
      {hint ? <p className="muted">{hint}</p> : null}
      {action}
    </div>
  );
}

/** A failed load: says what failed and offers a retry; a refusal (403) says why instead. */
export function ErrorState({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (isApiError(error) && error.status === 403) {
    const capital = what.charAt(0).toUpperCase() + what.slice(1);
    // the server names the refused field when there is one ("department: marketing is outside your scope")
    const fields = error.details.map((d) => `${d.field}: ${d.reason}`).join('; ');
    return (
      <Forbidden
        what={capital}
        detail={t.access.serverSaid(fields ? `${error.message} (${fields})` : error.message)}
      />
    );
  }
  const detail =
    isApiError(error) && error.isNetwork
      ? t.state.networkError
      : t.state.serverError(error instanceof Error ? error.message : String(error));
  return (
    <div className="state-box state-error" role="alert">
      <h3>{t.state.errorTitle(what)}</h3>
      <p>{detail}</p>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t.state.retry}
        </button>
      ) : null}
    </div>
  );
}

export function TableSkeleton({ rows = 6, label }: { rows?: number; label: string }) {
  return (
    <div
      className="card card-pad"
      role="status"
      aria-busy="true"
      aria-label={label}
      style={{ display: 'grid', gap: 10 }}
    >
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={18} />
      ))}
    </div>
  );
}
