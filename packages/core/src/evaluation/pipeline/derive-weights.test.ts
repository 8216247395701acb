import { describe, expect, it } from 'vitest';
import type { EvaluationSpecInput } from '../spec/evaluation-spec.schema.ts';
import { freezeDerivedWeights } from './freeze-weights.ts';
import { runPipeline } from './run-pipeline.ts';

/** Index ← G ← {a, b}, goalposts [0, 10]; reference units: a = 0, 5, 10 and b = 0, 0, 10 → 0/50/100 and 0/0/100. */
const spec: EvaluationSpecInput = {
  version: 1,
  nodes: [
    { code: 'Index', kind: 'aggregate', parent: null },
    { code: 'G', kind: 'aggregate', parent: 'Index' },
    { code: 'a', kind: 'indicator', parent: 'G', goalposts: { lower: 0, upper: 10 } },
    { code: 'b', kind: 'indicator', parent: 'G', goalposts: { lower: 0, upper: 10 } },
  ],
  normalisation: { method: 'goalposts' },
};
const reference = {
  units: [{ code: 'U1' }, { code: 'U2' }, { code: 'U3' }],
  values: { a: [0, 5, 10], b: [0, 0, 10] },
};
// Entropy: p_a = 0, 1/3, 2/3 → e_a = −(⅓ ln ⅓ + ⅔ ln ⅔) / ln 3 = 0.5794, d_a = 0.4206; p_b = 0, 0, 1 → e_b = 0, d_b = 1
const ea = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3)) / Math.log(3);
const wa = (1 - ea) / (1 - ea + 1);

describe('data-derived weights', () => {
  it('entropy within G: w_a = 0.4206 / 1.4206 = 0.2961, w_b = 0.7039; U2 = 50 × 0.2961 = 14.80', () => {
    const r = runPipeline({ ...spec, weighting: { method: 'derived', derivation: 'entropy' } }, reference);
    expect(r.steps.derivedWeights).toHaveLength(1);
    expect(r.steps.derivedWeights[0]?.weights.a).toBeCloseTo(wa, 12);
    expect(r.steps.derivedWeights[0]?.weights.b).toBeCloseTo(1 - wa, 12);
    expect(r.units[1]?.scores.Index).toBeCloseTo(50 * wa, 10);
    expect(r.nodes.find((n) => n.code === 'a')?.effectiveWeight).toBeCloseTo(0.2961, 4);
  });

  it('frozen on the reference set, the weights score a single cluster later: a = 5, b = 10 → 50 × 0.2961 + 100 × 0.7039 = 85.20', () => {
    const frozen = freezeDerivedWeights(spec, reference, 'entropy', 'reference-2024');
    expect(frozen.weighting).toMatchObject({
      method: 'frozen',
      derivedFrom: { method: 'entropy', reference: 'reference-2024' },
    });
    const one = runPipeline(frozen, { units: [{ code: 'New' }], values: { a: [5], b: [10] } });
    expect(one.units[0]?.scores.Index).toBeCloseTo(50 * wa + 100 * (1 - wa), 10);
  });

  it('CRITIC and PCA are available too and name their variant', () => {
    const critic = runPipeline(
      { ...spec, weighting: { method: 'derived', derivation: 'critic' } },
      reference,
    );
    expect(critic.steps.derivedWeights[0]?.variant).toMatch(/^critic/);
    const pca = runPipeline({ ...spec, weighting: { method: 'derived', derivation: 'pca' } }, reference);
    expect(pca.steps.derivedWeights[0]?.variant).toMatch(/^pca/);
    const w = pca.steps.derivedWeights[0]?.weights ?? {};
    expect((w.a ?? 0) + (w.b ?? 0)).toBeCloseTo(1, 12);
  });
});
