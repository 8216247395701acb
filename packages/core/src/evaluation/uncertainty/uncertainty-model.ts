/**
 * The input of the Monte Carlo engine: everything data-dependent already done once. The pipeline
 * (`preparePipeline`) computes the normalised matrix of every data alternative (imputation ×
 * normalisation); the engine only perturbs weights, picks alternatives, aggregates with typed arrays
 * and ranks. The model is plain data and typed arrays, so it can be posted to worker threads as is.
 */

/** Aggregation methods the Monte Carlo kernel evaluates (Copeland is refused: it is not a mean). */
export type MeanMethod = 'arithmetic' | 'geometric' | 'harmonic' | 'generalised';

/** The framework tree in the layout of the pipeline's `FrameworkArrays` (a structural subset of it). */
export type UncertaintyTree = {
  /** Node codes: [0, indicatorCount) are the indicators (matrix columns), then aggregates bottom-up, root last. */
  codes: string[];
  indicatorCount: number;
  rootIndex: number;
  parent: Int32Array;
  /** 1 = indicator … L = index. */
  level: Int32Array;
  /** Nominal weight of each node within its parent (0 = left out). */
  weight: Float64Array;
  childStart: Int32Array;
  childIndex: Int32Array;
  /** Share of a node's children that must have a value, else the node score is missing. */
  minAvailability: number;
};

/** One aggregation alternative: the method (and generalised-mean power) of every node. */
export type AggregationAlternative = { label: string; method: MeanMethod[]; p: Float64Array };

export type UncertaintyModel = {
  seed: number;
  /** Monte Carlo runs (rank statistics); with sensitivity, also the number N of base samples. */
  runs: number;
  sensitivity: boolean;
  unitCodes: string[];
  tree: UncertaintyTree;
  /** Imputation alternatives (labels); index 0 is the spec's own choice. */
  imputations: string[];
  /** Normalisation alternatives (labels); index 0 is the spec's own choice. */
  normalisations: string[];
  /** Normalised matrices, units × indicators row-major, NaN = missing: matrices[imputation × normalisations.length + normalisation]. */
  matrices: Float64Array[];
  /** Aggregation alternatives; index 0 is the spec's own choice. */
  aggregations: AggregationAlternative[];
  /** Each varied weight is multiplied by U(1 − spread, 1 + spread); 0 = weights fixed. */
  weightSpread: number;
  /** Levels (of the child node) whose weights vary. */
  weightLevels: number[];
  /** Choices the builder did not vary and why (e.g. treatment), copied into the result's `fixed`. */
  fixed: FixedInput[];
  /** Notes from building the model (e.g. indicators left out), copied into the result. */
  notes: string[];
};

export type FixedInput = { input: string; value: string; reason: string };
