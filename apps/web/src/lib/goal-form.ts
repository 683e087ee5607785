/**
 * The goal form's values, checks and mapping to the API input. Checks return error codes;
 * the form words them in the active language. The server checks again (ZGoalInput).
 */
import { type Goal, type GoalInput, KPI_IDS, KPIS, type KpiId, type SCOPE_TYPES } from '@parcours/domain';

export type ScopeType = (typeof SCOPE_TYPES)[number];

export type GoalFormValues = {
  kpi: KpiId | '';
  scope_type: ScopeType;
  scope_id: string;
  period: string;
  target: string;
  warning_band: string;
  note: string;
};

export type GoalFormField = keyof GoalFormValues;

export type GoalFormError =
  | { code: 'required' }
  | { code: 'notANumber' }
  | { code: 'periodFormat' }
  | { code: 'scopeRequired' }
  | { code: 'bandNegative' }
  | { code: 'mustBePositive' }
  | { code: 'noteTooLong' }
  | { code: 'outOfRange'; min: number; max: number };

export type GoalFormErrors = Partial<Record<GoalFormField, GoalFormError>>;

export const GOAL_FORM_FIELDS: readonly GoalFormField[] = [
  'kpi',
  'scope_type',
  'scope_id',
  'period',
  'target',
  'warning_band',
  'note',
];

export function emptyGoalForm(period: string): GoalFormValues {
  return { kpi: '', scope_type: 'company', scope_id: '', period, target: '', warning_band: '', note: '' };
}

export function goalFormFrom(goal: Goal): GoalFormValues {
  return {
    kpi: goal.kpi,
    scope_type: goal.scope_type,
    scope_id: goal.scope_id ?? '',
    period: goal.period,
    target: String(goal.target),
    warning_band: goal.warning_band === null ? '' : String(goal.warning_band),
    note: goal.note ?? '',
  };
}

/** "12,5", "12.5", " 1 200 " → a number; null when it is not one */
export function parseDecimal(text: string): number | null {
  const cleaned = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.')
    .replace('\u2212', '-');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

export function validateGoalForm(values: GoalFormValues): GoalFormErrors {
  const errors: GoalFormErrors = {};
  if (values.kpi === '' || !(KPI_IDS as readonly string[]).includes(values.kpi))
    errors.kpi = { code: 'required' };
  if (values.scope_type !== 'company' && values.scope_id.trim() === '')
    errors.scope_id = { code: 'scopeRequired' };
  if (values.period.trim() === '') errors.period = { code: 'required' };
  else if (!PERIOD.test(values.period.trim())) errors.period = { code: 'periodFormat' };

  const target = parseDecimal(values.target);
  if (values.target.trim() === '') errors.target = { code: 'required' };
  else if (target === null) errors.target = { code: 'notANumber' };
  else if (values.kpi !== '') {
    const unit = KPIS[values.kpi].unit;
    if (unit === 'points' && (target < -100 || target > 100))
      errors.target = { code: 'outOfRange', min: -100, max: 100 };
    else if (unit === 'percent' && (target < 0 || target > 100))
      errors.target = { code: 'outOfRange', min: 0, max: 100 };
    else if (unit !== 'points' && unit !== 'percent' && target < 0)
      errors.target = { code: 'mustBePositive' };
  }

  if (values.warning_band.trim() !== '') {
    const band = parseDecimal(values.warning_band);
    if (band === null) errors.warning_band = { code: 'notANumber' };
    else if (band < 0) errors.warning_band = { code: 'bandNegative' };
  }
  if (values.note.length > 1000) errors.note = { code: 'noteTooLong' };
  return errors;
}

/** The API input of valid values (call validateGoalForm first). */
export function goalInputOf(values: GoalFormValues): GoalInput | null {
  const target = parseDecimal(values.target);
  if (values.kpi === '' || target === null) return null;
  const band = values.warning_band.trim() === '' ? null : parseDecimal(values.warning_band);
  return {
    kpi: values.kpi,
    scope_type: values.scope_type,
    scope_id: values.scope_type === 'company' ? null : values.scope_id.trim(),
    period: values.period.trim(),
    target,
    warning_band: band,
    note: values.note.trim() === '' ? null : values.note.trim(),
  };
}

/** Server validation details name fields; keep the ones the form shows. */
export function fieldOf(name: string): GoalFormField | null {
  return (GOAL_FORM_FIELDS as readonly string[]).includes(name) ? (name as GoalFormField) : null;
}
