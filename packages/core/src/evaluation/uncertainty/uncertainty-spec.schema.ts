/**
 * The `uncertainty` section of an EvaluationSpec: what the Monte Carlo analysis varies. The spec's own
 * choices are always alternative 0; the lists here add alternatives (duplicates of the spec's own choice
 * are dropped, and the result says so).
 */
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import {
  aggregationMethods,
  imputationSpecSchema,
  normalisationSpecSchema,
} from '../spec/evaluation-spec.schema.ts';

export const uncertaintySpecSchema = z.object({
  /** Monte Carlo runs; with sensitivity also the number N of base samples (N(k + 2) evaluations). */
  runs: z.number().int().min(1).max(10_000_000).default(1000),
  /** Seed of the random streams (default: the spec's seed). */
  seed: z.number().int().min(0).max(4294967295).optional(),
  /** Each weight × U(1 − spread, 1 + spread), renormalised within its parent; false = weights fixed. */
  weights: z
    .union([
      z.literal(false),
      z.object({
        spread: z.number().min(0).lt(1).default(0.25),
        /** Levels (of the weighted node: 1 = indicators) whose weights vary; default all. */
        levels: z.array(z.number().int().min(1)).optional(),
      }),
    ])
    .default({ spread: 0.25 }),
  normalisation: z.array(normalisationSpecSchema).default([]),
  aggregation: z
    .array(z.object({ method: z.enum(aggregationMethods), p: z.number().optional() }))
    .default([]),
  imputation: z.array(imputationSpecSchema).default([]),
  /** Saltelli 2010 first-order and Jansen 1999 total sensitivity indices. */
  sensitivity: z.boolean().default(false),
});
export type UncertaintySpec = z.output<typeof uncertaintySpecSchema>;
export type UncertaintySpecInput = z.input<typeof uncertaintySpecSchema>;

export function parseUncertaintySpec(json: unknown): UncertaintySpec {
  const parsed = uncertaintySpecSchema.safeParse(json ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw new AppError(
      'invalid_input',
      `不确定性分析设置无效 / invalid uncertainty settings${where ? ` at uncertainty.${where}` : ''}: ${first?.message ?? ''}`,
      {
        issues: parsed.error.issues.map((i) => ({
          path: `uncertainty.${i.path.join('.')}`,
          message: i.message,
        })),
      },
    );
  }
  return parsed.data;
}
