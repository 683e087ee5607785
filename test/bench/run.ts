/**
 * `pnpm bench`: ingestion rate (HTTP API and CSV import) and read latency (KPI overview of
 * a quarter, customer timeline) on the demo company at 1,000,000 interactions.
 *
 *   pnpm bench                         # 1,000,000 interactions on SQLite
 *   pnpm bench --interactions 100000   # a quicker run
 *
 * Figures are medians over repeated runs on one machine in one process, with side-by-side
 * ratios (rollups vs raw records) measured in the same run, so a noisy machine shifts both.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
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
import { generateDemo } from '@parcours/demo';
import { KPI_IDS, parseInstant } from '@parcours/domain';

const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '1000000' },
    customers: { type: 'string' },
    'csv-rows': { type: 'string', default: '200000' },
    runs: { type: 'string', default: '40' },
  },
});
const INTERACTIONS = Number(values.interactions);
const CUSTOMERS = Number(values.customers ?? Math.max(2000, Math.round(INTERACTIONS / 10)));
const CSV_ROWS = Math.min(Number(values['csv-rows']), INTERACTIONS);
const RUNS = Number(values.runs);
const END_DATE = '2026-11-22';
const ZONE = 'Europe/Paris';

type Row = { what: string; figure: string; detail: string };
const rows: Row[] = [];
const say = (line: string) => process.stderr.write(`${line}\n`);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

async function benchEngine(label: string, database: Database, dbUrl: string) {
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

  // bodies are serialised before the clock starts: the client's work is not the server's
  const bodies: { kind: string; body: string; n: number }[] = [];
  for (const b of demo.recordBatches())
    bodies.push({ kind: b.kind, body: JSON.stringify({ records: b.records }), n: b.records.length });

  // the server runs in its own process, as deployed: the client's work is not on its loop
  const server = await startServerProcess(dbUrl);
  const base = server.base;
  try {
    say(`[${label}] ingesting through POST /api/v1/ingest…`);
    let interactionMs = 0;
    let interactionN = 0;
    let feedbackMs = 0;
    let feedbackN = 0;
    for (const { kind, body, n } of bodies) {
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/ingest/${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (!res.ok) throw new Error(`ingest ${kind} failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      const ms = performance.now() - t;
      if (kind === 'interactions') {
        interactionMs += ms;
        interactionN += n;
      } else {
        feedbackMs += ms;
        feedbackN += n;
      }
    }
    bodies.length = 0;
    rows.push({
      what: `${label}: HTTP ingestion, interactions`,
      figure: `${Math.round((interactionN / interactionMs) * 1000).toLocaleString('en')} /s`,
      detail: `${interactionN.toLocaleString('en')} records in batches of 10,000, ${(interactionMs / 1000).toFixed(1)} s`,
    });
    rows.push({
      what: `${label}: HTTP ingestion, feedback`,
      figure: `${Math.round((feedbackN / feedbackMs) * 1000).toLocaleString('en')} /s`,
      detail: `${feedbackN.toLocaleString('en')} records, ${(feedbackMs / 1000).toFixed(1)} s`,
    });

    // a re-send of the same batches: idempotent, nothing changes
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
    rows.push({
      what: `${label}: CSV import, interactions`,
      figure: `${Math.round((result.received / csvMs) * 1000).toLocaleString('en')} /s`,
      detail: `${result.received.toLocaleString('en')} rows streamed in one transaction, ${(csvMs / 1000).toFixed(1)} s`,
    });

    say(`[${label}] reads…`);
    const quarter = '/api/v1/kpis?from=2026-07-01&to=2026-10-01';
    const overview = await timeIt(RUNS, async () => (await fetch(`${base}${quarter}`)).json());
    rows.push({
      what: `${label}: KPI overview of a quarter (HTTP)`,
      figure: `${overview.median.toFixed(1)} ms`,
      detail: `median; p95 ${overview.p95.toFixed(1)} ms; all ${KPI_IDS.length} KPIs with the previous quarter, from rollups`,
    });
    const window = { from: parseInstant('2026-07-01', ZONE) ?? 0, to: parseInstant('2026-10-01', ZONE) ?? 0 };
    const request = { window, filters: {}, groupBy: null, kpis: KPI_IDS, compare: true } as const;
    const viaRollups = await timeIt(Math.min(RUNS, 20), () => computeKpis(database.db, ZONE, request));
    const viaRaw = await timeIt(Math.min(RUNS, 5), () =>
      computeKpis(database.db, ZONE, { ...request, forceRaw: true }),
    );
    rows.push({
      what: `${label}: same overview, rollups vs raw records`,
      figure: `${(viaRaw.median / viaRollups.median).toFixed(0)}× faster`,
      detail: `in-process medians: rollups ${viaRollups.median.toFixed(1)} ms, raw ${viaRaw.median.toFixed(1)} ms`,
    });
    const byTouchpoint = await timeIt(RUNS, async () =>
      (await fetch(`${base}${quarter}&groupBy=touchpoint`)).json(),
    );
    rows.push({
      what: `${label}: KPIs of a quarter by touchpoint (HTTP)`,
      figure: `${byTouchpoint.median.toFixed(1)} ms`,
      detail: `median; p95 ${byTouchpoint.p95.toFixed(1)} ms; day × touchpoint × team rollup`,
    });
    const ids = demo.customers.map((c) => c.id);
    let k = 0;
    const timeline = await timeIt(RUNS * 5, async () => {
      k = (k * 7919 + 13) % ids.length;
      return (await fetch(`${base}/api/v1/customers/${ids[k]}/timeline?limit=50`)).json();
    });
    rows.push({
      what: `${label}: customer timeline, first page (HTTP)`,
      figure: `${timeline.median.toFixed(1)} ms`,
      detail: `median; p95 ${timeline.p95.toFixed(1)} ms; 50 newest interactions and answers of a random customer`,
    });
  } finally {
    server.stop();
  }
}

async function startServerProcess(databaseUrl: string): Promise<{ base: string; stop: () => void }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'serve'], {
    env: {
      ...process.env,
      PARCOURS_DATABASE_URL: databaseUrl,
      PORT: String(port),
      PARCOURS_WEB_ROOT: '/nonexistent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('the server exited');
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, stop: () => child.kill('SIGTERM') };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

const dir = mkdtempSync(join(tmpdir(), 'parcours-bench-db-'));
const sqliteUrl = join(dir, 'bench.db');
const sqlite = openDatabase({ url: sqliteUrl });
try {
  await benchEngine('SQLite', sqlite, sqliteUrl);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}

const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.figure.length))];
console.log(
  `\nParcours benchmark — ${INTERACTIONS.toLocaleString('en')} interactions, ${CUSTOMERS.toLocaleString('en')} customers, Node ${process.version}\n`,
);
for (const r of rows)
  console.log(`${r.what.padEnd(w[0] ?? 0)}  ${r.figure.padStart(w[1] ?? 0)}  ${r.detail}`);
