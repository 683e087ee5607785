import { type Goal, KPI_IDS, KPIS, SCOPE_TYPES } from '@parcours/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { api } from '../../api/endpoints.ts';
import { queryKeys, referenceQuery } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { Messages } from '../../i18n/messages.ts';
import {
  fieldOf,
  type GoalFormError,
  type GoalFormErrors,
  type GoalFormField,
  type GoalFormValues,
  goalInputOf,
  validateGoalForm,
} from '../../lib/goal-form.ts';

function errorText(t: Messages, error: GoalFormError, fmtNumber: (n: number) => string): string {
  switch (error.code) {
    case 'outOfRange':
      return t.form.outOfRange(fmtNumber(error.min), fmtNumber(error.max));
    default:
      return t.form[error.code];
  }
}

type ServerErrors = { fields: Partial<Record<GoalFormField, string>>; message: string | null };

/** Create or edit a goal, with every problem named next to its field and listed on top. */
export function GoalForm(props: {
  initial: GoalFormValues;
  goal?: Goal;
  onSaved: (goal: Goal) => void;
  extraActions?: React.ReactNode;
}) {
  const { t, fmt, locale } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const reference = useQuery(referenceQuery);
  const [values, setValues] = useState<GoalFormValues>(props.initial);
  const [errors, setErrors] = useState<GoalFormErrors>({});
  const [server, setServer] = useState<ServerErrors>({ fields: {}, message: null });
  const summaryRef = useRef<HTMLDivElement>(null);

  const save = useMutation({
    mutationFn: (input: NonNullable<ReturnType<typeof goalInputOf>>) =>
      props.goal ? api.updateGoal(props.goal.id, input) : api.createGoal(input),
    onSuccess: async (goal) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.goalsAll });
      props.onSaved(goal);
    },
    onError: (error) => {
      const fields: ServerErrors['fields'] = {};
      if (isApiError(error)) {
        for (const d of error.details) {
          const f = fieldOf(d.field);
          if (f) fields[f] = d.reason;
        }
      }
      setServer({ fields, message: error instanceof Error ? error.message : String(error) });
      requestAnimationFrame(() => summaryRef.current?.focus());
    },
  });

  const set = <K extends GoalFormField>(field: K, value: GoalFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value, ...(field === 'scope_type' ? { scope_id: '' } : {}) }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = validateGoalForm(values);
    setErrors(found);
    setServer({ fields: {}, message: null });
    const input = goalInputOf(values);
    if (Object.keys(found).length > 0 || !input) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    save.mutate(input);
  };

  const messageOf = (field: GoalFormField) => {
    const e = errors[field];
    return e ? errorText(t, e, (n) => fmt.number(n)) : (server.fields[field] ?? null);
  };
  const listed = ([...Object.keys(errors), ...Object.keys(server.fields)] as GoalFormField[]).filter(
    (f, i, all) => messageOf(f) && all.indexOf(f) === i,
  );
  const labels: Record<GoalFormField, string> = {
    kpi: t.form.kpi,
    scope_type: t.form.scopeType,
    scope_id: t.form.scope,
    period: t.form.period,
    target: t.form.target,
    warning_band: t.form.band,
    note: t.form.note,
  };
  const fieldProps = (field: GoalFormField) => {
    const message = messageOf(field);
    return {
      id: `${id}-${field}`,
      name: field,
      'aria-invalid': message ? true : undefined,
      'aria-describedby': [message ? `${id}-${field}-error` : null, `${id}-${field}-hint`]
        .filter(Boolean)
        .join(' '),
    };
  };
  const fieldError = (field: GoalFormField) => {
    const message = messageOf(field);
    return message ? (
      <p id={`${id}-${field}-error`} className="form-error">
        {message}
      </p>
    ) : null;
  };

  const def = values.kpi ? KPIS[values.kpi] : null;
  const scopes =
    values.scope_type === 'department'
      ? (reference.data?.departments ?? [])
      : values.scope_type === 'team'
        ? (reference.data?.teams ?? [])
        : values.scope_type === 'touchpoint'
          ? (reference.data?.touchpoints ?? [])
          : [];

  return (
    <form onSubmit={submit} noValidate data-testid="goal-form">
      {listed.length > 0 || server.message ? (
        <div ref={summaryRef} tabIndex={-1} className="notice notice-error error-summary" role="alert">
          {server.message && listed.length === 0 ? (
            <p>{t.form.serverError(server.message)}</p>
          ) : (
            <>
              <p>
                <strong>{t.form.errorsTitle(listed.length)}</strong>
              </p>
              <ul>
                {listed.map((f) => (
                  <li key={f}>
                    <a href={`#${id}-${f}`}>{t.pair(labels[f], messageOf(f) ?? '')}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
      <div className="form-grid">
        <div className="field span-2">
          <label htmlFor={`${id}-kpi`}>{t.form.kpi}</label>
          <select
            {...fieldProps('kpi')}
            className="select"
            value={values.kpi}
            onChange={(e) => set('kpi', e.target.value as GoalFormValues['kpi'])}
          >
            <option value="">{t.form.chooseScope}</option>
            {KPI_IDS.map((k) => (
              <option key={k} value={k}>
                {KPIS[k].label[locale]}
              </option>
            ))}
          </select>
          {fieldError('kpi')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-scope_type`}>{t.form.scopeType}</label>
          <select
            {...fieldProps('scope_type')}
            className="select"
            value={values.scope_type}
            onChange={(e) => set('scope_type', e.target.value as GoalFormValues['scope_type'])}
          >
            {SCOPE_TYPES.map((s) => (
              <option key={s} value={s}>
                {t.goals.scopeType[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-scope_id`}>{t.form.scope}</label>
          {values.scope_type === 'company' ? (
            <input {...fieldProps('scope_id')} className="input" value={t.goals.companyScope} disabled />
          ) : (
            <select
              {...fieldProps('scope_id')}
              className="select"
              value={values.scope_id}
              onChange={(e) => set('scope_id', e.target.value)}
            >
              <option value="">{t.form.chooseScope}</option>
              {scopes.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
          {fieldError('scope_id')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>{t.form.period}</label>
          <input
            {...fieldProps('period')}
            className="input"
            value={values.period}
            onChange={(e) => set('period', e.target.value)}
            placeholder="2026-Q4"
            autoComplete="off"
            spellCheck={false}
          />
          <p id={`${id}-period-hint`} className="hint">
            {t.form.periodHint}
          </p>
          {fieldError('period')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-target`}>{t.form.target}</label>
          <input
            {...fieldProps('target')}
            className="input"
            inputMode="decimal"
            value={values.target}
            onChange={(e) => set('target', e.target.value)}
            autoComplete="off"
          />
          <p id={`${id}-target-hint`} className="hint">
            {def ? t.form.targetHint(t.form.units[def.unit], t.better[def.better]) : ''}
          </p>
          {fieldError('target')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-warning_band`}>{t.form.band}</label>
          <input
            {...fieldProps('warning_band')}
            className="input"
            inputMode="decimal"
            value={values.warning_band}
            onChange={(e) => set('warning_band', e.target.value)}
            autoComplete="off"
          />
          <p id={`${id}-warning_band-hint`} className="hint">
            {t.form.bandHint(def ? t.form.defaultBand[def.unit] : t.form.defaultBand.percent)}
          </p>
          {fieldError('warning_band')}
        </div>
        <div className="field span-2">
          <label htmlFor={`${id}-note`}>{t.form.note}</label>
          <textarea
            {...fieldProps('note')}
            className="input"
            value={values.note}
            onChange={(e) => set('note', e.target.value)}
            maxLength={1000}
          />
          <p id={`${id}-note-hint`} className="hint">
            {t.form.noteHint}
          </p>
          {fieldError('note')}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t.form.saving : props.goal ? t.form.save : t.form.create}
        </button>
        {props.extraActions}
      </div>
    </form>
  );
}
