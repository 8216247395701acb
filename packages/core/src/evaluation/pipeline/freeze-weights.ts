import type { EvaluationData } from '../spec/evaluation-data.schema.ts';
import {
  type EvaluationSpec,
  type EvaluationSpecInput,
  parseEvaluationSpec,
} from '../spec/evaluation-spec.schema.ts';
import type { WeightDerivation } from './derive-weights.ts';
import { preparePipeline } from './prepare.ts';

/**
 * The spec with data-derived indicator weights computed on `reference` data and frozen
 * (`weighting: { method: 'frozen', weights, derivedFrom: { method, reference } }`).
 */
export function freezeDerivedWeights(
  specInput: EvaluationSpec | EvaluationSpecInput,
  reference: EvaluationData,
  derivation: WeightDerivation,
  referenceName?: string,
): EvaluationSpec {
  const spec = parseEvaluationSpec({ ...specInput, weighting: { method: 'derived', derivation } });
  const prepared = preparePipeline(spec, reference);
  const weights: Record<string, number> = {};
  prepared.tree.codes.forEach((code, n) => {
    if (!prepared.dropped.some((d) => d.indicator === code))
      weights[code] = prepared.tree.weight[n] as number;
  });
  const original = parseEvaluationSpec(specInput);
  return {
    ...original,
    weighting: {
      method: 'frozen',
      weights,
      derivedFrom: {
        method: derivation,
        ...(referenceName !== undefined ? { reference: referenceName } : {}),
      },
    },
  };
}
