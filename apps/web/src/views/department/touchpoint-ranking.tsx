import { type GoalStatusItem, KPI_IDS, KPIS, type KpiId } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useId } from 'react';
import { kpisQuery } from '../../api/queries.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { KpiCell } from '../../components/kpi-cell.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useSearchUpdate } from '../../hooks/use-search-update.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename, filterNameParts } from '../../lib/csv.ts';
import { drillSearch } from '../../lib/drill-link.ts';
import { carriedSearch } from '../../lib/search.ts';
import { type RankedTouchpoint, rankTouchpoints } from '../../lib/touchpoint-rank.ts';

export function TouchpointRanking(props: {
  departmentId: string;
  dashboard: Dashboard;
  goals: readonly GoalStatusItem[];
  /** the department's touchpoints (those owned by its teams) */
  touchpointIds: ReadonlySet<string> | undefined;
}) {
  const { t, fmt, locale } = useI18n();
  const id = useId();
  const search = useSearch({ from: '/dashboard/departments/$departmentId' });
  const update = useSearchUpdate();
  const departmentGoals = props.goals.filter((g) => g.goal.scope_type === 'department');
  const kpi: KpiId = search.kpi ?? departmentGoals[0]?.goal.kpi ?? 'nps';
  const def = KPIS[kpi];
  const { window, filters } = props.dashboard;
  const query = useQuery(
    kpisQuery({
      from: window.from,
      to: window.to,
      filters: { ...filters, department: [props.departmentId] },
      groupBy: 'touchpoint',
      kpis: [kpi],
      compare: false,
    }),
  );
  const target = departmentGoals.find((g) => g.goal.kpi === kpi)?.goal.target ?? null;
  const touchpointTargets = new Map(
    props.goals
      .filter((g) => g.goal.scope_type === 'touchpoint' && g.goal.kpi === kpi)
      .map((g) => [g.goal.scope_id, g.goal.target]),
  );
  const rows = query.data
    ? rankTouchpoints({
        groups: query.data.groups.filter((g) => props.touchpointIds?.has(g.key) ?? true),
        kpi,
        better: def.better,
        target,
        targetOf: (tp) => touchpointTargets.get(tp) ?? null,
      })
    : [];
  const maxGap = Math.max(1e-9, ...rows.map((r) => Math.abs(r.gap ?? 0)));
  const carried = carriedSearch(props.dashboard.search);
  const label = def.label[locale];
  const gapText = (gap: number) => fmt.delta(gap, def.unit);

  const columns: Column<RankedTouchpoint>[] = [
    {
      key: 'rank',
      header: '#',
      numeric: true,
      cell: (r) => fmt.integer(rows.indexOf(r) + 1),
      csv: (r) => rows.indexOf(r) + 1,
    },
    {
      key: 'touchpoint',
      header: t.department.touchpoint,
      cell: (r) => (
        <Link to="/" search={{ ...carried, touchpoint: [r.key] }}>
          {r.label}
        </Link>
      ),
      csv: (r) => r.label,
      sortValue: (r) => r.label,
    },
    {
      key: 'value',
      header: label,
      numeric: true,
      cell: (r) => (
        <KpiCell
          kpi={kpi}
          value={query.data?.groups.find((g) => g.key === r.key)?.kpis[kpi]}
          search={drillSearch(carried, kpi, { touchpoint: [r.key] })}
        />
      ),
      csv: (r) => r.value,
      sortValue: (r) => r.value,
    },
    {
      key: 'n',
      header: t.column.n,
      numeric: true,
      cell: (r) => fmt.integer(r.n),
      csv: (r) => r.n,
      sortValue: (r) => r.n,
    },
    {
      key: 'gap',
      header: t.department.gap,
      numeric: true,
      cell: (r) =>
        r.gap === null ? (
          <span className="muted">—</span>
        ) : (
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                height: 8,
                width: `${Math.round((60 * Math.abs(r.gap)) / maxGap)}px`,
                background: r.gap > 0 ? 'var(--bad)' : 'var(--good)',
                borderRadius: 2,
              }}
            />
            <span className={r.gap > 0 ? 'tone-bad' : 'tone-good'}>{gapText(r.gap)}</span>
          </span>
        ),
      csv: (r) => r.gap,
      sortValue: (r) => r.gap,
    },
  ];

  return (
    <section aria-labelledby="dept-touchpoints">
      <div className="section-head">
        <div>
          <h2 id="dept-touchpoints">{t.department.touchpoints}</h2>
          <p className="hint">
            {target !== null
              ? t.department.touchpointsHint(label, fmt.kpi(target, def.unit, true))
              : t.department.touchpointsNoTarget(label)}
          </p>
        </div>
        <div className="field" style={{ gridAutoFlow: 'column', alignItems: 'center', gap: 8 }}>
          <label htmlFor={`${id}-kpi`}>{t.department.rankBy}</label>
          <select
            id={`${id}-kpi`}
            className="select"
            value={kpi}
            onChange={(e) => update({ kpi: e.target.value }, { replace: true })}
          >
            {KPI_IDS.map((k) => (
              <option key={k} value={k}>
                {KPIS[k].label[locale]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {query.isError ? (
        <ErrorState
          what={t.state.what.touchpoints}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : !query.data || !props.touchpointIds ? (
        <TableSkeleton rows={5} label={t.state.loading} />
      ) : rows.length === 0 ? (
        <EmptyState title={t.department.touchpointsEmpty} hint={t.drill.emptyHint} />
      ) : (
        <DataTable
          caption={t.department.touchpoints}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.key}
          csvFilename={csvFilename([
            'parcours',
            'touchpoints',
            props.departmentId,
            kpi,
            window.from,
            window.to,
            ...filterNameParts(filters),
          ])}
          testId="touchpoints-table"
        />
      )}
    </section>
  );
}
