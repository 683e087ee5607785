/** POST /api/v1/ingest/{kind}: one batch, one transaction, upsert by id. */
import { createRoute, z } from '@hono/zod-openapi';
import { ingest } from '@parcours/db';
import { RECORD_KINDS, ZError, ZIngestResult } from '@parcours/domain';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { allow } from '../auth/guard.ts';
import { jsonContent, router } from '../context.ts';
import { utf8Body } from '../utf8-body.ts';

function formatBytes(n: number): string {
  if (n >= 1048576) return `${+(n / 1048576).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

export type IngestLimits = { maxBodyBytes: number; maxRecords: number };

export function ingestRoutes(limits: IngestLimits) {
  const app = router();
  app.use(
    '/ingest/*',
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: () => {
        throw new HTTPException(413, {
          message: `the body is larger than ${formatBytes(limits.maxBodyBytes)}; send smaller batches`,
        });
      },
    }),
    utf8Body,
  );
  const route = createRoute({
    method: 'post',
    path: '/ingest/{kind}',
    middleware: [allow('ingest')] as const,
    security: [{ bearerToken: [] }],
    summary: 'Upsert a batch of records of one kind',
    description:
      'The body is `{ "records": [...] }` with records of the kind named in the path (see the *Record schemas). ' +
      "The batch is applied whole or not at all; a rejected batch answers 400 with every bad record's index, field and reason. " +
      'Records are upserted by id: re-sending a record changes nothing, a changed record replaces the stored one.',
    request: {
      params: z.object({ kind: z.enum(RECORD_KINDS) }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              records: z
                .array(z.unknown())
                .min(1, 'must hold at least one record')
                .max(limits.maxRecords, `at most ${limits.maxRecords} records per batch`),
            }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(ZIngestResult, 'The batch was applied'),
      400: jsonContent(ZError, 'The batch was rejected; nothing was written'),
      401: jsonContent(ZError, 'No API token, or an unknown or revoked one'),
      403: jsonContent(ZError, 'A user session, not an API token'),
      413: jsonContent(ZError, 'The body is too large'),
    },
  });
  return app.openapi(route, async (c) => {
    const { kind } = c.req.valid('param');
    const { records } = c.req.valid('json');
    const result = await ingest(c.get('database'), kind, records);
    return c.json(result, 200);
  });
}
