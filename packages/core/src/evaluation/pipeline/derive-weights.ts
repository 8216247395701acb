/**
 * Data-derived weights inside the composite pipeline: for every aggregate node, the weights of its
 * indicator children are derived from the normalised indicator matrix (direction applied, so every
 * column is "higher is better" and criterion types are all benefit) by entropy, CRITIC or the PCA first
 * component (packages/core/src/evaluation/weights, docs/methods/entropy.md, critic.md, pca-weights.md),
 * over the units with a value on every one of those indicators. Aggregates of aggregates keep their
 * given weights. `freezeDerivedWeights` (freeze-weights.ts) computes them once on a reference data set
 * and writes them into the spec as frozen weights, so that later years and single units score alike.
 */
import { AppError } from '../../errors.ts';
import type { FrameworkArrays } from '../spec/framework-tree.ts';
import { criticWeights } from '../weights/critic.ts';
import { entropyWeights } from '../weights/entropy.ts';
import { pcaWeights } from '../weights/pca.ts';

export type WeightDerivation = 'entropy' | 'critic' | 'pca';

export type DerivedWeightsGroup = {
  parent: string;
  method: WeightDerivation;
  variant: string;
  /** Units used (those with a value on every indicator of the group). */
  units: number;
  weights: Record<string, number>;
  notes: string[];
};

/** Writes derived weights into `weight` (a copy of tree.weight) and returns what was done per group. */
export function deriveGroupWeights(
  tree: FrameworkArrays,
  matrix: ArrayLike<number>,
  unitCount: number,
  derivation: WeightDerivation,
  weight: Float64Array,
): DerivedWeightsGroup[] {
  const J = tree.indicatorCount;
  const groups: DerivedWeightsGroup[] = [];
  for (let n = J; n < tree.codes.length; n++) {
    const children: number[] = [];
    for (let c = tree.childStart[n] as number; c < (tree.childStart[n + 1] as number); c++) {
      const child = tree.childIndex[c] as number;
      if (child < J && (tree.weight[child] as number) > 0) children.push(child);
    }
    if (children.length === 0) continue;
    if (children.length === 1) {
      weight[children[0] as number] = 1;
      continue;
    }
    const rows: number[][] = [];
    for (let u = 0; u < unitCount; u++) {
      const row = children.map((j) => matrix[u * J + j] as number);
      if (row.every((v) => !Number.isNaN(v))) rows.push(row);
    }
    const types = children.map(() => 1);
    const parent = tree.codes[n] as string;
    let result: { variant: string; weights: number[]; notes: string[] };
    try {
      result =
        derivation === 'entropy'
          ? entropyWeights(rows, types)
          : derivation === 'critic'
            ? criticWeights(rows, types)
            : pcaWeights(rows, types);
    } catch (error) {
      if (error instanceof AppError)
        throw new AppError('invalid_input', `${parent}: ${error.message}`, {
          ...error.details,
          node: parent,
          step: 'weighting',
          derivation,
        });
      throw error;
    }
    const weights: Record<string, number> = {};
    children.forEach((j, k) => {
      const w = result.weights[k] as number;
      weight[j] = w;
      weights[tree.codes[j] as string] = w;
    });
    groups.push({
      parent,
      method: derivation,
      variant: result.variant,
      units: rows.length,
      weights,
      notes: result.notes,
    });
  }
  return groups;
}
