/**
 * The Hono application, built without a socket so tests call `app.request(...)`. main.ts
 * listens; the CLI reuses the same data layer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Database, DEFAULT_SESSION_LIFETIME, type SessionLifetime } from '@parcours/db';
import { COST_LIMITS } from '@parcours/domain';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'kysely';
import { allow, identify, requireDeclared } from './auth/guard.ts';
import { router } from './context.ts';
import { errorBody, handleError } from './errors.ts';
import { InFlight } from './in-flight.ts';
import { accessRoutes } from './routes/access.ts';
import { alertRuleRoutes } from './routes/alert-rules.ts';
import { caseRoutes } from './routes/cases.ts';
import { customerRoutes } from './routes/customers.ts';
import { demoAccountRoutes } from './routes/demo-accounts.ts';
import { goalRoutes } from './routes/goals.ts';
import { type IngestLimits, ingestRoutes } from './routes/ingest.ts';
import { kpiRoutes } from './routes/kpis.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { settingsRoutes } from './routes/settings.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { securityHeaders } from './security-headers.ts';
import { utf8Body } from './utf8-body.ts';
import { PUBLIC_ONLY, type WebhookNetworkPolicy } from './webhooks/destination.ts';

export type AppOptions = {
  database: Database;
  /** the built SPA (apps/web/dist); served on the same port when present */
  webRoot?: string;
  ingest?: Partial<IngestLimits>;
  /** trust X-Forwarded-For / X-Forwarded-Proto (only behind a proxy that sets them) */
  trustProxy?: boolean;
  /** Secure cookies: always, never, or when the request came over HTTPS (default) */
  secureCookies?: boolean | 'auto';
  /** where webhook URLs may point (default: public addresses only) */
  webhookNetwork?: WebhookNetworkPolicy;
  /** idle and absolute session lifetimes (default 8 h and 12 h) */
  session?: Partial<SessionLifetime>;
  /** a user's expensive requests at once in this process (default COST_LIMITS.expensivePerUser) */
  expensivePerUser?: number;
};

/** Bodies of everything but ingestion are small forms: a tight limit. */
const JSON_BODY_LIMIT = 1024 * 1024;

export const API_VERSION = '0.1.0';

export function createApp(options: AppOptions) {
  const app = router();
  const sessionLifetime = { ...DEFAULT_SESSION_LIFETIME, ...options.session };
  app.onError(handleError);
  const inFlight = new InFlight(options.expensivePerUser ?? COST_LIMITS.expensivePerUser);
  app.use('*', async (c, next) => {
    c.set('database', options.database);
    c.set('trustProxy', options.trustProxy === true);
    c.set('sessionLifetime', sessionLifetime);
    c.set('inFlight', inFlight);
    await next();
  });
  app.use('*', secureHeaders(securityHeaders(options.webRoot)));
  app.use('/api/*', identify);
  app.use('/api/*', requireDeclared);
  // ingestion applies its own limit, then the UTF-8 check (routes/ingest.ts)
  app.use('/api/*', async (c, next) => {
    if (c.req.path.startsWith('/api/v1/ingest/')) return next();
    return bodyLimit({
      maxSize: JSON_BODY_LIMIT,
      onError: () => {
        throw new HTTPException(413, { message: 'the body is larger than 1 MiB' });
      },
    })(c, () => utf8Body(c, next));
  });
  // the API description is public, like the routes' names in it
  app.use('/api/v1/openapi.json', allow('public'));

  app.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(options.database.db);
      return c.json({ status: 'ok', database: options.database.engine });
    } catch {
      return c.json({ status: 'unavailable', database: options.database.engine }, 503);
    }
  });

  const api = router()
    .route('/', accessRoutes({ secureCookies: options.secureCookies ?? 'auto' }))
    .route('/', ingestRoutes({ maxBodyBytes: 64 * 1024 * 1024, maxRecords: 50_000, ...options.ingest }))
    .route('/', kpiRoutes())
    .route('/', customerRoutes())
    .route('/', goalRoutes())
    .route('/', settingsRoutes())
    .route('/', alertRuleRoutes())
    .route('/', caseRoutes())
    .route('/', notificationRoutes())
    .route('/', webhookRoutes(options.webhookNetwork ?? PUBLIC_ONLY))
    .route('/', demoAccountRoutes());
  app.route('/api/v1', api);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Parcours API',
      version: API_VERSION,
      description:
        'Customer-experience KPIs, goals, drill-down and ingestion. Every number follows docs/kpis.md.',
    },
  });
  app.all('/api/*', (c) => c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404));

  if (options.webRoot && existsSync(join(options.webRoot, 'index.html'))) {
    const root = options.webRoot;
    const index = readFileSync(join(root, 'index.html'), 'utf8');
    // built assets carry a content hash in their names: cache them for good, compressed
    app.use('/assets/*', compress(), async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/assets/*', serveStatic({ root }));
    app.use('*', serveStatic({ root }));
    // client-side routes: every other GET gets the app shell
    app.get('*', (c) => c.html(index));
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
