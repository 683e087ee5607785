/**
 * `pnpm bench`: ingestion rate (HTTP API and CSV import) and read latency (KPI overview of
 * a quarter, by touchpoint, customer timeline) on the demo company at 1,000,000
 * interactions, on SQLite and, given a PostgreSQL database, on PostgreSQL too, side by side
 * with the ratio of the two, then the dashboard's own figures.
 *
 *   pnpm bench                                   # 1,000,000 interactions on SQLite
 *   pnpm bench --pg auto                         # and on PostgreSQL, started by scripts/postgres.sh
 *   pnpm bench --pg postgres://u:p@host:5432/db  # or PARCOURS_BENCH_PG_URL=…
 *   pnpm bench --interactions 100000             # a quicker run
 *   pnpm bench --no-web                          # without the browser figures
 *
 * Both engines get the same deterministic data, written and read through the same code and
 * a real server process each; the KPI answers of both must be identical, or the run fails.
 * PostgreSQL gets a schema of its own in the given database, dropped at the end. Figures
 * are medians over repeated runs on one machine in one process.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import {
  computeKpis,
  type Database,
  ensureSettings,
  importCsv,
  ingest,
  migrateToLatest,
  openDatabase,
  updateSettings,
} from '@parcours/db';
import { createTestSchema } from '@parcours/db/testing';
import { generateDemo } from '@parcours/demo';
import { KPI_IDS, parseInstant } from '@parcours/domain';
import { type Credentials, credentials, ROOT, startServer } from '../scale/support.ts';
import { measureWeb } from './web.ts';

const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '1000000' },
    customers: { type: 'string' },
    'csv-rows': { type: 'string', default: '200000' },
    runs: { type: 'string', default: '40' },
    pg: { type: 'string' },
    'no-web': { type: 'boolean' },
  },
});
const INTERACTIONS = Number(values.interactions);
const CUSTOMERS = Number(values.customers ?? Math.max(2000, Math.round(INTERACTIONS / 10)));
const CSV_ROWS = Math.min(Number(values['csv-rows']), INTERACTIONS);
const RUNS = Number(values.runs);
const END_DATE = '2026-11-22';
const ZONE = 'Europe/Paris';

type Engine = 'SQLite' | 'PostgreSQL';
/** one measured figure of one engine */
type Figure = { value: number; text: string; detail: string };
/** a row of the table: the same measurement on each engine */
type Metric = { what: string; byEngine: Partial<Record<Engine, Figure>> };
const metrics: Metric[] = [];
const answers: Partial<Record<Engine, unknown>> = {};
const say = (line: string) => process.stderr.write(`${line}\n`);

function record(engine: Engine, what: string, value: number, text: string, detail: string) {
  let m = metrics.find((x) => x.what === what);
  if (!m) {
    m = { what, byEngine: {} };
    metrics.push(m);
  }
  m.byEngine[engine] = { value, text, detail };
}

const perSecond = (n: number, ms: number) => (n / ms) * 1000;
const fmtRate = (r: number) => `${Math.round(r).toLocaleString('en')} /s`;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}

/** Samples a measurement at most this long (after at least 5 runs): slow reads get fewer runs. */
const BUDGET_MS = 8_000;

async function timeIt(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ median: number; p95: number; n: number }> {
  // warm-up: three runs, or one when a run is slow (it is warm after that one)
  const t0 = performance.now();
  await fn();
  if (performance.now() - t0 < 250) for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    if (samples.length >= 5 && performance.now() - started > BUDGET_MS) break;
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { ...stats(samples), n: samples.length };
}

