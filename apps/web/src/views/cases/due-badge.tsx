import { IconCheck, IconCross, IconDash, IconWarning } from '../../components/icons.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { dueState } from '../../lib/cases.ts';

/** How urgent a case is, as icon + word + colour (never colour alone). */
export function DueBadge({
  c,
}: {
  c: { status: string; dueAt: string; overdue: boolean; closedInTime: boolean | null };
}) {
  const { t } = useI18n();
  const state = dueState(c, Date.now());
  if (state === 'closed')
    return c.closedInTime ? (
      <span className="status status-met" data-due="closed">
        <IconCheck />
        {t.cases.closedInTime}
      </span>
    ) : (
      <span className="status status-at_risk" data-due="closed">
        <IconDash />
        {t.cases.closedLate}
      </span>
    );
  if (state === 'overdue')
    return (
      <span className="status status-off_track" data-due="overdue">
        <IconCross />
        {t.cases.overdue}
      </span>
    );
  if (state === 'due_soon')
    return (
      <span className="status status-at_risk" data-due="due_soon">
        <IconWarning />
        {t.cases.dueSoon}
      </span>
    );
  return (
    <span className="status status-no_data" data-due="on_time">
      <IconDash />
      {t.cases.onTime}
    </span>
  );
}
