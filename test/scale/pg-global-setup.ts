/**
 * Global setup of the PostgreSQL test project: drops the test schemas left by finished or
 * interrupted runs (their process is gone), before the run and after it. Schemas of
 * processes still running (someone else's run on the same database) are kept.
 */
import { dropStaleTestSchemas } from '@parcours/db/testing';

export default async function setup() {
  const url = process.env.PARCOURS_TEST_PG_URL;
  if (!url) return;
  await dropStaleTestSchemas(url);
  return async () => {
    await dropStaleTestSchemas(url);
  };
}
