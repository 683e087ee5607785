import type { KpiGroup, KpiValue } from '@parcours/domain';

export function kv(value: number | null, n = 100, extra: Partial<KpiValue> = {}): KpiValue {
  return {
    value,
    n,
    moe: value === null ? null : 3,
    lowSample: n < 30,
    previous: null,
    change: null,
    significant: null,
    ...extra,
  };
}

export function group(key: string, kpis: KpiGroup['kpis'], label = key): KpiGroup {
  return { key, label, kpis };
}
