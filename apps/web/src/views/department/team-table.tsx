import { KPIS, type KpiId, type Reference } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { kpisQuery } from '../../api/queries.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { KpiCell } from '../../components/kpi-cell.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import type { Dashboard } from '../../hooks/use-dashboard.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename, filterNameParts } from '../../lib/csv.ts';
import { drillSearch } from '../../lib/drill-link.ts';
import { carriedSearch } from '../../lib/search.ts';

const TEAM_KPIS: readonly KpiId[] = [
  'nps',
  'csat',
  'resolution_delay',
  'wait_time',
  'complaint_rate',
  'abandonment',
];

export function TeamTable(props: {
  departmentId: string;
  dashboard: Dashboard;
  reference: Reference | undefined;
}) {
  const { t, locale } = useI18n();
  const { window, filters } = props.dashboard;
  const scoped = { ...filters, department: [props.departmentId] };
  const query = useQuery(
    kpisQuery({
      from: window.from,
      to: window.to,
      filters: scoped,
      groupBy: 'team',
      kpis: TEAM_KPIS,
      compare: false,
    }),
  );
  const carried = carriedSearch(props.dashboard.search);
  const teams = (props.reference?.teams ?? []).filter((team) => team.department_id === props.departmentId);
  const byTeam = new Map((query.data?.groups ?? []).map((g) => [g.key, g.kpis]));
  // a team filter narrows the department view to those teams (the team view)
  const chosen = filters.team;
  const rows = teams
    .filter((team) => !chosen || chosen.includes(team.id))
    .map((team) => ({ id: team.id, name: team.name, kpis: byTeam.get(team.id) ?? {} }));

  const columns: Column<(typeof rows)[number]>[] = [
    {
      key: 'team',
      header: t.department.team,
      cell: (r) => (
        <Link
          to="/departments/$departmentId"
          params={{ departmentId: props.departmentId }}
          search={{ ...carried, team: [r.id] }}
        >
          {r.name}
        </Link>
      ),
      csv: (r) => r.name,
      sortValue: (r) => r.name,
    },
    ...TEAM_KPIS.map(
      (kpi): Column<(typeof rows)[number]> => ({
        key: kpi,
        header: KPIS[kpi].label[locale],
        numeric: true,
        cell: (r) => (
          <KpiCell kpi={kpi} value={r.kpis[kpi]} search={drillSearch(carried, kpi, { team: [r.id] })} />
        ),
        csv: (r) => r.kpis[kpi]?.value ?? null,
        sortValue: (r) => r.kpis[kpi]?.value ?? null,
      }),
    ),
  ];

  return (
    <section aria-labelledby="dept-teams">
      <div className="section-head">
        <h2 id="dept-teams">{t.department.teams}</h2>
      </div>
      {query.isError ? (
        <ErrorState what={t.state.what.teams} error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data || !props.reference ? (
        <TableSkeleton rows={4} label={t.state.loading} />
      ) : rows.length === 0 ? (
        <EmptyState title={t.department.teamsEmpty} />
      ) : (
        <DataTable
          caption={t.department.teams}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.id}
          initialSort={{ key: 'team', dir: 'asc' }}
          csvFilename={csvFilename([
            'parcours',
            'teams',
            props.departmentId,
            window.from,
            window.to,
            ...filterNameParts(filters),
          ])}
          testId="teams-table"
        />
      )}
    </section>
  );
}
