import { JOURNEY_STAGES, KPIS, type KpiId } from '@parcours/domain';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { goalStatusQuery, kpisQuery, referenceQuery } from '../../api/queries.ts';
import { channelLabel } from '../../components/filter-options.ts';
import { IconDownload } from '../../components/icons.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../components/states.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename, filterNameParts, toCsv } from '../../lib/csv.ts';
import { drillSearch } from '../../lib/drill-link.ts';
import { exportCsv } from '../../lib/export-csv.ts';
import { heatColours } from '../../lib/heat-color.ts';
import { type HeatInput, heatmapMatrix, type Stage } from '../../lib/heatmap.ts';
import { carriedSearch } from '../../lib/search.ts';

export function JourneyHeatmap({
  dashboard,
  kpi,
  cols,
}: {
  dashboard: Dashboard;
  kpi: KpiId;
  cols: 'channel' | 'touchpoint';
}) {
  const { t, fmt, locale } = useI18n();
  const { window, filters } = dashboard;
  const reference = useQuery(referenceQuery);
  const status = useQuery(goalStatusQuery(dashboard.goalPeriod));
  const stages: readonly Stage[] = dashboard.search.stage ?? JOURNEY_STAGES;
  const base = { from: window.from, to: window.to, kpis: [kpi], compare: false } as const;

  // stage × channel: one query per stage grouped by channel; stage × touchpoint: one query by touchpoint
  const perStage = useQueries({
    queries: stages.map((stage) => ({
      ...kpisQuery({ ...base, filters: { ...filters, stage: [stage] }, groupBy: 'channel' }),
      enabled: cols === 'channel',
    })),
  });
  const byTouchpoint = useQuery({
    ...kpisQuery({ ...base, filters, groupBy: 'touchpoint' }),
    enabled: cols === 'touchpoint',
  });

  const def = KPIS[kpi];
  const companyGoal = status.data?.departments
    .find((d) => d.department === null)
    ?.goals.find((g) => g.goal.kpi === kpi && g.goal.scope_type === 'company');
  const target = dashboard.selection.kind === 'custom' ? null : (companyGoal?.goal.target ?? null);

  const loading = cols === 'channel' ? perStage.some((q) => !q.data) : !byTouchpoint.data || !reference.data;
  const failed =
    cols === 'channel' ? perStage.find((q) => q.isError) : byTouchpoint.isError ? byTouchpoint : undefined;

  let inputs: HeatInput[] = [];
  let columnOrder: string[] | undefined;
  if (cols === 'channel') {
    inputs = stages.flatMap((stage, i) =>
      (perStage[i]?.data?.groups ?? []).map((g) => ({
        stage,
        column: g.key,
        columnLabel: channelLabel(t, g.key),
        value: g.kpis[kpi],
      })),
    );
  } else if (reference.data && byTouchpoint.data) {
    const touchpoints = new Map(reference.data.touchpoints.map((tp) => [tp.id, tp]));
    inputs = byTouchpoint.data.groups.flatMap((g) => {
      const tp = touchpoints.get(g.key);
      return tp && stages.includes(tp.stage)
        ? [{ stage: tp.stage, column: g.key, columnLabel: tp.name, value: g.kpis[kpi] }]
        : [];
    });
    columnOrder = [...reference.data.touchpoints]
      .sort(
        (a, b) =>
          JOURNEY_STAGES.indexOf(a.stage) - JOURNEY_STAGES.indexOf(b.stage) || a.name.localeCompare(b.name),
      )
      .map((tp) => tp.id);
  }
  const matrix = heatmapMatrix(inputs, {
    better: def.better,
    target,
    stages,
    columnOrder,
    dropEmptyColumns: true,
  });
  const carried = carriedSearch(dashboard.search);
  const label = def.label[locale];
  const valueText = (v: number) => fmt.kpi(v, def.unit, true);

  const exportHeatmap = () => {
    const header = [t.column.stage, ...matrix.columns.flatMap((c) => [c.label, `${c.label} (n)`])];
    const rows = matrix.rows.map((stage, r) => [
      t.stage[stage],
      ...matrix.columns.flatMap((_, c) => {
        const cell = matrix.cells[r]?.[c];
        return [cell?.value ?? null, cell?.n ?? 0];
      }),
    ]);
    exportCsv({
      filename: csvFilename([
        'parcours',
        'journey',
        kpi,
        cols,
        window.from,
        window.to,
        ...filterNameParts(filters),
      ]),
      csv: toCsv(
        header.map((h, i) => ({ header: h, value: (row: (string | number | null)[]) => row[i] })),
        rows,
      ),
      view: t.journey.heatmap,
      rows: rows.length,
    });
  };

  let body: React.ReactNode;
  if (failed)
    body = (
      <ErrorState what={t.state.what.heatmap} error={failed.error} onRetry={() => void failed.refetch()} />
    );
  else if (loading) body = <Skeleton height={320} />;
  else if (matrix.columns.length === 0) body = <EmptyState title={t.drill.empty} hint={t.drill.emptyHint} />;
  else
    body = (
      <>
        <div className="heatmap-wrap">
          <table className="heatmap" data-testid="heatmap">
            <caption className="sr-only">{`${t.journey.heatmap}: ${label}`}</caption>
            <thead>
              <tr>
                <td />
                {matrix.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((stage, r) => (
                <tr key={stage}>
                  <th scope="row">{t.stage[stage]}</th>
                  {matrix.columns.map((c, ci) => {
                    const cell = matrix.cells[r]?.[ci];
                    if (!cell || cell.value === null || cell.intensity === null || !matrix.scale) {
                      return (
                        <td key={c.key}>
                          <span className="heat-cell empty">
                            <small>{cell && cell.n > 0 ? t.kpi.noData : '–'}</small>
                            <span className="sr-only">{t.journey.emptyCell}</span>
                          </span>
                        </td>
                      );
                    }
                    const colours = heatColours(cell.intensity, matrix.scale.mode);
                    const text = valueText(cell.value);
                    const n = t.kpi.n(fmt.integer(cell.n));
                    return (
                      <td key={c.key}>
                        <Link
                          className="heat-cell"
                          data-low-sample={cell.lowSample}
                          style={{ background: colours.background, color: colours.foreground }}
                          to="/kpis/$kpi/records"
                          params={{ kpi }}
                          search={drillSearch(
                            carried,
                            kpi,
                            cols === 'channel'
                              ? { stage: [stage], channel: [c.key] }
                              : { touchpoint: [c.key] },
                          )}
                          aria-label={`${t.journey.cellLabel(t.stage[stage], c.label, text, n)}${cell.lowSample ? `, ${t.kpi.lowSample}` : ''}`}
                        >
                          <strong>{text}</strong>
                          <small>
                            {n}
                            {cell.lowSample ? ' ⚠' : ''}
                          </small>
                        </Link>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <HeatLegend matrix={matrix} better={def.better} format={valueText} />
      </>
    );

  return (
    <section aria-labelledby="heatmap-heading" className="card card-pad">
      <div className="section-head">
        <div>
          <h2 id="heatmap-heading">{t.journey.heatmap}</h2>
          <p className="hint">{t.journey.heatmapHint(label)}</p>
        </div>
        <button
          type="button"
          className="btn btn-small"
          onClick={exportHeatmap}
          disabled={loading || Boolean(failed)}
          aria-label={t.table.exportCsvLabel(t.journey.heatmap)}
          data-testid="csv-export"
        >
          <IconDownload />
          {t.table.exportCsv}
        </button>
      </div>
      {body}
    </section>
  );
}

function HeatLegend({
  matrix,
  better,
  format,
}: {
  matrix: ReturnType<typeof heatmapMatrix>;
  better: 'higher' | 'lower';
  format: (v: number) => string;
}) {
  const { t } = useI18n();
  const scale = matrix.scale;
  if (!scale) return null;
  if (scale.mode === 'diverging') {
    const ramp = [-1, -0.5, 0, 0.5, 1].map((i) => heatColours(i, 'diverging').background).join(', ');
    return (
      <div className="heat-legend">
        <span>{t.journey.divergingLegend(format(scale.target))}</span>
        <span>{t.journey.worse}</span>
        <span className="heat-ramp" style={{ background: `linear-gradient(90deg, ${ramp})` }} />
        <span>{t.journey.better}</span>
        <span>· ⚠ {t.kpi.lowSample}</span>
      </div>
    );
  }
  const ramp = [0, 0.5, 1].map((i) => heatColours(i, 'sequential').background).join(', ');
  return (
    <div className="heat-legend">
      <span>{t.journey.sequentialLegend}</span>
      <span className="num">{format(scale.min)}</span>
      <span className="heat-ramp" style={{ background: `linear-gradient(90deg, ${ramp})` }} />
      <span className="num">{format(scale.max)}</span>
      <span>· {t.better[better]}</span>
      <span>· ⚠ {t.kpi.lowSample}</span>
    </div>
  );
}
