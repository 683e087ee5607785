/**
 * Every string a request can carry to the database refuses what has no stored form (a lone
 * surrogate, NUL: packages/domain/src/schemas/text.ts). Rather than test each route, this
 * walks the input schemas of every route the API declares, and the record schemas behind
 * ingestion and the CSV import, and names any string left without the check: a new route
 * with a bare z.string() fails here.
 */
import type { Database } from '@parcours/db';
import { openTestDatabase } from '@parcours/db/testing';
import { RECORD_SCHEMAS, STORABLE_TEXT, ZText } from '@parcours/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from './app.ts';

/** What the walk reads of a zod schema's definition. */
type Def = {
  type: string;
  checks?: unknown[];
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  options?: readonly Schema[];
  keyType?: Schema;
  valueType?: Schema;
  left?: Schema;
  right?: Schema;
  items?: readonly Schema[];
  rest?: Schema | null;
  getter?: () => Schema;
};
type Schema = { _zod: { def: Def } };

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** The paths of the string schemas under `schema` that lack STORABLE_TEXT. */
function bareStrings(schema: Schema, path: string, seen = new Set<Schema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def;
  if (def.type === 'string') return def.checks?.includes(STORABLE_TEXT) ? [] : [path];
  const children: [string, Schema | null | undefined][] = [
    ...Object.entries(def.type === 'object' ? (def.shape ?? {}) : {}).map(
      ([k, v]) => [`${path}.${k}`, v] as [string, Schema],
    ),
    [`${path}[]`, def.element],
    [path, def.innerType],
    [path, def.in],
    [path, def.out],
    [`${path}{key}`, def.keyType],
    [`${path}{}`, def.valueType],
    [path, def.left],
    [path, def.right],
    [`${path}[]`, def.rest],
    ...(def.options ?? []).map((o) => [path, o] as [string, Schema]),
    ...(def.items ?? []).map((o, i) => [`${path}[${i}]`, o] as [string, Schema]),
    [path, def.type === 'lazy' ? def.getter?.() : undefined],
  ];
  return children.flatMap(([p, child]) => (isSchema(child) ? bareStrings(child, p, seen) : []));
}

type RouteRequest = {
  params?: unknown;
  query?: unknown;
  headers?: unknown;
  cookies?: unknown;
  body?: { content?: Record<string, { schema?: unknown }> };
};

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('every input string refuses lone surrogates and NUL', () => {
  it('in the params, query and body of every route', () => {
    const app = createApp({ database });
    const routes = app.openAPIRegistry.definitions.flatMap((d) =>
      d.type === 'route' ? [d.route as { method: string; path: string; request?: RouteRequest }] : [],
    );
    expect(routes.length).toBeGreaterThan(40);
    const bare = routes.flatMap((route) => {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      const r = route.request ?? {};
      const parts: [string, unknown][] = [
        ['params', r.params],
        ['query', r.query],
        ['headers', r.headers],
        ['cookies', r.cookies],
        ...Object.entries(r.body?.content ?? {}).map(
          ([type, c]) => [`body(${type})`, c.schema] as [string, unknown],
        ),
      ];
      return parts.flatMap(([part, schema]) =>
        isSchema(schema) ? bareStrings(schema, `${name} ${part}`) : [],
      );
    });
    expect(bare).toEqual([]);
  });

  it('in every record schema (the ingestion API and the CSV import)', () => {
    const bare = Object.entries(RECORD_SCHEMAS).flatMap(([kind, schema]) => bareStrings(schema, kind));
    expect(bare).toEqual([]);
  });

  it('(the walk finds a bare string wherever it is nested)', () => {
    const schema = z.object({
      a: z.string(),
      b: z.array(ZText),
      c: z.preprocess((v) => v, z.array(z.string().trim()).optional()),
      d: z.union([ZText, z.object({ e: z.string().nullish() })]),
    });
    expect(bareStrings(schema, 'x')).toEqual(['x.a', 'x.c[]', 'x.d.e']);
  });
});
