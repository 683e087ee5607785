import { KPIS, type KpiId, type KpiValue } from '@parcours/domain';
import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n-context.tsx';
import { IconWarning } from './icons.tsx';

/** A KPI value in a table cell: "no data" when empty, a low-sample mark, a link to its records. */
export function KpiCell({
  kpi,
  value,
  search,
}: {
  kpi: KpiId;
  value: KpiValue | undefined;
  search: Record<string, unknown>;
}) {
  const { t, fmt } = useI18n();
  if (!value || value.value === null) return <span className="muted">{t.kpi.noData}</span>;
  const text = fmt.kpi(value.value, KPIS[kpi].unit, true);
  return (
    <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center', justifyContent: 'flex-end' }}>
      {value.lowSample ? (
        <span
          className="tone-neutral"
          title={t.kpi.lowSampleHint(fmt.integer(value.n))}
          style={{ display: 'inline-flex', color: 'var(--warn)' }}
        >
          <IconWarning size={12} />
          <span className="sr-only">{t.kpi.lowSample}</span>
        </span>
      ) : null}
      <Link to="/kpis/$kpi/records" params={{ kpi }} search={search} title={t.kpi.n(fmt.integer(value.n))}>
        {text}
      </Link>
    </span>
  );
}
