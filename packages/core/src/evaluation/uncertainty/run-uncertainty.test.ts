import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { coinrMetaToNodes, readCoinrData, readCoinrMeta } from '../pipeline/coinr-layout.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { buildUncertaintyModel, runUncertainty } from './run-uncertainty.ts';

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../../examples/asem/${name}`, import.meta.url)), 'utf8');
const meta = readCoinrMeta(example('ASEM_iMeta.csv'));
const data = readCoinrData(example('ASEM_iData.csv'), meta);
const spec = { ...JSON.parse(example('spec.json')), nodes: coinrMetaToNodes(meta) };

describe('uncertainty analysis of the ASEM example (COINr pipeline)', () => {
  it('the nominal Monte Carlo evaluation reproduces the pipeline: same index score (to 1e-9) and rank for all 51 units', () => {
    const result = runUncertainty(spec, data, { runs: 50 });
    const pipeline = runPipeline(spec, data);
    const byCode = new Map(pipeline.units.map((u) => [u.code, u]));
    expect(result.units).toHaveLength(51);
    for (const unit of result.units) {
      expect(unit.nominalScore).toBeCloseTo(byCode.get(unit.code)?.scores.Index ?? Number.NaN, 9);
      expect(unit.nominalRank).toBe(byCode.get(unit.code)?.ranks.Index);
    }
  });

  it('varies weights at levels 1–3, z-score (100, 10) and geometric as alternatives; reports duplicates and what stayed fixed', () => {
    const result = runUncertainty(
      {
        ...spec,
        normalisation: { method: 'minmax', range: [1, 100] },
        uncertainty: {
          runs: 100,
          sensitivity: true,
          normalisation: [
            { method: 'minmax', range: [1, 100] },
            { method: 'zscore', mean: 100, sd: 10 },
          ],
          aggregation: [{ method: 'geometric' }],
        },
      },
      data,
    );
    expect(result.varied.map((v) => v.input)).toEqual([
      'weights.level1',
      'weights.level2',
      'weights.level3',
      'normalisation',
      'aggregation',
    ]);
    expect(result.varied[3]?.alternatives).toEqual(['minmax (range=[1,100])', 'zscore (mean=100, sd=10)']);
    expect(result.notes).toContain(
      "normalisation alternative minmax (range=[1,100]) is the spec's own choice or a duplicate: counted once",
    );
    expect(result.fixed.map((f) => f.input)).toEqual(['treatment', 'imputation']);
    // N = 100 base samples, k = 5 inputs: N(k + 2) = 700 evaluations
    expect(result.evaluations).toBe(700);
    expect(result.sensitivity?.first).toHaveLength(5);
  });

  it('refuses geometric aggregation over minmax [0, 100] (zeros), naming the indicator and unit', () => {
    expect(() =>
      runUncertainty({ ...spec, uncertainty: { runs: 10, aggregation: [{ method: 'geometric' }] } }, data),
    ).toThrow(AppError);
    expect(() =>
      runUncertainty({ ...spec, uncertainty: { runs: 10, aggregation: [{ method: 'geometric' }] } }, data),
    ).toThrow(/geometric at every level aggregation needs positive values: indicator \w+, unit \w+ is 0/);
  });

  it('builds a structured-clonable model (plain data and typed arrays) for worker threads', () => {
    const model = buildUncertaintyModel(spec, data, { runs: 10 });
    const copy = structuredClone(model);
    expect(copy.matrices[0]).toEqual(model.matrices[0]);
    expect(model.seed).toBe(0);
    expect(model.weightLevels).toEqual([1, 2, 3]);
  });

  it('varies imputation (group mean of the spec vs overall mean and median) and says so', () => {
    const model = buildUncertaintyModel(
      {
        ...spec,
        uncertainty: { runs: 40, weights: false, imputation: [{ method: 'mean' }, { method: 'median' }] },
      },
      data,
    );
    expect(model.imputations).toEqual(['groupMean (group=EurAsia_group)', 'mean', 'median']);
    expect(model.matrices).toHaveLength(3);
    // ASEM has missing cells, so the imputed matrices differ
    expect(model.matrices[1]).not.toEqual(model.matrices[0]);
    const result = runUncertainty(
      {
        ...spec,
        uncertainty: { runs: 40, weights: false, imputation: [{ method: 'mean' }, { method: 'median' }] },
      },
      data,
    );
    expect(result.varied).toEqual([
      {
        input: 'imputation',
        how: 'uniform choice among 3 alternatives',
        alternatives: ['groupMean (group=EurAsia_group)', 'mean', 'median'],
      },
    ]);
    expect(result.fixed.map((f) => f.input)).toEqual([
      'treatment',
      'weights',
      'normalisation',
      'aggregation',
    ]);
  });
});
