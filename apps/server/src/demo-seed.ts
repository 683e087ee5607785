/**
 * Loads the deterministic demo company through the same writer as the ingestion API:
 * reference data, customers, then interactions and feedback batch by batch, then goals.
 */
import { createGoal, type Database, ingest, updateSettings } from '@parcours/db';
import { type DemoOptions, generateDemo } from '@parcours/demo';
import { DateTime } from 'luxon';

export const DEMO_SIZES = {
  small: { customers: 2_000, interactions: 20_000 },
  default: { customers: 20_000, interactions: 200_000 },
  large: { customers: 100_000, interactions: 1_000_000 },
} as const;
export type DemoSize = keyof typeof DEMO_SIZES;

export async function seedDemo(
  database: Database,
  size: DemoSize = 'default',
  options: Partial<DemoOptions> = {},
  log: (line: string) => void = () => {},
): Promise<{ interactions: number; feedback: number; goals: number; ms: number }> {
  const started = performance.now();
  await updateSettings(database, { name: 'Maison Lumière', time_zone: 'Europe/Paris', currency: 'EUR' });
  const endDate = options.endDate ?? (DateTime.now().setZone('Europe/Paris').toISODate() as string);
  const demo = generateDemo({ ...DEMO_SIZES[size], timeZone: 'Europe/Paris', ...options, endDate });
  await ingest(database, 'departments', demo.departments);
  await ingest(database, 'teams', demo.teams);
  await ingest(database, 'touchpoints', demo.touchpoints);
  for (let i = 0; i < demo.customers.length; i += 10_000) {
    await ingest(database, 'customers', demo.customers.slice(i, i + 10_000));
  }
  let interactions = 0;
  let feedback = 0;
  for (const batch of demo.recordBatches()) {
    await ingest(database, batch.kind, batch.records);
    if (batch.kind === 'interactions') interactions += batch.records.length;
    else feedback += batch.records.length;
    if (batch.kind === 'interactions' && interactions % 100_000 < batch.records.length)
      log(`  ${interactions.toLocaleString('en')} interactions…`);
  }
  for (const goal of demo.goals) await createGoal(database.db, goal);
  return { interactions, feedback, goals: demo.goals.length, ms: performance.now() - started };
}
