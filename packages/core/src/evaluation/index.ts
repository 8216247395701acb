// The evaluation engine: composite indicators, multi-criteria methods, weights, uncertainty.

export * from './uncertainty/index.ts';
export * from './tiering/index.ts';
