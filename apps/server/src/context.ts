import { OpenAPIHono } from '@hono/zod-openapi';
import type { Database } from '@parcours/db';
import { validationHook } from './errors.ts';

export type AppEnv = { Variables: { database: Database } };

/** A router with the shared validation hook, so every route answers bad input alike. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const jsonContent = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
