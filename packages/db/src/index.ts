export * from './closed-loop/index.ts';
export * from './dialect.ts';
export * from './errors.ts';
export { coerceCsvRecord, importCsv } from './ingest/csv.ts';
export { IngestError, MAX_ERROR_DETAILS, validateBatch } from './ingest/validate.ts';
export { ingest, invalidMessage, writeBatch } from './ingest/writer.ts';
export {
  LATEST_MIGRATION,
  MIGRATION_NAMES,
  type MigrateOptions,
  migrateToLatest,
  migratorFor,
  type SchemaStatus,
  schemaStatus,
} from './migrations/index.ts';
export * from './queries/access.ts';
export * from './queries/customers.ts';
export * from './queries/drill.ts';
export * from './queries/goals.ts';
export * from './queries/kpis.ts';
export * from './queries/reference.ts';
export * from './queries/settings.ts';
export * from './queries/sign-in.ts';
export { GRAINS } from './rollups/grains.ts';
export * from './rollups/recompute.ts';
export type * from './schema.ts';
