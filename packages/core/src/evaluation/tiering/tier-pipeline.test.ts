import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coinrMetaToNodes, readCoinrData, readCoinrMeta } from '../pipeline/coinr-layout.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { parseEvaluationSpec } from '../spec/evaluation-spec.schema.ts';
import { runUncertainty } from '../uncertainty/run-uncertainty.ts';
import { tierPipelineResult } from './tier-pipeline.ts';

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../../examples/asem/${name}`, import.meta.url)), 'utf8');
const meta = readCoinrMeta(example('ASEM_iMeta.csv'));
const data = readCoinrData(example('ASEM_iData.csv'), meta);
const spec = parseEvaluationSpec({
  ...JSON.parse(example('spec.json')),
  nodes: coinrMetaToNodes(meta),
  tiers: {
    method: 'counts',
    tiers: [
      { code: 'world', count: 3 },
      { code: 'national', count: 8 },
      { code: 'provincial', count: 30 },
    ],
  },
});
const result = runPipeline(spec, data);

describe('tiering the ASEM example ("3830" counts on 51 units)', () => {
  const uncertainty = runUncertainty(spec, data, { runs: 300, seed: 5 });
  const tiers = tierPipelineResult(spec, result, { uncertainty });

  it('3 world (CHE, NLD, DNK), 8 national, 30 provincial, 10 none', () => {
    const count = (tier: string) => tiers.units.filter((u) => u.tier === tier).length;
    expect([count('world'), count('national'), count('provincial'), count('none')]).toEqual([3, 8, 30, 10]);
    expect(
      tiers.units
        .filter((u) => u.tier === 'world')
        .map((u) => u.code)
        .sort(),
    ).toEqual(['CHE', 'DNK', 'NLD']);
  });

  it('effective weights × normalised values add up to each index score (arithmetic, no gaps): the closers are exact', () => {
    const input = tierPipelineResult(spec, result);
    expect(input.units.every((u) => u.gap === null || u.gap.linear)).toBe(true);
    // Σ_j effectiveWeight_j × value_j = Index for every unit (to 1e-9)
    for (const unit of result.units) {
      let total = 0;
      for (const node of result.nodes.filter((n) => n.kind === 'indicator' && n.weight > 0)) {
        let w = 1;
        for (let n = node; n.parent !== null; n = result.nodes.find((m) => m.code === n.parent) ?? n)
          w *= n.effectiveWeight;
        total += w * (unit.scores[node.code] ?? 0);
      }
      expect(total).toBeCloseTo(unit.scores.Index ?? Number.NaN, 9);
    }
  });

  it('borderline only where the Monte Carlo interval straddles a cut after rank 3, 11 or 41', () => {
    for (const unit of tiers.units) {
      const interval = uncertainty.units.find((u) => u.code === unit.code)?.rankInterval as [number, number];
      const crosses = [3, 11, 41].some((b) => interval[0] <= b && b < interval[1]);
      expect(unit.borderline).toBe(crosses);
    }
    expect(tiers.units.some((u) => u.borderline)).toBe(true);
  });
});
