// Tiering on the index: thresholds, counts or quantiles, borderline flags and gaps (docs/methods/tiering.md).

export * from './tier-pipeline.ts';
export * from './tiering.ts';