async function benchEngine(label: Engine, database: Database, dbUrl: string) {
  await migrateToLatest(database.db);
  await ensureSettings(database.db, { time_zone: ZONE });
  await updateSettings(database, { name: 'Bench', time_zone: ZONE });
  say(
    `[${label}] generating ${INTERACTIONS.toLocaleString('en')} interactions, ${CUSTOMERS.toLocaleString('en')} customers…`,
  );
  const demo = generateDemo({
    endDate: END_DATE,
    customers: CUSTOMERS,
    interactions: INTERACTIONS,
    timeZone: ZONE,
  });
  await ingest(database, 'departments', demo.departments);
  await ingest(database, 'teams', demo.teams);
  await ingest(database, 'touchpoints', demo.touchpoints);
  for (let i = 0; i < demo.customers.length; i += 10_000)
    await ingest(database, 'customers', demo.customers.slice(i, i + 10_000));
  const creds: Credentials = await credentials(database, 'bench');

  // bodies are serialised before the clock starts: the client's work is not the server's
  const bodies: { kind: string; body: string; n: number }[] = [];
  for (const b of demo.recordBatches())
    bodies.push({ kind: b.kind, body: JSON.stringify({ records: b.records }), n: b.records.length });

  // the server runs in its own process, as deployed: the client's work is not on its loop
  const server = await startServer(dbUrl);
  const base = server.base;
  const getJson = async (path: string) => {
    // a keep-alive connection the server closes as it is reused (after an idle gap, such as
    // the in-process reads below) fails once: ask again on a new one
    const res = await fetch(`${base}${path}`, { headers: creds.read }).catch((err) => {
      if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
      return fetch(`${base}${path}`, { headers: creds.read });
    });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  try {
    say(`[${label}] ingesting through POST /api/v1/ingest…`);
    // per kind: the whole run, and each batch's rate (the median is what a shared, noisy
    // machine reports most faithfully; the overall rate is given beside it)
    const runs = {
      interactions: { ms: 0, n: 0, rates: [] as number[] },
      feedback: { ms: 0, n: 0, rates: [] as number[] },
    };
    for (const { kind, body, n } of bodies) {
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/ingest/${kind}`, {
        method: 'POST',
        headers: creds.ingest,
        body,
      });
      if (!res.ok) throw new Error(`ingest ${kind} failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      const ms = performance.now() - t;
      const run = kind === 'interactions' ? runs.interactions : runs.feedback;
      run.ms += ms;
      run.n += n;
      // a batch of a few records (the rest of a stream) says little about the rate
      if (n >= 5_000) run.rates.push(perSecond(n, ms));
    }
    bodies.length = 0;
    for (const [kind, run] of Object.entries(runs)) {
      const median = stats(run.rates).median;
      record(
        label,
        `HTTP ingestion, ${kind}`,
        median,
        fmtRate(median),
        `median over ${run.rates.length} batches; all ${run.n.toLocaleString('en')} in ${(run.ms / 1000).toFixed(1)} s, ${fmtRate(perSecond(run.n, run.ms))} overall`,
      );
    }

    // a re-send of a batch changes nothing: the cost of idempotence
    const resend = demo.interactionBatches().next().value ?? [];
    const resendBody = JSON.stringify({ records: resend });
    const resent = await timeIt(3, async () => {
      const res = await fetch(`${base}/api/v1/ingest/interactions`, {
        method: 'POST',
        headers: creds.ingest,
        body: resendBody,
      });
      if (!res.ok) throw new Error(`re-send failed: ${res.status}`);
      return res.arrayBuffer();
    });
    const rr = perSecond(resend.length, resent.median);
    record(
      label,
      'HTTP re-send, unchanged interactions',
      rr,
      fmtRate(rr),
      `median of 3; ${resend.length.toLocaleString('en')} records, nothing written`,
    );

    say(`[${label}] CSV import of ${CSV_ROWS.toLocaleString('en')} new interactions…`);
    const dir = mkdtempSync(join(tmpdir(), 'parcours-bench-'));
    const file = join(dir, 'interactions.csv');
    const cols = [
      'id',
      'customer_id',
      'touchpoint_id',
      'team_id',
      'occurred_at',
      'kind',
      'wait_seconds',
      'resolved_at',
      'abandoned',
      'converted',
      'revenue',
    ] as const;
    const out = createWriteStream(file);
    out.write(`${cols.join(',')}\n`);
    let written = 0;
    for (const batch of demo.interactionBatches()) {
      for (const r of batch) {
        if (written >= CSV_ROWS) break;
        const rec = { ...r, id: `csv-${r.id}` } as Record<string, unknown>;
        out.write(
          `${cols.map((c) => (rec[c] === null || rec[c] === undefined ? '' : String(rec[c]))).join(',')}\n`,
        );
        written++;
      }
      if (written >= CSV_ROWS) break;
    }
    out.end();
    await once(out, 'finish');
    const t = performance.now();
    const result = await importCsv(database, 'interactions', createReadStream(file));
    const csvMs = performance.now() - t;
    rmSync(dir, { recursive: true, force: true });
    const rc = perSecond(result.received, csvMs);
    record(
      label,
      'CSV import, interactions',
      rc,
      fmtRate(rc),
      `${result.received.toLocaleString('en')} rows in one transaction, ${(csvMs / 1000).toFixed(1)} s`,
    );

    say(`[${label}] reads…`);
    const quarter = '/api/v1/kpis?from=2026-07-01&to=2026-10-01';
    answers[label] = {
      overview: await getJson(quarter),
      byTouchpoint: await getJson(`${quarter}&groupBy=touchpoint`),
      byMonthAndSegment: await getJson('/api/v1/kpis?from=2025-01-01&to=2026-11-01&groupBy=segment'),
    };
    const overview = await timeIt(RUNS, () => getJson(quarter));
    record(
      label,
      'KPI overview of a quarter (HTTP)',
      overview.median,
      `${overview.median.toFixed(1)} ms`,
      `median of ${overview.n}; p95 ${overview.p95.toFixed(1)} ms; all ${KPI_IDS.length} KPIs with the previous quarter, from rollups`,
    );
    const window = { from: parseInstant('2026-07-01', ZONE) ?? 0, to: parseInstant('2026-10-01', ZONE) ?? 0 };
    const request = { window, filters: {}, groupBy: null, kpis: KPI_IDS, compare: true } as const;
    const viaRollups = await timeIt(Math.min(RUNS, 20), () => computeKpis(database.db, ZONE, request));
    const viaRaw = await timeIt(Math.min(RUNS, 5), () =>
      computeKpis(database.db, ZONE, { ...request, forceRaw: true }),
    );
    record(
      label,
      'same overview, rollups vs raw records',
      viaRaw.median / viaRollups.median,
      `${(viaRaw.median / viaRollups.median).toFixed(0)}× faster`,
      `in-process medians: rollups ${viaRollups.median.toFixed(1)} ms (${viaRollups.n} runs), raw ${viaRaw.median.toFixed(1)} ms (${viaRaw.n} runs)`,
    );
    const byTouchpoint = await timeIt(RUNS, () => getJson(`${quarter}&groupBy=touchpoint`));
    record(
      label,
      'KPIs of a quarter by touchpoint (HTTP)',
      byTouchpoint.median,
      `${byTouchpoint.median.toFixed(1)} ms`,
      `median of ${byTouchpoint.n}; p95 ${byTouchpoint.p95.toFixed(1)} ms; day × touchpoint × team rollup`,
    );
    const ids = demo.customers.map((c) => c.id);
    let k = 0;
    const timeline = await timeIt(RUNS * 5, () => {
      k = (k * 7919 + 13) % ids.length;
      return getJson(`/api/v1/customers/${ids[k]}/timeline?limit=50`);
    });
    record(
      label,
      'customer timeline, first page (HTTP)',
      timeline.median,
      `${timeline.median.toFixed(1)} ms`,
      `median of ${timeline.n}; p95 ${timeline.p95.toFixed(1)} ms; 50 newest interactions and answers of a random customer`,
    );
  } catch (err) {
    say(`[${label}] the server said:\n${server.output()}`);
    throw err;
  } finally {
    await server.stop();
  }
}

/** Where two JSON values differ: 'path: a ≠ b' lines. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  return [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

function postgresUrl(): string | null {
  const given = values.pg ?? process.env.PARCOURS_BENCH_PG_URL ?? '';
  if (given === '') return null;
  if (given !== 'auto') return given;
  say('[PostgreSQL] starting it with scripts/postgres.sh…');
  return execFileSync('bash', [join(ROOT, 'scripts/postgres.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'parcours-bench-db-'));
const sqliteUrl = join(dir, 'bench.db');
const sqlite = openDatabase({ url: sqliteUrl });
try {
  await benchEngine('SQLite', sqlite, sqliteUrl);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}

const pgUrl = postgresUrl();
if (pgUrl) {
  const scoped = await createTestSchema(pgUrl, 'bench');
  const pg = openDatabase({ url: scoped.url });
  try {
    await benchEngine('PostgreSQL', pg, scoped.url);
  } finally {
    await pg.close();
    await scoped.drop();
  }
} else say('[PostgreSQL] skipped: give --pg postgres://… (or --pg auto, or PARCOURS_BENCH_PG_URL)');
const engineMs = performance.now() - started;

type Row = { what: string; figure: string; detail: string };
const rows: Row[] = [];
if (!values['no-web']) {
  say('[web] overview in Chromium…');
  const web = await measureWeb();
  if (web) {
    rows.push({
      what: 'Web: overview initial JavaScript',
      figure: web.bundle.match(/[\d.]+ ?KB/)?.[0] ?? '?',
      detail: web.bundle,
    });
    rows.push({
      what: 'Web: navigation to KPI tiles (Chromium)',
      figure: `${web.tilesMedianMs} ms`,
      detail: `median of ${web.runs.length} fresh visits (${web.runs.join(', ')} ms), default demo data; p95 ${web.tilesP95Ms} ms`,
    });
  } else
    rows.push({
      what: 'Web',
      figure: 'skipped',
      detail: 'needs /usr/bin/chromium and a built apps/web/dist',
    });
}

const engines: Engine[] = pgUrl ? ['SQLite', 'PostgreSQL'] : ['SQLite'];
const header = ['', ...engines, ...(pgUrl ? ['PG / SQLite'] : [])];
const table = [
  header,
  ...metrics.map((m) => {
    const sq = m.byEngine.SQLite;
    const pgf = m.byEngine.PostgreSQL;
    const ratio = sq && pgf ? `${(pgf.value / sq.value).toFixed(2)}×` : '';
    return [m.what, ...engines.map((e) => m.byEngine[e]?.text ?? '–'), ...(pgUrl ? [ratio] : [])];
  }),
];
const widths = header.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
console.log(
  `\nParcours benchmark — ${INTERACTIONS.toLocaleString('en')} interactions, ${CUSTOMERS.toLocaleString('en')} customers, ` +
    `Node ${process.version}, ${(engineMs / 60_000).toFixed(1)} min\n`,
);
for (const r of table)
  console.log(
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
  );
console.log('');
for (const m of metrics)
  for (const e of engines) if (m.byEngine[e]) console.log(`  ${e}, ${m.what}: ${m.byEngine[e]?.detail}`);
if (pgUrl) {
  const same = isDeepStrictEqual(answers.SQLite, answers.PostgreSQL);
  console.log(
    `\nKPI answers (quarter overview, by touchpoint, by segment over 22 months) identical on both engines: ${same ? 'yes' : 'NO'}`,
  );
  if (!same) {
    for (const d of differences(answers.SQLite, answers.PostgreSQL).slice(0, 20)) console.log(`  ${d}`);
    process.exitCode = 1;
  }
}
if (rows.length) {
  console.log('');
  const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.figure.length))];
  for (const r of rows)
    console.log(`${r.what.padEnd(w[0] ?? 0)}  ${r.figure.padStart(w[1] ?? 0)}  ${r.detail}`);
}
