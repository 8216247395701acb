// Uncertainty and sensitivity analysis of a composite indicator's ranking (docs/methods/uncertainty.md).
export * from './monte-carlo.ts';
export * from './rank-histogram.ts';
export * from './run-uncertainty.ts';
export * from './sobol.ts';
export type * from './uncertainty-model.ts';
export * from './uncertainty-spec.schema.ts';
export * from './uncertainty-tree.ts';
