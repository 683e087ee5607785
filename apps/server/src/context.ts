import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database, Principal, SessionLifetime } from '@parcours/db';
import { ZText } from '@parcours/domain';
import { validationHook } from './errors.ts';
import type { InFlight } from './in-flight.ts';

export type Credential = 'none' | 'session' | 'expired-session' | 'token' | 'bad-token';

export type AppEnv = {
  Variables: {
    database: Database;
    /** the signed-in user, their scope and session; null when none */
    principal: Principal | null;
    /** the ingestion token used, when one was */
    token: { id: string; name: string } | null;
    credential: Credential;
    /** set by `allow(…)`: whether the matched route declared its access rule */
    declared: boolean;
    /** whether to trust X-Forwarded-* headers (behind a proxy) */
    trustProxy: boolean;
    sessionLifetime: SessionLifetime;
    /** each user's expensive requests in flight (see `expensive` in auth/guard.ts) */
    inFlight: InFlight;
  };
};

/** A router with the shared validation hook, so every route answers bad input alike. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const jsonContent = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** The `{id}` of a row Parcours created (a goal, a rule, a case, a user, a webhook). */
export const idParams = z.object({ id: ZText.min(1).max(64) });
