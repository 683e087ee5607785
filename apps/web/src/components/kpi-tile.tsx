import { KPIS, type KpiId, type KpiValue } from '@parcours/domain';
import { Link } from '@tanstack/react-router';
import { Sparkline } from '../charts/sparkline.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { type Direction, kpiTileModel, type TileGoal } from '../lib/kpi-tile.ts';
import type { TrendPoint } from '../lib/sparkline.ts';
import { IconArrowDown, IconArrowFlat, IconArrowUp, IconBetterHigher, IconBetterLower } from './icons.tsx';
import { LowSampleBadge } from './low-sample-badge.tsx';
import { Skeleton } from './states.tsx';
import { StatusBadge } from './status-badge.tsx';

const ARROWS: Record<Direction, typeof IconArrowUp> = {
  up: IconArrowUp,
  down: IconArrowDown,
  flat: IconArrowFlat,
};

export type DrillLink = {
  subset: string | undefined;
  sort: 'recent' | 'value';
  search: Record<string, unknown>;
};

export function KpiTile(props: {
  kpi: KpiId;
  value: KpiValue | undefined;
  trend: readonly TrendPoint[] | undefined;
  goal: TileGoal | null;
  drill: DrillLink;
}) {
  const { t, fmt, locale } = useI18n();
  const m = kpiTileModel(props.kpi, props.value, fmt);
  const label = KPIS[props.kpi].label[locale];
  const Better = m.better === 'higher' ? IconBetterHigher : IconBetterLower;
  const Arrow = m.change ? ARROWS[m.change.direction] : null;
  const trendLabel = sparkLabel(props.trend, t.kpi.trend(label), (v) => fmt.kpi(v, m.unit, true), t.pair);

  return (
    <Link
      to="/kpis/$kpi/records"
      params={{ kpi: props.kpi }}
      search={{ ...props.drill.search, subset: props.drill.subset, sort: props.drill.sort }}
      className="card kpi-tile"
      data-kpi={props.kpi}
      data-low-sample={m.lowSample}
    >
      <div className="kpi-label">
        <span>{label}</span>
        <span title={t.better[m.better]} style={{ display: 'inline-flex' }}>
          <Better />
          <span className="sr-only">{t.better[m.better]}</span>
        </span>
      </div>
      <div className="kpi-value-row">
        {m.valueText !== null ? (
          <span className="kpi-value" data-testid="kpi-value">
            {m.valueText}
            {m.unit === 'points' ? <small>{t.kpi.unitPoints}</small> : null}
          </span>
        ) : (
          <span className="kpi-value no-data" data-testid="kpi-value">
            {t.kpi.noData}
          </span>
        )}
        {m.moeText ? (
          <span className="kpi-meta" title={t.kpi.moe}>
            {m.moeText}
          </span>
        ) : null}
      </div>
      <div className="kpi-meta">
        <span data-testid="kpi-n">{t.kpi.n(m.nText)}</span>
        {m.percentiles ? (
          <span>
            {t.kpi.median} {m.percentiles.p50} · {t.kpi.p90} {m.percentiles.p90}
          </span>
        ) : null}
        {m.lowSample ? <LowSampleBadge n={m.n} /> : null}
      </div>
      <div className="kpi-change">
        {m.change && Arrow ? (
          <>
            <strong
              className={`tone-${m.change.tone}`}
              title={m.previousText ? t.kpi.previous(m.previousText) : undefined}
            >
              <Arrow size={13} />
              {m.change.text}
            </strong>
            <span className="muted">{t.kpi.vsPrevious}</span>
            {m.change.significant !== null ? (
              <span className="badge badge-neutral">
                {m.change.significant ? t.kpi.significant : t.kpi.notSignificant}
              </span>
            ) : null}
          </>
        ) : (
          <span className="muted">{m.hasValue ? t.kpi.noComparison : t.kpi.noDataHint}</span>
        )}
      </div>
      <span className="sr-only">{t.kpi.viewRecords(label)}</span>
      <div className="kpi-foot">
        {props.goal ? (
          <span style={{ display: 'grid', gap: 3, fontSize: '0.8rem' }}>
            <StatusBadge status={props.goal.status} />
            <span className="muted">{t.kpi.goal(props.goal.targetText)}</span>
          </span>
        ) : (
          <span />
        )}
        {props.trend ? (
          <Sparkline points={props.trend} label={trendLabel} />
        ) : (
          <Skeleton width={104} height={30} />
        )}
      </div>
    </Link>
  );
}

function sparkLabel(
  points: readonly TrendPoint[] | undefined,
  title: string,
  format: (v: number) => string,
  pair: (label: string, value: string) => string,
): string {
  const values = (points ?? []).filter((p) => p.value !== null);
  const first = values[0];
  const last = values.at(-1);
  if (!first || !last || first === last || first.value === null || last.value === null) return title;
  return pair(title, `${first.label} ${format(first.value)} → ${last.label} ${format(last.value)}`);
}

export function KpiTileSkeleton() {
  return (
    <div className="card kpi-tile-skeleton" aria-hidden="true">
      <Skeleton width="60%" />
      <Skeleton width="45%" height={30} />
      <Skeleton width="70%" />
      <Skeleton width="55%" />
    </div>
  );
}
