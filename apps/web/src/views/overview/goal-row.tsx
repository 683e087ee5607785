import { type GoalStatusItem, KPIS } from '@parcours/domain';
import { Link } from '@tanstack/react-router';
import { BulletGraph } from '../../charts/bullet-graph.tsx';
import { IconBetterHigher, IconBetterLower } from '../../components/icons.tsx';
import { LowSampleBadge } from '../../components/low-sample-badge.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { drillFocus } from '../../lib/drill-focus.ts';
import { scopeFilter } from '../../lib/goal-scope.ts';

/** One goal: its KPI, a bullet graph of actual against target, the figures and the status in words. */
export function GoalRow({
  item,
  lang,
  showScope,
}: {
  item: GoalStatusItem;
  lang: 'fr' | 'en' | undefined;
  showScope: boolean;
}) {
  const { t, fmt, locale } = useI18n();
  const { goal } = item;
  const def = KPIS[goal.kpi];
  const label = def.label[locale];
  const actualText = item.actual === null ? t.goal.noActual : fmt.kpi(item.actual, def.unit, true);
  const targetText = fmt.kpi(goal.target, def.unit, true);
  const Better = def.better === 'higher' ? IconBetterHigher : IconBetterLower;
  const focus = drillFocus(goal.kpi, undefined);
  return (
    <li className="goal-row" data-goal={goal.id} data-status={item.status}>
      <div className="goal-name">
        <Link
          to="/kpis/$kpi/records"
          params={{ kpi: goal.kpi }}
          search={{ lang, period: goal.period, ...scopeFilter(goal), subset: focus.subset, sort: focus.sort }}
        >
          {label}
        </Link>
        <small>
          <span
            title={t.better[def.better]}
            style={{ display: 'inline-flex', verticalAlign: 'middle', marginRight: 4 }}
          >
            <Better size={12} />
          </span>
          {t.better[def.better]}
          {showScope ? ` · ${goal.scope_name}` : ''}
        </small>
      </div>
      <div className="goal-bullet">
        <BulletGraph
          unit={def.unit}
          better={def.better}
          actual={item.actual}
          target={goal.target}
          band={goal.effective_band}
          label={t.goal.bulletLabel(label, actualText, targetText, t.status[item.status])}
        />
      </div>
      <div className="goal-figures">
        <span>
          {t.goal.actual} <strong>{actualText}</strong>
        </span>
        <span>
          {t.goal.target} <strong>{targetText}</strong>
        </span>
        {item.attainment !== null && item.attainment >= 0 && goal.target > 0 ? (
          <span>
            {t.goal.attainment} <strong>{fmt.percent(item.attainment * 100, 0)}</strong>
          </span>
        ) : null}
        <span>{t.kpi.n(fmt.integer(item.n))}</span>
      </div>
      <div className="goal-status">
        <StatusBadge status={item.status} />
        {item.lowSample && item.actual !== null ? <LowSampleBadge n={item.n} /> : null}
      </div>
    </li>
  );
}
