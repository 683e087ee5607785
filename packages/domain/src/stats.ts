/** Sampling statistics of kpis.md ("Honesty about uncertainty"). */

export const LOW_SAMPLE_THRESHOLD = 30;
const Z95 = 1.96;

/** 95% margin of error of an NPS, in points, from promoter and detractor counts. */
export function npsMarginOfError(promoters: number, detractors: number, n: number): number | null {
  if (n <= 0) return null;
  const p = promoters / n;
  const d = detractors / n;
  return Z95 * 100 * Math.sqrt((p + d - (p - d) ** 2) / n);
}

/** 95% margin of error of a proportion, in percentage points. */
export function proportionMarginOfError(successes: number, n: number): number | null {
  if (n <= 0) return null;
  const q = successes / n;
  return Z95 * 100 * Math.sqrt((q * (1 - q)) / n);
}

/**
 * 95% margin of error of a mean: 1.96 × s / √n, with s² the sample variance. kpis.md leaves
 * means open; see docs/kpi-decisions.md for where the variance comes from.
 */
export function meanMarginOfError(n: number, variance: number | null): number | null {
  if (n < 2 || variance === null) return null;
  return (Z95 * Math.sqrt(Math.max(0, variance))) / Math.sqrt(n);
}

export function isLowSample(n: number): boolean {
  return n < LOW_SAMPLE_THRESHOLD;
}

/**
 * A change is significant only where it exceeds the combined margin of error. Null when
 * either side has no value or no margin (totals such as revenue carry none).
 */
export function isSignificantChange(
  current: { value: number | null; moe: number | null },
  previous: { value: number | null; moe: number | null },
): boolean | null {
  if (current.value === null || previous.value === null) return null;
  if (current.moe === null || previous.moe === null) return null;
  const combined = Math.sqrt(current.moe ** 2 + previous.moe ** 2);
  return Math.abs(current.value - previous.value) > combined;
}
