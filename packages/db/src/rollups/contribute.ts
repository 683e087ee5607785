/** What one stored record adds to the rollups: shared by the writer and the recomputation. */
import {
  accumulateFeedback,
  accumulateInteraction,
  backlogClosedAt,
  type DayBucketer,
  type FeedbackMeasures,
  type InteractionMeasures,
  type Survey,
} from '@parcours/domain';
import type { FeedbackRow, InteractionRow } from '../schema.ts';
import { deltaEntry, type RollupDelta, type RollupEntry } from './delta.ts';
import { type Grain, grainsOf, type RollupContext } from './grains.ts';

export type CustomerAttributes = { segment: string | null; region: string | null };

/** Dimensions of the record being added; reused (deltaEntry copies what it keeps). */
const scratch: RollupContext = { touchpoint_id: '', team_id: '', segment: '', region: '', mode: '' };

function context(
  row: { touchpoint_id: string; team_id: string },
  customer: CustomerAttributes,
  mode = '',
): RollupContext {
  scratch.touchpoint_id = row.touchpoint_id;
  scratch.team_id = row.team_id;
  scratch.segment = customer.segment ?? '';
  scratch.region = customer.region ?? '';
  scratch.mode = mode;
  return scratch;
}

const INTERACTION_GRAINS = grainsOf('interactions');
const FEEDBACK_GRAINS = grainsOf('feedback');

function entriesOf(delta: RollupDelta, grain: Grain): Map<string, RollupEntry> {
  const entries = delta.get(grain);
  if (!entries) throw new Error(`no delta for ${grain.name}`);
  return entries;
}

export function addInteractionToDelta(
  delta: RollupDelta,
  row: InteractionRow,
  customer: CustomerAttributes,
  sign: 1 | -1,
  days: DayBucketer,
): void {
  const ctx = context(row, customer);
  // the row itself carries every fact (abandoned and converted as 0/1)
  const day = days.key(row.occurred_at);
  const closedAt = backlogClosedAt(row);
  const closedDay = closedAt === null ? null : days.key(closedAt);
  for (const grain of INTERACTION_GRAINS) {
    const entries = entriesOf(delta, grain);
    accumulateInteraction(deltaEntry(entries, grain, day, ctx).m as InteractionMeasures, row, sign);
    if (closedDay !== null)
      (deltaEntry(entries, grain, closedDay, ctx).m as InteractionMeasures).backlog_closed += sign;
  }
}

export function addFeedbackToDelta(
  delta: RollupDelta,
  row: FeedbackRow,
  customer: CustomerAttributes,
  sign: 1 | -1,
  days: DayBucketer,
): void {
  const ctx = context(row, customer, row.mode);
  const day = days.key(row.submitted_at);
  for (const grain of FEEDBACK_GRAINS) {
    const m = deltaEntry(entriesOf(delta, grain), grain, day, ctx).m as FeedbackMeasures;
    accumulateFeedback(m, row.survey as Survey, row.score, sign);
  }
}
