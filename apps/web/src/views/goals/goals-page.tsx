import { type Goal, KPIS } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { goalsQuery } from '../../api/queries.ts';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useCanManage } from '../../hooks/use-can-manage.ts';
import { usePeriodLabel } from '../../hooks/use-period-label.ts';
import { useSearchUpdate } from '../../hooks/use-search-update.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { csvFilename } from '../../lib/csv.ts';
import { emptyGoalForm } from '../../lib/goal-form.ts';
import { periodContaining } from '../../lib/period.ts';
import { GoalForm } from './goal-form.tsx';

export function GoalsPage() {
  const { t, fmt, locale, today } = useI18n();
  const search = useSearch({ from: '/goals' });
  const update = useSearchUpdate();
  const periodLabel = usePeriodLabel();
  const id = useId();
  const all = useQuery(goalsQuery());
  const canManage = useCanManage();
  const [notice, setNotice] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);

  const goals = (all.data ?? []).filter((g) => !search.period || g.period === search.period);
  const periods = [...new Set((all.data ?? []).map((g) => g.period))].sort().reverse();
  const columns: Column<Goal>[] = [
    {
      key: 'kpi',
      header: t.column.kpi,
      // only roles that may change goals are offered the edit page
      cell: (g) =>
        !canManage ? (
          KPIS[g.kpi].label[locale]
        ) : (
          <Link
            to="/goals/$goalId"
            params={{ goalId: g.id }}
            search={{ lang: search.lang }}
            aria-label={t.goals.editLink(
              `${KPIS[g.kpi].label[locale]} · ${g.scope_name} · ${periodLabel(g.period)}`,
            )}
          >
            {KPIS[g.kpi].label[locale]}
          </Link>
        ),
      csv: (g) => g.kpi,
      sortValue: (g) => KPIS[g.kpi].label[locale],
    },
    {
      key: 'scope',
      header: t.column.scope,
      cell: (g) => `${t.goals.scopeType[g.scope_type]} · ${g.scope_name}`,
      csv: (g) => `${g.scope_type}:${g.scope_id ?? ''}`,
      sortValue: (g) => `${g.scope_type} ${g.scope_name}`,
    },
    {
      key: 'period',
      header: t.column.period,
      cell: (g) => periodLabel(g.period),
      csv: (g) => g.period,
      sortValue: (g) => g.period,
    },
    {
      key: 'target',
      header: t.column.target,
      numeric: true,
      cell: (g) => fmt.kpi(g.target, KPIS[g.kpi].unit),
      csv: (g) => g.target,
      sortValue: (g) => g.target,
    },
    {
      key: 'band',
      header: t.column.band,
      numeric: true,
      cell: (g) => fmt.moe(g.effective_band, KPIS[g.kpi].unit),
      csv: (g) => g.effective_band,
      sortValue: (g) => g.effective_band,
    },
    { key: 'note', header: t.column.note, cell: (g) => g.note ?? '', csv: (g) => g.note },
  ];

  return (
    <main id="main" className="app-main" tabIndex={-1}>
      <div className="page-head">
        <h1>{t.goals.title}</h1>
      </div>
      {notice ? (
        <p className="notice notice-success" role="status" style={{ marginBottom: 14 }}>
          {notice}
        </p>
      ) : null}
      <div className="goal-layout">
        <section aria-labelledby="goals-list">
          <div className="section-head">
            <h2 id="goals-list">{t.goals.list}</h2>
            <div className="field" style={{ gridAutoFlow: 'column', alignItems: 'center', gap: 8 }}>
              <label htmlFor={`${id}-period`}>{t.goals.filterPeriod}</label>
              <select
                id={`${id}-period`}
                className="select"
                value={search.period ?? ''}
                onChange={(e) => update({ period: e.target.value || undefined })}
              >
                <option value="">{t.goals.allPeriods}</option>
                {[...new Set([...(search.period ? [search.period] : []), ...periods])].map((p) => (
                  <option key={p} value={p}>
                    {periodLabel(p)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {all.isError ? (
            <ErrorState what={t.state.what.goals} error={all.error} onRetry={() => void all.refetch()} />
          ) : all.isPending ? (
            <TableSkeleton label={t.state.loading} />
          ) : goals.length === 0 ? (
            <EmptyState
              title={search.period ? t.goals.emptyForPeriod(periodLabel(search.period)) : t.goals.empty}
              hint={t.goals.emptyHint}
            />
          ) : (
            <DataTable
              caption={t.goals.list}
              columns={columns}
              rows={goals}
              rowKey={(g) => g.id}
              initialSort={{ key: 'period', dir: 'desc' }}
              csvFilename={csvFilename(['parcours', 'goals', search.period])}
              testId="goals-table"
            />
          )}
        </section>
        {canManage ? (
          <section className="card card-pad" aria-labelledby="goal-new">
            <h2 id="goal-new" style={{ marginBottom: 12 }}>
              {t.goals.new}
            </h2>
            <GoalForm
              key={formKey}
              initial={emptyGoalForm(search.period ?? periodContaining(today, 'quarter'))}
              onSaved={() => {
                setNotice(t.form.created);
                setFormKey((k) => k + 1);
              }}
            />
          </section>
        ) : (
          <p className="notice" role="status">
            {t.auth.readOnly}
          </p>
        )}
      </div>
    </main>
  );
}
