/**
 * The versioned evaluation spec: the framework tree (index → … → indicators), each indicator's formula
 * and every methodological choice of the composite-indicator pipeline. The CLI, the server's stored
 * frameworks and the web editor all read and write this one shape (see docs/briefs/engine-contract.md).
 */
import { z } from 'zod';
import { AppError } from '../../errors.ts';

const code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'code: letters, digits, _ and . / 代码只能含字母、数字、_ 和 .');

const share = z.number().min(0).max(1);

export const normalisationSpecSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('minmax'),
    range: z.tuple([z.number(), z.number()]).default([0, 100]),
  }),
  z.object({
    method: z.literal('zscore'),
    mean: z.number().default(0),
    sd: z.number().positive().default(1),
  }),
  z.object({ method: z.literal('rank') }),
  z.object({ method: z.literal('percentileRank'), scale: z.number().positive().default(100) }),
  z.object({
    method: z.literal('target'),
    cap: z.number().positive().default(1),
    scale: z.number().positive().default(100),
  }),
  z.object({ method: z.literal('goalposts'), scale: z.number().positive().default(100) }),
  z.object({ method: z.literal('fractionOfMax'), scale: z.number().positive().default(100) }),
  z.object({ method: z.literal('distanceToMax'), scale: z.number().positive().default(100) }),
  z.object({
    method: z.literal('distanceToReference'),
    unit: z.string().min(1),
    scale: z.number().positive().default(100),
  }),
]);
export type NormalisationSpec = z.output<typeof normalisationSpecSchema>;
export type NormalisationMethod = NormalisationSpec['method'];

export const imputationSpecSchema = z.object({
  method: z.enum(['none', 'mean', 'median', 'groupMean', 'groupMedian', 'latest', 'linear']).default('none'),
  /** Grouping column for groupMean / groupMedian (a key of the units' `groups`). */
  group: z.string().min(1).optional(),
});
export type ImputationSpec = z.output<typeof imputationSpecSchema>;

export const treatmentSpecSchema = z.object({
  method: z.enum(['none', 'winsorise', 'boxcox']).default('none'),
  skewThreshold: z.number().positive().default(2),
  kurtosisThreshold: z.number().default(3.5),
  maxPoints: z.number().int().min(0).default(5),
  fallback: z.enum(['log', 'boxcox', 'none']).default('log'),
  lambda: z.number().default(0.5),
});
export type TreatmentSpec = z.output<typeof treatmentSpecSchema>;

export const aggregationMethods = ['arithmetic', 'geometric', 'harmonic', 'generalised', 'copeland'] as const;
export type AggregationMethod = (typeof aggregationMethods)[number];

const levelAggregationSchema = z.object({
  method: z.enum(aggregationMethods),
  p: z.number().optional(),
});

export const aggregationSpecSchema = z.object({
  method: z.enum(aggregationMethods).default('arithmetic'),
  /** Power of the generalised mean (p = 1 arithmetic, 0 geometric, −1 harmonic). */
  p: z.number().default(2),
  /** Share of a node's children that must have a value; below it the unit's node score is missing. */
  minAvailability: share.default(0),
  /** Per level overrides, keyed by the level number as a string ("2", "3", …). */
  byLevel: z.record(z.string().regex(/^[0-9]+$/), levelAggregationSchema).optional(),
});
export type AggregationSpec = z.output<typeof aggregationSpecSchema>;

const givenWeightingSchema = z.object({ method: z.literal('given') });
const equalWeightingSchema = z.object({ method: z.literal('equal') });

const frozenWeightingSchema = z.object({
  method: z.literal('frozen'),
  /** Weight of each node within its parent; nodes not listed keep their given weight. */
  weights: z.record(z.string(), z.number().nonnegative()),
  /** Where the frozen weights came from (e.g. { method: 'entropy', reference: 'clusters-2024' }). */
  derivedFrom: z
    .object({
      method: z.string().min(1),
      reference: z.string().optional(),
      /** The variant that produced them (e.g. "combined/multiplicative: ahp × entropy"). */
      variant: z.string().optional(),
      /** SHA-256 of the canonical JSON of the reference data set, and how many units it kept. */
      dataHash: z.string().optional(),
      units: z.number().int().nonnegative().optional(),
      /** The weighting that was frozen (judgements, rule, derivation), kept for the record. */
      weighting: z.unknown().optional(),
    })
    .optional(),
});

/**
 * Weights of each aggregate's indicators derived from this run's normalised data (entropy, CRITIC or
 * PCA first component, docs/methods/*.md); aggregates keep their given weights. To score later years
 * or single units with the same weights, freeze them instead (freezeWeights).
 */
const derivedWeightingSchema = z.object({
  method: z.literal('derived'),
  derivation: z.enum(['entropy', 'critic', 'pca']),
});

/** One parent's AHP judgements: its children in the order of the matrix rows (docs/methods/ahp.md). */
export const ahpJudgementSchema = z.object({
  children: z.array(code).min(1),
  /** One pairwise comparison matrix, or several experts' (combined by element-wise geometric mean). */
  pairwise: z.union([
    z.array(z.array(z.number())).min(1),
    z.array(z.array(z.array(z.number())).min(1)).min(1),
  ]),
  derivation: z.enum(['eigenvector', 'geometric', 'approximate']).default('eigenvector'),
  riTable: z.enum(['saaty', 'alonso-lamata']).default('saaty'),
});
export type AhpJudgement = z.output<typeof ahpJudgementSchema>;

