/** `pnpm parcours serve` lands here: open the database, listen, stop cleanly. */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { isEmpty, openAndMigrate } from './database.ts';
import { demoAccounts } from './demo-accounts.ts';
import { type DemoSize, seedDemo } from './demo-seed.ts';
import { startOutboxWorker } from './webhooks/worker.ts';

export type ServeOptions = { demo: DemoSize | null };

export async function startServer(config: Config, options: ServeOptions): Promise<void> {
  const database = await openAndMigrate(config);
  if (options.demo && (await isEmpty(database))) {
    console.log(`[parcours] loading the ${options.demo} demo data set (first start only)…`);
    const r = await seedDemo(database, options.demo, {}, (l) => console.log(`[parcours] ${l}`));
    console.log(
      `[parcours] demo data ready: ${r.interactions.toLocaleString('en')} interactions, ` +
        `${r.feedback.toLocaleString('en')} answers, ${r.goals} goals in ${(r.ms / 1000).toFixed(1)} s`,
    );
  }
  const webhookNetwork = { allowPrivate: config.webhookAllowPrivate };
  const app = createApp({
    database,
    webRoot: config.webRoot,
    ingest: { maxBodyBytes: config.maxBodyBytes, maxRecords: config.maxBatchRecords },
    trustProxy: config.trustProxy,
    secureCookies: config.secureCookies,
    webhookNetwork,
    session: { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs },
    expensivePerUser: config.expensivePerUser,
  });
  // webhook deliveries and overdue cases: every server process runs one (they share the work)
  const worker = startOutboxWorker(database, { network: webhookNetwork });
  // a demo database says how to sign in (the accounts whose published password still works)
  const accounts = await demoAccounts(database.db);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`[parcours] ${database.description}`);
    if (database.readDescription) console.log(`[parcours] dashboard reads: ${database.readDescription}`);
    console.log(`[parcours] listening on http://${config.host}:${info.port}`);
    if (accounts.length > 0) {
      console.log('[parcours] demo accounts (e-mail / password):');
      for (const a of accounts)
        console.log(`[parcours]   ${a.role.padEnd(10)} ${a.email.padEnd(28)} ${a.password}`);
    }
  });
  // idle keep-alive connections outlive the clients' and proxies' own idle timeouts (often
  // 60 s): a server that closes first races a request sent on the closing socket (ECONNRESET)
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const stop = () => {
    server.close(() => void worker.stop().then(() => database.close().then(() => process.exit(0))));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
