import type { ErrorDetail } from '@parcours/domain';

/**
 * The server's validation details, by form field (`team_id`, `body.email` → `email`), and
 * what no field of the form shows (said above the form instead).
 */
export function fieldErrors(
  details: readonly ErrorDetail[],
  fields: readonly string[],
): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const d of details) {
    const field = d.field.replace(/^(body|json)\./, '');
    if (fields.includes(field)) byField[field] = byField[field] ? `${byField[field]}; ${d.reason}` : d.reason;
    else other.push(d.field && d.field !== '(body)' ? `${d.field}: ${d.reason}` : d.reason);
  }
  return { byField, other };
}
