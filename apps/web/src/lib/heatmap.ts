/**
 * KPI values per (journey stage, channel or touchpoint) → the journey heatmap matrix: stages
 * in journey order as rows, columns in a stable order, and each cell's colour intensity:
 * sequential (0–1, low to high value) or, when a target is given, diverging around it
 * (−1 worst … 0 on target … 1 best, for the KPI's better direction).
 */
import { JOURNEY_STAGES, type KpiValue } from '@parcours/domain';

export type Stage = (typeof JOURNEY_STAGES)[number];

export type HeatInput = { stage: Stage; column: string; columnLabel: string; value: KpiValue | undefined };

export type HeatCell = {
  stage: Stage;
  column: string;
  value: number | null;
  n: number;
  lowSample: boolean;
  /** null: no value to colour */
  intensity: number | null;
};

export type HeatScale =
  | { mode: 'sequential'; min: number; max: number }
  | { mode: 'diverging'; target: number; maxGap: number };

export type HeatmapMatrix = {
  rows: Stage[];
  columns: { key: string; label: string }[];
  /** cells[row][column] */
  cells: HeatCell[][];
  scale: HeatScale | null;
};

export function heatmapMatrix(
  inputs: readonly HeatInput[],
  options: {
    better: 'higher' | 'lower';
    target?: number | null;
    stages?: readonly Stage[];
    columnOrder?: readonly string[];
    /** leave out columns without a single record (a channel no stage uses) */
    dropEmptyColumns?: boolean;
  },
): HeatmapMatrix {
  const stageSet = new Set(options.stages ?? inputs.map((i) => i.stage));
  const rows = JOURNEY_STAGES.filter((s) => stageSet.has(s));
  const labels = new Map<string, string>();
  const used = new Set<string>();
  for (const input of inputs) {
    if (!labels.has(input.column)) labels.set(input.column, input.columnLabel);
    if ((input.value?.n ?? 0) > 0 && rows.includes(input.stage)) used.add(input.column);
  }
  const order =
    options.columnOrder ??
    [...labels.keys()].sort((a, b) => (labels.get(a) ?? a).localeCompare(labels.get(b) ?? b));
  const columns = order
    .filter((key) => labels.has(key) && (!options.dropEmptyColumns || used.has(key)))
    .map((key) => ({ key, label: labels.get(key) ?? key }));

  const byCell = new Map<string, KpiValue | undefined>();
  for (const input of inputs) byCell.set(`${input.stage}\u0000${input.column}`, input.value);

  const present: number[] = [];
  for (const v of byCell.values()) if (v?.value != null) present.push(v.value);

  let scale: HeatScale | null = null;
  if (present.length > 0) {
    if (options.target != null) {
      const target = options.target;
      const maxGap = Math.max(...present.map((v) => Math.abs(v - target))) || 1;
      scale = { mode: 'diverging', target, maxGap };
    } else {
      scale = { mode: 'sequential', min: Math.min(...present), max: Math.max(...present) };
    }
  }

  const cells = rows.map((stage) =>
    columns.map(({ key }) => {
      const v = byCell.get(`${stage}\u0000${key}`);
      const value = v?.value ?? null;
      return {
        stage,
        column: key,
        value,
        n: v?.n ?? 0,
        lowSample: value !== null && (v?.lowSample ?? false),
        intensity: value === null || scale === null ? null : intensityOf(value, scale, options.better),
      };
    }),
  );
  return { rows, columns, cells, scale };
}

export function intensityOf(value: number, scale: HeatScale, better: 'higher' | 'lower'): number {
  if (scale.mode === 'sequential') {
    return scale.max === scale.min ? 0.5 : (value - scale.min) / (scale.max - scale.min);
  }
  const gap = better === 'higher' ? value - scale.target : scale.target - value;
  return Math.max(-1, Math.min(1, gap / scale.maxGap));
}
