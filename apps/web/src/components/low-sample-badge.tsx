import { useI18n } from '../i18n/i18n-context.tsx';
import { IconWarning } from './icons.tsx';

export function LowSampleBadge({ n }: { n: number }) {
  const { t, fmt } = useI18n();
  return (
    <span className="badge badge-low-sample" title={t.kpi.lowSampleHint(fmt.integer(n))}>
      <IconWarning size={12} />
      {t.kpi.lowSample}
    </span>
  );
}