/**
 * AHP weights for the children of the listed parents (others keep their given weight); CR > 0.1 is
 * refused or warned (default) by `onInconsistent`.
 */
const ahpWeightingSchema = z.object({
  method: z.literal('ahp'),
  judgements: z.record(code, ahpJudgementSchema),
  onInconsistent: z.enum(['refuse', 'warn']).default('warn'),
});

/**
 * Subjective (given, equal, frozen or AHP) and objective (derived from the data, or frozen) weights of
 * each aggregate's indicators combined by `combineWeights` (docs/methods/combined-weights.md):
 * multiplicative s·o / Σ s·o, or linear α s + (1 − α) o (α = 0.5 by default, linear rule only).
 */
const combinedWeightingSchema = z
  .object({
    method: z.literal('combined'),
    subjective: z.discriminatedUnion('method', [
      givenWeightingSchema,
      equalWeightingSchema,
      frozenWeightingSchema,
      ahpWeightingSchema,
    ]),
    objective: z.discriminatedUnion('method', [derivedWeightingSchema, frozenWeightingSchema]),
    rule: z.enum(['multiplicative', 'linear']).default('multiplicative'),
    alpha: z
      .number()
      .min(0, 'alpha: 0 ≤ α ≤ 1 / α 须在 0 到 1 之间')
      .max(1, 'alpha: 0 ≤ α ≤ 1 / α 须在 0 到 1 之间')
      .optional(),
  })
  .refine((w) => w.alpha === undefined || w.rule === 'linear', {
    message: 'alpha only applies to the linear rule / α 仅用于线性组合',
    path: ['alpha'],
  });

export const weightingSpecSchema = z.discriminatedUnion('method', [
  givenWeightingSchema,
  equalWeightingSchema,
  frozenWeightingSchema,
  derivedWeightingSchema,
  ahpWeightingSchema,
  combinedWeightingSchema,
]);
export type WeightingSpec = z.output<typeof weightingSpecSchema>;
export type FrozenWeightingSpec = z.output<typeof frozenWeightingSchema>;
export type AhpWeightingSpec = z.output<typeof ahpWeightingSchema>;
export type CombinedWeightingSpec = z.output<typeof combinedWeightingSchema>;

export const goalpostsSchema = z
  .object({ lower: z.number(), upper: z.number() })
  .refine((g) => g.upper > g.lower, 'goalposts: upper must exceed lower / 上限须大于下限');

export const specNodeSchema = z.object({
  code,
  name: z.string().optional(),
  parent: code.nullable(),
  kind: z.enum(['indicator', 'aggregate']),
  weight: z.number().nonnegative().default(1),
  /** Formula over metric codes (see docs/methods/formula.md); default: the metric named like the indicator. */
  formula: z.string().min(1).max(2000).optional(),
  direction: z.union([z.literal(1), z.literal(-1)]).default(1),
  denominator: z.object({ metric: z.string().min(1), factor: z.number().default(1) }).optional(),
  goalposts: goalpostsSchema.optional(),
  target: z.number().optional(),
  normalisation: normalisationSpecSchema.optional(),
  unit: z.string().optional(),
});
export type SpecNode = z.output<typeof specNodeSchema>;

export const evaluationSpecSchema = z.object({
  version: z.literal(1),
  name: z.string().optional(),
  nodes: z.array(specNodeSchema).min(2),
  checks: z
    .object({
      minUnitAvailability: share.default(0),
      minIndicatorAvailability: share.default(0),
      /** Screen units on their raw data (default) or after imputation (as COINr's ASEM example does). */
      screenOn: z.enum(['raw', 'imputed']).default('raw'),
    })
    .default({ minUnitAvailability: 0, minIndicatorAvailability: 0, screenOn: 'raw' }),
  imputation: imputationSpecSchema.default({ method: 'none' }),
  treatment: treatmentSpecSchema.default({
    method: 'none',
    skewThreshold: 2,
    kurtosisThreshold: 3.5,
    maxPoints: 5,
    fallback: 'log',
    lambda: 0.5,
  }),
  normalisation: normalisationSpecSchema.default({ method: 'minmax', range: [0, 100] }),
  weighting: weightingSpecSchema.default({ method: 'given' }),
  aggregation: aggregationSpecSchema.default({ method: 'arithmetic', p: 2, minAvailability: 0 }),
  /** Tier thresholds: a loose slot owned by the tiering module, passed through untouched. */
  tiers: z.unknown().optional(),
  /** Uncertainty analysis settings: a loose slot owned by the uncertainty module, passed through untouched. */
  uncertainty: z.unknown().optional(),
  seed: z.number().int().min(0).max(4294967295).default(0),
});
export type EvaluationSpec = z.output<typeof evaluationSpecSchema>;
export type EvaluationSpecInput = z.input<typeof evaluationSpecSchema>;

/** Validates a spec (defaults applied) and its tree; throws AppError('invalid_input') naming the problem. */
export function parseEvaluationSpec(json: unknown): EvaluationSpec {
  const parsed = evaluationSpecSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw new AppError(
      'invalid_input',
      `评价方案无效 / invalid evaluation spec${where ? ` at ${where}` : ''}: ${first?.message ?? ''}`,
      { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  return parsed.data;
}
