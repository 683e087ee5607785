import { useId, useState } from 'react';
import { useDashboard } from '../hooks/use-dashboard.ts';
import { usePeriodLabel, useWindowLabel } from '../hooks/use-period-label.ts';
import { useSearchUpdate } from '../hooks/use-search-update.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { addDays, isPlainDate } from '../lib/dates.ts';
import { type PeriodKind, periodContaining, recentPeriods } from '../lib/period.ts';

const COUNTS: Record<PeriodKind, number> = { month: 24, quarter: 12, year: 6 };

export function PeriodPicker() {
  const { t, today } = useI18n();
  const { selection, window } = useDashboard();
  const update = useSearchUpdate();
  const periodLabel = usePeriodLabel();
  const windowLabel = useWindowLabel();
  const id = useId();
  const [customOpen, setCustomOpen] = useState(false);
  const [from, setFrom] = useState(window.from);
  const [to, setTo] = useState(addDays(window.to, -1));
  const [error, setError] = useState<string | null>(null);

  const kind = customOpen ? 'custom' : selection.kind;

  const chooseKind = (next: string) => {
    if (next === 'custom') {
      setFrom(window.from);
      setTo(addDays(window.to, -1));
      setError(null);
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    const k = next as PeriodKind;
    update({ period: periodContaining(today, k), from: undefined, to: undefined, page: undefined });
  };

  const applyCustom = (event: React.FormEvent) => {
    event.preventDefault();
    if (!isPlainDate(from) || !isPlainDate(to) || to < from) {
      setError(t.period.invalidRange);
      return;
    }
    setError(null);
    setCustomOpen(false);
    update({ period: undefined, from, to: addDays(to, 1), page: undefined });
  };

  return (
    <div className="period-picker">
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t.period.label}</label>
        <select
          id={`${id}-kind`}
          className="select"
          value={kind}
          onChange={(e) => chooseKind(e.target.value)}
        >
          <option value="month">{t.period.month}</option>
          <option value="quarter">{t.period.quarter}</option>
          <option value="year">{t.period.year}</option>
          <option value="custom">{t.period.custom}</option>
        </select>
      </div>
      {kind !== 'custom' && selection.kind !== 'custom' ? (
        <div className="field">
          <label htmlFor={`${id}-which`}>{t.period.which}</label>
          <select
            id={`${id}-which`}
            className="select"
            value={selection.key}
            onChange={(e) =>
              update({ period: e.target.value, from: undefined, to: undefined, page: undefined })
            }
          >
            {withCurrent(recentPeriods(selection.kind, today, COUNTS[selection.kind]), selection.key).map(
              (key) => (
                <option key={key} value={key}>
                  {periodLabel(key)}
                </option>
              ),
            )}
          </select>
        </div>
      ) : null}
      {kind === 'custom' ? (
        <form className="period-picker" onSubmit={applyCustom} noValidate>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t.period.from}</label>
            <input
              id={`${id}-from`}
              className="input"
              type="date"
              value={from}
              max={today}
              onChange={(e) => setFrom(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t.period.to}</label>
            <input
              id={`${id}-to`}
              className="input"
              type="date"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          <button type="submit" className="btn btn-primary">
            {t.period.apply}
          </button>
          {error ? (
            <p id={`${id}-error`} className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
      <p className="period-window num" aria-live="polite">
        {windowLabel(window)}
        {window.toDate ? ` (${t.period.toDate})` : ''}
      </p>
    </div>
  );
}

/** a period typed into the URL by hand may be older than the list: keep it selectable */
function withCurrent(keys: string[], current: string): string[] {
  return keys.includes(current) ? keys : [current, ...keys];
}
