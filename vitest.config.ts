import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    // the database suites and the browser suites each start real engines: keep them in
    // separate workers but do not oversubscribe the 2 cores
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
