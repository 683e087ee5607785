import { KPI_IDS, KPIS } from '@parcours/domain';
import { Link, useSearch } from '@tanstack/react-router';
import { useId } from 'react';
import { useDashboard } from '../../hooks/use-dashboard.ts';
import { usePeriodLabel, useWindowLabel } from '../../hooks/use-period-label.ts';
import { useSearchUpdate } from '../../hooks/use-search-update.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { DEFAULT_JOURNEY_KPI } from '../../lib/search.ts';
import { JourneyHeatmap } from './journey-heatmap.tsx';
import { ParetoSection } from './pareto-section.tsx';
import { RootCauseSection } from './root-cause-section.tsx';
import { SplitsSection } from './splits-section.tsx';

export function JourneyPage() {
  const { t, locale } = useI18n();
  const id = useId();
  const dashboard = useDashboard();
  const search = useSearch({ from: '/dashboard/journey' });
  const update = useSearchUpdate();
  const periodLabel = usePeriodLabel();
  const windowLabel = useWindowLabel();
  const kpi = search.kpi ?? DEFAULT_JOURNEY_KPI;
  const cols = search.cols ?? 'channel';
  const periodText =
    dashboard.selection.kind === 'custom'
      ? windowLabel(dashboard.window)
      : periodLabel(dashboard.selection.key);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t.journey.title}</h1>
          <p className="muted">
            {periodText}
            {dashboard.window.toDate ? ` (${t.period.toDate})` : ''}
          </p>
        </div>
        <div className="page-actions" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
          <div className="field">
            <label htmlFor={`${id}-kpi`}>{t.journey.colourBy}</label>
            <select
              id={`${id}-kpi`}
              className="select"
              value={kpi}
              onChange={(e) =>
                update({ kpi: e.target.value === DEFAULT_JOURNEY_KPI ? undefined : e.target.value })
              }
            >
              {KPI_IDS.map((k) => (
                <option key={k} value={k}>
                  {KPIS[k].label[locale]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <span className="label" id={`${id}-cols`}>
              {t.journey.columns}
            </span>
            <nav className="segmented" aria-labelledby={`${id}-cols`}>
              <Link
                to="."
                search={(prev) => ({ ...prev, cols: undefined })}
                aria-current={cols === 'channel' ? 'true' : undefined}
              >
                {t.journey.byChannel}
              </Link>
              <Link
                to="."
                search={(prev) => ({ ...prev, cols: 'touchpoint' })}
                aria-current={cols === 'touchpoint' ? 'true' : undefined}
              >
                {t.journey.byTouchpoint}
              </Link>
            </nav>
          </div>
        </div>
      </div>
      <JourneyHeatmap dashboard={dashboard} kpi={kpi} cols={cols} />
      <ParetoSection dashboard={dashboard} />
      <RootCauseSection dashboard={dashboard} />
      <SplitsSection dashboard={dashboard} kpi={kpi} />
    </>
  );
}
