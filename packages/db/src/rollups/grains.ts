/**
 * The rollup grains. Every grain is a daily table keyed by a few dimensions; a query reads
 * the smallest grain whose keys cover its filters and group-by (see queries/planner.ts),
 * like an OLAP engine picking an aggregate. Crossing every dimension in one table would be
 * nearly as large as the raw data, so combinations that no grain covers read raw records.
 * See docs/decisions/002-rollup-grains.md.
 */
export type Fact = 'interactions' | 'feedback';
/** the dimensions a grain can be keyed by, besides the day */
export type GrainKey = 'touchpoint_id' | 'team_id' | 'segment' | 'region' | 'mode';

export type Grain = {
  name: string;
  fact: Fact;
  table: `rollup_${string}`;
  keys: readonly GrainKey[];
};

/** In order of preference: the first grain that covers a query is the smallest one. */
export const GRAINS: readonly Grain[] = [
  { name: 'i_day', fact: 'interactions', table: 'rollup_i_day', keys: [] },
  { name: 'i_day_seg_reg', fact: 'interactions', table: 'rollup_i_day_seg_reg', keys: ['segment', 'region'] },
  {
    name: 'i_day_tp_team',
    fact: 'interactions',
    table: 'rollup_i_day_tp_team',
    keys: ['touchpoint_id', 'team_id'],
  },
  { name: 'f_day', fact: 'feedback', table: 'rollup_f_day', keys: ['mode'] },
  {
    name: 'f_day_seg_reg',
    fact: 'feedback',
    table: 'rollup_f_day_seg_reg',
    keys: ['segment', 'region', 'mode'],
  },
  {
    name: 'f_day_tp_team',
    fact: 'feedback',
    table: 'rollup_f_day_tp_team',
    keys: ['touchpoint_id', 'team_id', 'mode'],
  },
];

export function grainsOf(fact: Fact): Grain[] {
  return GRAINS.filter((g) => g.fact === fact);
}

/** The dimension values of one record, from which each grain takes its key. */
export type RollupContext = {
  touchpoint_id: string;
  team_id: string;
  /** '' when the customer has none: key columns are never null */
  segment: string;
  region: string;
  /** feedback only */
  mode: string;
};
