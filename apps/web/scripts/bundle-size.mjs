#!/usr/bin/env node
/**
 * The overview route's initial JavaScript, gzipped: the entry chunk of index.html, the app
 * chunk it imports at once, and every chunk those import statically (what the browser must
 * fetch before the overview can render). Lazy routes and recharts are left out: they load
 * on navigation. Exits 1 above the budget.
 *   node apps/web/scripts/bundle-size.mjs [--budget=250]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const budgetArg = process.argv.find((a) => a.startsWith('--budget='));
const budgetKb = budgetArg ? Number(budgetArg.slice(9)) : 250;

const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
if (!entry) throw new Error('no entry chunk in the manifest: run `pnpm --filter @parcours/web build` first');

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
const entryKey = Object.keys(manifest).find((key) => manifest[key] === entry);
visit(entryKey);
// the entry loads the app itself with import() at once (after starting the overview's requests)
for (const key of entry.dynamicImports ?? []) visit(key);

let total = 0;
const rows = [];
for (const file of initial) {
  const bytes = readFileSync(join(dist, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  rows.push([file, bytes.length, gz]);
}
const lazy = Object.values(manifest)
  .filter((c) => c.file.endsWith('.js') && !initial.has(c.file))
  .map((c) => [c.file, gzipSync(readFileSync(join(dist, c.file)), { level: 9 }).length]);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('overview initial JS (gzip -9):');
for (const [file, raw, gz] of rows) console.log(`  ${file}  ${kb(raw)} raw, ${kb(gz)} gzip`);
console.log(`  total ${kb(total)} gzip (budget ${budgetKb} KB)`);
console.log('loaded later (lazy routes, charts):');
for (const [file, gz] of lazy) console.log(`  ${file}  ${kb(gz)} gzip`);
if (total > budgetKb * 1024) {
  console.error(`over budget by ${kb(total - budgetKb * 1024)}`);
  process.exit(1);
}
