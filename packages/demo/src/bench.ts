/**
 * Times the generator: `pnpm tsx packages/demo/src/bench.ts [interactions] [endDate] [customers]`.
 * Prints the set-up (customers and the goal pass), each stream, and the single pass.
 */
import { generateDemo } from './index.ts';

const interactions = Number(process.argv[2] ?? 200_000);
const endDate = process.argv[3] ?? '2026-05-20';
const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;

let t0 = performance.now();
const customers = Number(process.argv[4] ?? 20_000);
const demo = generateDemo({ endDate, interactions, customers, timeZone: 'Europe/Paris' });
console.log(`set-up (customers + goal pass): ${ms(t0)}`);

t0 = performance.now();
let n = 0;
for (const batch of demo.interactionBatches()) n += batch.length;
console.log(`interactionBatches: ${n} records in ${ms(t0)}`);

t0 = performance.now();
let f = 0;
for (const batch of demo.feedbackBatches()) f += batch.length;
console.log(`feedbackBatches: ${f} records in ${ms(t0)}`);

t0 = performance.now();
let all = 0;
for (const batch of demo.recordBatches()) all += batch.records.length;
console.log(`recordBatches (one pass, both): ${all} records in ${ms(t0)}`);
console.log(`heap used at the end: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
const statuses: Record<string, number> = {};
for (const g of demo.goalActuals) statuses[g.status] = (statuses[g.status] ?? 0) + 1;
console.log('goal statuses', statuses);
