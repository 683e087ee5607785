/**
 * @parcours/demo: a deterministic generator of a French-speaking company's customer
 * experience data (organisation, customers, interactions, survey answers and goals), in the
 * canonical record shapes of @parcours/domain.
 */
import { type GoalInput, isValidTimeZone } from '@parcours/domain';
import { DAY } from './calendar.ts';
import {
  DEPARTMENTS,
  type DepartmentInput,
  TEAMS,
  type TeamInput,
  TOUCHPOINTS,
  type TouchpointInput,
  touchpointRecord,
} from './catalog.ts';
import { type DayOutput, type FeedbackInput, type InteractionInput, Simulation } from './engine.ts';
import { buildGoals, type GoalActual } from './goals.ts';
import { type CustomerInput, generateCustomers } from './people.ts';

export type { DepartmentInput, TeamInput, TouchpointInput } from './catalog.ts';
export type { FeedbackInput, InteractionInput } from './engine.ts';
export { GOAL_PLAN, type GoalActual } from './goals.ts';
export type { CustomerInput } from './people.ts';

export type DemoOptions = {
  /** PRNG seed (default 42) */
  seed?: number;
  /** 'YYYY-MM-DD', the last day of data; the data ends at the next midnight UTC (exclusive) */
  endDate: string;
  /** length of the window in days (default 730) */
  days?: number;
  /** number of customers (default 20,000) */
  customers?: number;
  /** total number of interactions (default 200,000) */
  interactions?: number;
  /**
   * IANA time zone of the organisation's calendar (default 'UTC'): only decides the quarter
   * and year windows the goals are measured over, so that their statuses hold in that zone.
   */
  timeZone?: string;
};

export type ResolvedDemoOptions = Required<DemoOptions> & {
  /** first instant of the data window (epoch ms, UTC midnight) */
  startMs: number;
  /** exclusive end of the data window: midnight UTC after endDate */
  endMs: number;
};

/** At most this many records per batch. */
export const DEMO_BATCH_SIZE = 10_000;

/** One batch of a single-pass stream: interactions always come before the answers to them. */
export type DemoBatch =
  | { kind: 'interactions'; records: InteractionInput[] }
  | { kind: 'feedback'; records: FeedbackInput[] };

export type DemoData = {
  options: ResolvedDemoOptions;
  departments: DepartmentInput[];
  teams: TeamInput[];
  touchpoints: TouchpointInput[];
  customers: CustomerInput[];
  goals: GoalInput[];
  /** the actual each goal's target was set against (period so far) and the resulting status */
  goalActuals: GoalActual[];
  /** interactions in chronological order, batches of at most 10,000; a fresh pass per call */
  interactionBatches(): Generator<InteractionInput[]>;
  /** survey answers in chronological order, batches of at most 10,000; a fresh pass per call */
  feedbackBatches(): Generator<FeedbackInput[]>;
  /**
   * Both streams in one pass (half the work of calling the two above): each batch is either
   * interactions or feedback, each stream stays chronological, and every answer comes after
   * the batch holding its interaction.
   */
  recordBatches(): Generator<DemoBatch>;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function resolveDemoOptions(options: DemoOptions): ResolvedDemoOptions {
  const m = DATE.exec(options.endDate);
  const end = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(end) || new Date(end).toISOString().slice(0, 10) !== options.endDate) {
    throw new RangeError(`endDate must be a date 'YYYY-MM-DD', got ${JSON.stringify(options.endDate)}`);
  }
  const seed = options.seed ?? 42;
  const days = options.days ?? 730;
  const customers = options.customers ?? 20_000;
  const interactions = options.interactions ?? 200_000;
  const timeZone = options.timeZone ?? 'UTC';
  if (!isValidTimeZone(timeZone)) throw new RangeError(`timeZone must be an IANA zone, got ${timeZone}`);
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(days) || days < 1 || days > 20_000)
    throw new RangeError('days must be an integer ≥ 1');
  if (!Number.isInteger(customers) || customers < 1 || customers > 999_999)
    throw new RangeError('customers must be an integer between 1 and 999,999');
  if (!Number.isInteger(interactions) || interactions < 0 || interactions > 9_999_999)
    throw new RangeError('interactions must be an integer between 0 and 9,999,999');
  const endMs = end + DAY;
  return {
    seed,
    endDate: options.endDate,
    days,
    customers,
    interactions,
    timeZone,
    startMs: endMs - days * DAY,
    endMs,
  };
}

function* chunks<T>(sim: Simulation, select: (day: DayOutput) => T[]): Generator<T[]> {
  let batch: T[] = [];
  for (const day of sim.days()) {
    for (const r of select(day)) {
      batch.push(r);
      if (batch.length === DEMO_BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Generates the demo company. Records are built lazily by the batch generators. */
export function generateDemo(options: DemoOptions): DemoData {
  const resolved = resolveDemoOptions(options);
  const { seed, startMs, endMs, days, interactions } = resolved;
  const customerTable = generateCustomers(seed, resolved.customers, startMs, endMs);
  const sim = new Simulation({ seed, startMs, endMs, days, interactions }, customerTable);
  const goalActuals = buildGoals(sim, customerTable, resolved.endDate, resolved.timeZone);

  function* recordBatches(): Generator<DemoBatch> {
    let ib: InteractionInput[] = [];
    let fb: FeedbackInput[] = [];
    for (const day of sim.days()) {
      for (const r of day.interactions) {
        ib.push(r);
        if (ib.length === DEMO_BATCH_SIZE) {
          yield { kind: 'interactions', records: ib };
          ib = [];
        }
      }
      for (const r of day.feedback) {
        fb.push(r);
        if (fb.length === DEMO_BATCH_SIZE) {
          // the interactions answered here may still sit in the pending batch
          if (ib.length > 0) {
            yield { kind: 'interactions', records: ib };
            ib = [];
          }
          yield { kind: 'feedback', records: fb };
          fb = [];
        }
      }
    }
    if (ib.length > 0) yield { kind: 'interactions', records: ib };
    if (fb.length > 0) yield { kind: 'feedback', records: fb };
  }

  return {
    options: resolved,
    departments: DEPARTMENTS.map((d) => ({ ...d })),
    teams: TEAMS.map((t) => ({ ...t })),
    touchpoints: TOUCHPOINTS.map(touchpointRecord),
    customers: customerTable.records,
    goals: goalActuals.map((g) => g.goal),
    goalActuals,
    *interactionBatches() {
      yield* chunks(sim, (day) => day.interactions);
    },
    *feedbackBatches() {
      yield* chunks(sim, (day) => day.feedback);
    },
    recordBatches,
  };
}
