import { FILTER_DIMENSIONS } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { referenceQuery } from '../../api/queries.ts';
import { valueLabel } from '../../components/filter-options.ts';
import { useDashboard } from '../../hooks/use-dashboard.ts';
import { useIdle } from '../../hooks/use-idle.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** The filters in words, for the printed page (the filter bar is not printed). */
export function FilterSummary() {
  const { t } = useI18n();
  const { search } = useDashboard();
  const reference = useQuery({ ...referenceQuery, enabled: useIdle() });
  const parts = FILTER_DIMENSIONS.filter((d) => (search[d]?.length ?? 0) > 0).map((d) =>
    t.pair(t.dimension[d], (search[d] ?? []).map((v) => valueLabel(d, v, reference.data, t)).join(', ')),
  );
  return <p className="print-only muted">{parts.length > 0 ? parts.join(' · ') : t.filters.none}</p>;
}
