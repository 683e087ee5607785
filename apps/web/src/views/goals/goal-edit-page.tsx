import { KPIS } from '@parcours/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { goalsQuery, queryKeys } from '../../api/queries.ts';
import { Forbidden } from '../../components/forbidden.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../../components/states.tsx';
import { useSession } from '../../hooks/use-access.ts';
import { useCanManage } from '../../hooks/use-can-manage.ts';
import { usePeriodLabel } from '../../hooks/use-period-label.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { goalFormFrom } from '../../lib/goal-form.ts';
import { GoalForm } from './goal-form.tsx';

export function GoalEditPage() {
  const { goalId } = useParams({ from: '/goals/$goalId' });
  const { lang } = useSearch({ from: '/goals/$goalId' });
  const { t, locale } = useI18n();
  const periodLabel = usePeriodLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const goals = useQuery(goalsQuery());
  const [notice, setNotice] = useState<string | null>(null);
  const goal = goals.data?.find((g) => g.id === goalId);
  const canManage = useCanManage();
  const session = useSession();
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteGoal(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.goalsAll });
      void navigate({ to: '/goals', search: { lang } });
    },
  });

  return (
    <main id="main" className="app-main" tabIndex={-1}>
      <div className="breadcrumb">
        <Link to="/goals" search={{ lang }}>
          ← {t.goals.title}
        </Link>
      </div>
      <div className="page-head">
        <div>
          <h1>{t.goals.edit}</h1>
          {goal ? (
            <p className="muted">
              {KPIS[goal.kpi].label[locale]} · {t.goals.scopeType[goal.scope_type]} · {goal.scope_name} ·{' '}
              {periodLabel(goal.period)}
            </p>
          ) : null}
        </div>
      </div>
      {notice ? (
        <p className="notice notice-success" role="status" style={{ marginBottom: 14 }}>
          {notice}
        </p>
      ) : null}
      {remove.isError ? (
        <p className="notice notice-error" role="alert" style={{ marginBottom: 14 }}>
          {t.form.serverError(remove.error.message)}
        </p>
      ) : null}
      {goals.isError ? (
        <ErrorState what={t.state.what.goal} error={goals.error} onRetry={() => void goals.refetch()} />
      ) : goals.isPending ? (
        <TableSkeleton rows={4} label={t.state.loading} />
      ) : !goal ? (
        <EmptyState
          title={t.goals.notFound}
          action={
            <Link to="/goals" search={{ lang }} className="btn">
              {t.goals.list}
            </Link>
          }
        />
      ) : !session ? (
        <TableSkeleton rows={4} label={t.state.loading} />
      ) : !canManage ? (
        <Forbidden what={t.goals.title} why={t.access.adminOnly} />
      ) : (
        <section className="card card-pad" style={{ maxWidth: 760 }}>
          <GoalForm
            // one form per goal: a refetch that brings a newer copy never discards what is being typed
            key={goal.id}
            goal={goal}
            initial={goalFormFrom(goal)}
            onSaved={() => setNotice(t.form.saved)}
            extraActions={
              <button
                type="button"
                className="btn btn-danger"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(t.form.confirmDelete)) remove.mutate(goal.id);
                }}
              >
                {t.form.delete}
              </button>
            }
          />
        </section>
      )}
    </main>
  );
}
