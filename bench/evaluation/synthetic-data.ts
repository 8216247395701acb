/**
 * Deterministic synthetic evaluation data for the benchmarks: `units` clusters × 60 indicators in a
 * 4-level framework (60 indicators → 12 dimensions → 4 pillars → index), from a seeded PRNG. The same
 * numbers go to the engine (as an EvaluationSpec + EvaluationData) and to the NumPy reference (as JSON).
 */

import type { EvaluationData, EvaluationSpecInput } from '@qunce/core/evaluation';
import { createRandom } from '../../packages/core/src/evaluation/random.ts';

export type SyntheticSet = {
  spec: EvaluationSpecInput;
  data: EvaluationData;
  /** The reference's input: nodes bottom-up (indicators first) with levels, values units × indicators. */
  reference: {
    seed: number;
    units: string[];
    indicators: string[];
    nodes: { code: string; parent: string | null; weight: number; level: number }[];
    values: number[][];
  };
};

export function syntheticSet(units: number, seed: number, runs: number): SyntheticSet {
  const random = createRandom(seed);
  const indicators = Array.from({ length: 60 }, (_, j) => `I${String(j + 1).padStart(2, '0')}`);
  const dims = Array.from({ length: 12 }, (_, d) => `D${String(d + 1).padStart(2, '0')}`);
  const pillars = ['P1', 'P2', 'P3', 'P4'];
  const weight = () => Math.round((0.5 + random.next()) * 100) / 100;
  const nodes: SyntheticSet['reference']['nodes'] = [
    ...indicators.map((code, j) => ({
      code,
      parent: dims[Math.floor(j / 5)] as string,
      weight: weight(),
      level: 1,
    })),
    ...dims.map((code, d) => ({
      code,
      parent: pillars[Math.floor(d / 3)] as string,
      weight: weight(),
      level: 2,
    })),
    ...pillars.map((code) => ({ code, parent: 'Index', weight: weight(), level: 3 })),
    { code: 'Index', parent: null, weight: 1, level: 4 },
  ];
  const unitCodes = Array.from({ length: units }, (_, u) => `C${String(u + 1).padStart(4, '0')}`);
  // x = 10 + 5·quality_u + 3·noise_uj (+ a per-indicator offset): positive, with a common factor.
  const quality = unitCodes.map(() => random.next());
  const values = unitCodes.map((_, u) =>
    indicators.map(
      (_, j) => Math.round((10 + j / 10 + 5 * (quality[u] as number) + 3 * random.next()) * 1e6) / 1e6,
    ),
  );
  const data: EvaluationData = {
    units: unitCodes.map((code) => ({ code })),
    values: Object.fromEntries(indicators.map((code, j) => [code, values.map((row) => row[j] as number)])),
  };
  const spec: EvaluationSpecInput = {
    version: 1,
    name: `synthetic ${units} × 60`,
    nodes: nodes.map(({ code, parent, weight: w, level }) => ({
      code,
      parent,
      weight: w,
      kind: level === 1 ? ('indicator' as const) : ('aggregate' as const),
    })),
    normalisation: { method: 'minmax', range: [1, 100] },
    aggregation: { method: 'arithmetic' },
    uncertainty: {
      runs,
      weights: { spread: 0.25 },
      normalisation: [{ method: 'zscore', mean: 100, sd: 10 }],
      aggregation: [{ method: 'geometric' }],
    },
    seed,
  };
  return { spec, data, reference: { seed, units: unitCodes, indicators, nodes, values } };
}
