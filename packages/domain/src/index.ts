export * from './goals.ts';
export * from './kpi-registry.ts';
export * from './measures.ts';
export * from './schemas/api.ts';
export * from './schemas/records.ts';
export * from './sketch.ts';
export * from './stats.ts';
export * from './time.ts';
