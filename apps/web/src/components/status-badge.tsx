import type { GoalStatus } from '@parcours/domain';
import { useI18n } from '../i18n/i18n-context.tsx';
import { IconCheck, IconCross, IconDash, IconWarning } from './icons.tsx';

const ICONS = { met: IconCheck, at_risk: IconWarning, off_track: IconCross, no_data: IconDash } as const;

/** A goal status as icon + word + colour (never colour alone). */
export function StatusBadge({ status, count }: { status: GoalStatus; count?: number }) {
  const { t, fmt } = useI18n();
  const Icon = ICONS[status];
  return (
    <span className={`status status-${status}`} data-status={status}>
      <Icon />
      {count === undefined ? t.status[status] : `${fmt.integer(count)} ${t.status[status].toLowerCase()}`}
    </span>
  );
}
