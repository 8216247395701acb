/**
 * Freezing weights: the weights a data-derived (entropy, CRITIC, PCA), AHP or combined weighting gives on
 * a named reference data set, written into the spec as
 * `{ method: 'frozen', weights, derivedFrom: { method, reference, variant, dataHash, units, weighting } }`
 * (dataHash = the reference run's result.dataHash),
 * so that later years and single re-reviewed clusters are scored with exactly those weights (issue 3,
 * item 6; docs/methods/aggregation.md).
 */
import { canonicalJson } from '../canonical-json.ts';
import { sha256Hex } from '../sha256.ts';
import { type EvaluationData, parseEvaluationData } from '../spec/evaluation-data.schema.ts';
import {
  type EvaluationSpec,
  type EvaluationSpecInput,
  parseEvaluationSpec,
} from '../spec/evaluation-spec.schema.ts';
import type { WeightDerivation } from './derive-weights.ts';
import { preparePipeline } from './prepare.ts';

export type FreezeWeightsOptions = {
  /** Name of the reference data set (e.g. "clusters-2024"), recorded in derivedFrom.reference. */
  reference?: string;
};

/**
 * The spec with its weighting computed on `reference` and frozen: every node's weight within its parent
 * as the pipeline used it (an indicator left out on the reference data, for zero variance or
 * availability, is frozen at 0: the weights were derived without it). Given, equal and frozen
 * weightings depend on no data and are returned as they are (parsed).
 */
export function freezeWeights(
  specInput: EvaluationSpec | EvaluationSpecInput,
  reference: EvaluationData,
  options: FreezeWeightsOptions = {},
): EvaluationSpec {
  const spec = parseEvaluationSpec(specInput);
  const weighting = spec.weighting;
  if (weighting.method === 'given' || weighting.method === 'equal' || weighting.method === 'frozen')
    return spec;
  const data = parseEvaluationData(reference);
  const prepared = preparePipeline(spec, data);
  const weights: Record<string, number> = {};
  prepared.tree.codes.forEach((code, n) => {
    if (n !== prepared.tree.rootIndex) weights[code] = prepared.tree.weight[n] as number;
  });
  const method =
    weighting.method === 'derived'
      ? weighting.derivation
      : weighting.method === 'combined'
        ? 'combined'
        : 'ahp';
  const variants = [
    ...new Set(prepared.weightGroups.filter((g) => g.method === method).map((g) => g.variant)),
  ];
  return {
    ...spec,
    weighting: {
      method: 'frozen',
      weights,
      derivedFrom: {
        method,
        ...(options.reference !== undefined ? { reference: options.reference } : {}),
        ...(variants.length > 0 ? { variant: variants.join('; ') } : {}),
        dataHash: sha256Hex(canonicalJson(data)),
        units: prepared.unitCodes.length,
        weighting,
      },
    },
  };
}

/**
 * The spec with data-derived indicator weights computed on `reference` data and frozen
 * (`weighting: { method: 'frozen', weights, derivedFrom: { method, reference } }`); kept for callers of
 * the first version: freezeWeights with `weighting: { method: 'derived', derivation }`.
 */
export function freezeDerivedWeights(
  specInput: EvaluationSpec | EvaluationSpecInput,
  reference: EvaluationData,
  derivation: WeightDerivation,
  referenceName?: string,
): EvaluationSpec {
  const original = parseEvaluationSpec(specInput);
  const frozen = freezeWeights({ ...original, weighting: { method: 'derived', derivation } }, reference, {
    ...(referenceName !== undefined ? { reference: referenceName } : {}),
  });
  return { ...original, weighting: frozen.weighting };
}
