// The evaluation engine: composite indicators, multi-criteria methods, weights, uncertainty.

// Composite-indicator pipeline: spec, formula language, pipeline steps, canonical JSON and SHA-256.
export * from './canonical-json.ts';
export * from './formula/formula-evaluator.ts';
export * from './formula/formula-parser.ts';
// Multi-criteria methods (TOPSIS, VIKOR, GRA, WSM, WPM) and weighting methods (given, equal,
// entropy, CRITIC, AHP, PCA, combined).
export * from './mcda/index.ts';
export * from './pipeline/aggregate.ts';
export * from './pipeline/coinr-layout.ts';
export * from './pipeline/derive-weights.ts';
export * from './pipeline/freeze-weights.ts';
export * from './pipeline/impute.ts';
export * from './pipeline/normalise.ts';
export * from './pipeline/pipeline-weights.ts';
export * from './pipeline/prepare.ts';
export * from './pipeline/run-pipeline.ts';
export * from './pipeline/treat.ts';
export * from './sha256.ts';
export * from './spec/evaluation-data.schema.ts';
export * from './spec/evaluation-spec.schema.ts';
export * from './spec/framework-tree.ts';
export * from './tiering/index.ts';
export * from './uncertainty/index.ts';
export * from './weights/index.ts';
