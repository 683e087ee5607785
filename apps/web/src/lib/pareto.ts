/**
 * The 20/80 view: items sorted by value (largest first) with each one's share and the
 * cumulative share, and which items make up the first 80% (the "vital few").
 */
export type ParetoInput = { key: string; label: string; value: number | null };
export type ParetoItem = {
  key: string;
  label: string;
  value: number;
  share: number;
  cumulative: number;
  vital: boolean;
};
export type ParetoSeries = { items: ParetoItem[]; total: number; vitalCount: number };

export function paretoSeries(inputs: readonly ParetoInput[], threshold = 80): ParetoSeries {
  // negative amounts (refunds) and missing values contribute nothing to a share of the total
  const positive = inputs
    .filter((i): i is ParetoInput & { value: number } => i.value !== null && i.value > 0)
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const total = positive.reduce((sum, i) => sum + i.value, 0);
  let running = 0;
  let vitalCount = 0;
  const items = positive.map((i) => {
    const before = total > 0 ? (100 * running) / total : 0;
    running += i.value;
    const cumulative = total > 0 ? (100 * running) / total : 0;
    const vital = before < threshold;
    if (vital) vitalCount++;
    return {
      key: i.key,
      label: i.label,
      value: i.value,
      share: total > 0 ? (100 * i.value) / total : 0,
      cumulative,
      vital,
    };
  });
  return { items, total, vitalCount };
}
