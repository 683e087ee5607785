/**
 * Two projects: every suite runs on SQLite (the embedded default), and the data-layer and
 * server suites run again on PostgreSQL, with the scale-out tests (test/scale/), when
 * PARCOURS_TEST_PG_URL names a PostgreSQL database (scripts/test.sh starts one with
 * scripts/postgres.sh). Locally, without it, the PostgreSQL project is skipped with a
 * message; in CI (CI=true) it is required.
 */
import { defineConfig } from 'vitest/config';

const pgUrl = process.env.PARCOURS_TEST_PG_URL || '';
const ci = process.env.CI === 'true' || process.env.CI === '1';

if (!pgUrl) {
  const why =
    'PARCOURS_TEST_PG_URL is not set: the PostgreSQL suites (packages/db, apps/server, test/scale) ' +
    'need it. `bash scripts/postgres.sh` starts PostgreSQL and prints the URL; scripts/test.sh does both.';
  if (ci) throw new Error(`CI runs every suite on PostgreSQL too. ${why}`);
  // (the config is evaluated more than once per run: say it once)
  const flags = globalThis as { parcoursPgWarned?: boolean };
  if (!flags.parcoursPgWarned) console.warn(`\n[vitest] PostgreSQL suites SKIPPED. ${why}\n`);
  flags.parcoursPgWarned = true;
}

/** what runs on both engines */
const ON_BOTH_ENGINES = ['packages/db/src/**/*.test.ts', 'apps/server/src/**/*.test.ts'];
const POSTGRES_ONLY = ['test/scale/**/*.test.ts'];

export default defineConfig({
  test: {
    // the database suites and the browser suites each start real engines: keep them in
    // separate workers but do not oversubscribe the 2 cores
    maxWorkers: 2,
    // a ceiling for a stuck test, not a speed check: the property tests take seconds on an idle
    // machine and have taken a minute on a loaded one
    testTimeout: 180_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...POSTGRES_ONLY],
          // an in-memory SQLite database per test, whatever the caller's environment says
          env: { PARCOURS_TEST_DATABASE_URL: '' },
        },
      },
      ...(pgUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: [...ON_BOTH_ENGINES, ...POSTGRES_ONLY],
                // a schema per test database (packages/db/src/testing.ts)
                env: { PARCOURS_TEST_DATABASE_URL: pgUrl },
                // drops the schemas of finished runs, before and after this one
                globalSetup: ['test/scale/pg-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
