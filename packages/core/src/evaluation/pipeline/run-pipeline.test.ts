import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../errors.ts';
import type { EvaluationData } from '../spec/evaluation-data.schema.ts';
import type { EvaluationSpecInput } from '../spec/evaluation-spec.schema.ts';
import { evaluationSpecSchema } from '../spec/evaluation-spec.schema.ts';
import { preparePipeline } from './prepare.ts';
import { runPipeline } from './run-pipeline.ts';

/** Index ← Econ {output (per staff), growth}, Green {co2 (cost)}. */
const spec: EvaluationSpecInput = {
  version: 1,
  nodes: [
    { code: 'Index', kind: 'aggregate', parent: null },
    { code: 'Econ', kind: 'aggregate', parent: 'Index' },
    { code: 'Green', kind: 'aggregate', parent: 'Index' },
    { code: 'Prod', kind: 'indicator', parent: 'Econ', formula: 'output / staff' },
    { code: 'Growth', kind: 'indicator', parent: 'Econ', formula: 'output[t] / output[t-1] - 1' },
    { code: 'co2', kind: 'indicator', parent: 'Green', direction: -1 },
  ],
};
const data: EvaluationData = {
  units: [
    { code: 'A', groups: { city: 'Jinan' } },
    { code: 'B', groups: { city: 'Jinan' } },
    { code: 'C', groups: { city: 'Qingdao' } },
  ],
  period: '2024',
  values: { output: [100, 200, 300], staff: [10, 10, 20], co2: [5, 1, 3] },
  panel: [{ period: '2023', values: { output: [80, 200, 200], staff: [10, 10, 20], co2: [5, 1, 3] } }],
};

describe('runPipeline', () => {
  // Prod = 10, 20, 15 → minmax 0, 100, 50; Growth = 0.25, 0, 0.5 → 50, 0, 100; co2 (cost) 5, 1, 3 → 0, 100, 50
  // Econ = (0 + 50) / 2 = 25, (100 + 0) / 2 = 50, (50 + 100) / 2 = 75; Index = (Econ + Green) / 2 = 12.5, 75, 62.5
  const result = runPipeline(spec, data);
  const unit = (code: string) => result.units.find((u) => u.code === code);

  it('A: Econ (0 + 50) / 2 = 25, Green 0, Index 12.5; B: Index (50 + 100) / 2 = 75; C: (75 + 50) / 2 = 62.5', () => {
    expect(unit('A')?.scores).toMatchObject({ Prod: 0, Growth: 50, co2: 0, Econ: 25, Green: 0, Index: 12.5 });
    expect(unit('B')?.scores.Index).toBe(75);
    expect(unit('C')?.scores.Index).toBe(62.5);
    expect(result.units.map((u) => u.ranks.Index)).toEqual([3, 1, 2]);
  });

  it('ranks within groups: in Jinan, B (75) is 1st and A (12.5) 2nd; C is 1st in Qingdao', () => {
    expect(unit('A')?.groupRanks.city?.Index).toBe(2);
    expect(unit('B')?.groupRanks.city?.Index).toBe(1);
    expect(unit('C')?.groupRanks.city?.Index).toBe(1);
  });

  it('contributions: C = Prod 50 × ½ × ½ + Growth 100 × ¼ + co2 50 × ½ = 12.5 + 25 + 25 = 62.5', () => {
    expect(unit('C')?.contributions).toEqual({ Prod: 12.5, Growth: 25, co2: 25 });
  });

  it('strengths and weaknesses by rank among units: B is best on Prod and co2, worst on Growth', () => {
    expect(unit('B')?.strengths.slice(0, 2)).toEqual(['Prod', 'co2']);
    expect(unit('B')?.weaknesses[0]).toBe('Growth');
  });

  it("Cronbach's alpha of Econ over Prod (0, 100, 50) and Growth (50, 0, 100): 2 × (1 − 5000/2500)... = −2", () => {
    // var(Prod) = var(Growth) = 2500, totals 50, 100, 150 → var 2500; α = 2 (1 − 5000 / 2500) = −2
    expect(result.cronbachAlpha.Econ).toBeCloseTo(-2, 12);
    expect(result.cronbachAlpha.Green).toBeNull();
  });

  it('correlations with the parent: co2 is Green itself (r = 1)', () => {
    expect(result.correlations.withParent.co2).toBeCloseTo(1, 12);
  });

  it('carries the seed and SHA-256 hashes; never NaN in the JSON', () => {
    expect(result.seed).toBe(0);
    expect(result.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it('zero variance: an indicator all units share is left out, its weight redistributed within its parent', () => {
    const flat = { ...data, values: { ...data.values, co2: [2, 2, 2] } };
    const withSecond: EvaluationSpecInput = {
      ...spec,
      nodes: [...spec.nodes, { code: 'water', kind: 'indicator', parent: 'Green' }],
    };
    const r = runPipeline(withSecond, { ...flat, values: { ...flat.values, water: [3, 2, 1] } });
    expect(r.steps.dropped).toEqual([{ indicator: 'co2', reason: 'zero_variance', parent: 'Green' }]);
    expect(r.nodes.find((n) => n.code === 'water')?.effectiveWeight).toBe(1);
    expect(r.units[0]?.scores.Green).toBe(100);
    expect(r.warnings[0]).toContain('co2');
  });

  it('refuses relative normalisation of a single unit; goalposts score it', () => {
    const one: EvaluationData = { units: [{ code: 'A' }], values: { x: [6] } };
    const single: EvaluationSpecInput = {
      version: 1,
      nodes: [
        { code: 'Index', kind: 'aggregate', parent: null },
        { code: 'x', kind: 'indicator', parent: 'Index', goalposts: { lower: 0, upper: 8 } },
      ],
    };
    expect(() => runPipeline(single, one)).toThrow(/single unit/);
    try {
      runPipeline(single, one);
    } catch (error) {
      expect((error as AppError).code).toBe('rule_violated');
    }
    const scored = runPipeline({ ...single, normalisation: { method: 'goalposts' } }, one);
    expect(scored.units[0]?.scores.Index).toBe(75);
  });

  it.each([
    [
      'an empty column',
      { ...data, values: { ...data.values, co2: [null, null, null] } },
      /co2: .*empty column/,
    ],
    ['a column of the wrong length', { ...data, values: { ...data.values, co2: [1, 2] } }, /co2/],
    ['a non-numeric cell', { ...data, values: { ...data.values, co2: [1, 'x', 2] } }, /values.co2.1/],
  ])('bad input: %s is an AppError naming the indicator or cell', (_label, bad, message) => {
    expect(() => runPipeline(spec, bad as EvaluationData)).toThrow(message);
  });

  it('bad input: geometric mean with a zero names the node, indicator and unit', () => {
    expect(() => runPipeline({ ...spec, aggregation: { method: 'geometric' } }, data)).toThrow(
      /Prod of A is 0/,
    );
  });

  it('bad input: frozen weights for an unknown node', () => {
    expect(() =>
      runPipeline({ ...spec, weighting: { method: 'frozen', weights: { Nope: 1 } } }, data),
    ).toThrow(/unknown node Nope/);
  });

  it('bad spec: a second root, an unknown parent, an indicator with children', () => {
    const nodes = spec.nodes;
    expect(() =>
      runPipeline({ ...spec, nodes: [...nodes, { code: 'R2', kind: 'aggregate', parent: null }] }, data),
    ).toThrow(/exactly one root/);
    expect(() =>
      runPipeline({ ...spec, nodes: [...nodes, { code: 'q', kind: 'indicator', parent: 'Nope' }] }, data),
    ).toThrow(/unknown parent Nope/);
    expect(() =>
      runPipeline({ ...spec, nodes: [...nodes, { code: 'q', kind: 'indicator', parent: 'co2' }] }, data),
    ).toThrow(/parent co2 is an indicator/);
  });

  it('screening: a unit below the availability threshold is screened out and reported', () => {
    const sparse = { ...data, values: { ...data.values, co2: [5, 1, null], staff: [10, 10, null] } };
    const r = runPipeline({ ...spec, checks: { minUnitAvailability: 0.5 } }, sparse);
    expect(r.steps.screenedOut).toEqual(['C']);
    expect(r.units.map((u) => u.code)).toEqual(['A', 'B']);
  });

  it('preparePipeline: the matrix of an alternative normalisation, and fast re-aggregation with other weights', () => {
    const prepared = preparePipeline(evaluationSpecSchema.parse(spec), data);
    const ranks = prepared.normalisedMatrix({ normalisation: { method: 'rank' } });
    expect(Array.from(ranks.slice(0, 3))).toEqual([1, 2, 1]); // A: Prod rank 1, Growth rank 2, co2 rank 1
    const weights = Float64Array.from(prepared.tree.weight);
    weights[prepared.tree.codes.indexOf('Green')] = 0;
    const s = prepared.aggregate(prepared.normalisedMatrix(), { weights });
    expect(s[prepared.tree.rootIndex]).toBe(25); // A: Econ only
  });
});

describe('properties', () => {
  const tree: EvaluationSpecInput = {
    version: 1,
    nodes: [
      { code: 'Index', kind: 'aggregate', parent: null },
      { code: 'x', kind: 'indicator', parent: 'Index' },
      { code: 'y', kind: 'indicator', parent: 'Index', direction: -1 },
      { code: 'z', kind: 'indicator', parent: 'Index', weight: 2 },
    ],
  };
  const column = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 3, maxLength: 12 });

  it('index ranks are 1..n with ties sharing the lowest rank (a permutation when all differ)', () => {
    fc.assert(
      fc.property(column, column, column, (x, y, z) => {
        const n = Math.min(x.length, y.length, z.length);
        const cols = [x, y, z].map((c) => c.slice(0, n));
        fc.pre(cols.every((c) => new Set(c).size > 1));
        const r = runPipeline(tree, {
          units: Array.from({ length: n }, (_, i) => ({ code: `U${i}` })),
          values: { x: cols[0] as number[], y: cols[1] as number[], z: cols[2] as number[] },
        });
        const scores = r.units.map((u) => u.scores.Index as number);
        const ranks = r.units.map((u) => u.ranks.Index as number);
        for (let i = 0; i < n; i++)
          expect(ranks[i]).toBe(1 + scores.filter((s) => s > (scores[i] as number)).length);
        if (new Set(scores).size === n)
          expect([...ranks].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      }),
    );
  });

  it('identical units get identical scores and tie in rank', () => {
    fc.assert(
      fc.property(column, column, column, (x, y, z) => {
        const n = Math.min(x.length, y.length, z.length);
        const cols = [x, y, z].map((c) => [...c.slice(0, n), c[0] as number]);
        fc.pre(cols.every((c) => new Set(c).size > 1));
        const r = runPipeline(tree, {
          units: Array.from({ length: n + 1 }, (_, i) => ({ code: `U${i}` })),
          values: { x: cols[0] as number[], y: cols[1] as number[], z: cols[2] as number[] },
        });
        expect(r.units[n]?.scores).toEqual(r.units[0]?.scores);
        expect(r.units[n]?.ranks.Index).toBe(r.units[0]?.ranks.Index);
      }),
    );
  });
});

describe('run hash', () => {
  it('hash = SHA-256 of the canonical JSON of { data, spec } (spec with defaults applied)', async () => {
    const { canonicalJson } = await import('../canonical-json.ts');
    const { sha256Hex } = await import('../sha256.ts');
    const r = runPipeline(spec, data);
    const parsed = evaluationSpecSchema.parse(spec);
    expect(r.hash).toBe(sha256Hex(canonicalJson({ data, spec: parsed })));
    expect(r.specHash).toBe(sha256Hex(canonicalJson(parsed)));
    expect(r.dataHash).toBe(sha256Hex(canonicalJson(data)));
  });
});

describe('zero variance under goalposts', () => {
  it('is kept (absolute scale): x = 4, 4 with goalposts [0, 8] scores 50 for both, with a warning', () => {
    const r = runPipeline(
      {
        version: 1,
        nodes: [
          { code: 'Index', kind: 'aggregate', parent: null },
          { code: 'x', kind: 'indicator', parent: 'Index', goalposts: { lower: 0, upper: 8 } },
          { code: 'y', kind: 'indicator', parent: 'Index', goalposts: { lower: 0, upper: 8 } },
        ],
        normalisation: { method: 'goalposts' },
      },
      { units: [{ code: 'A' }, { code: 'B' }], values: { x: [4, 4], y: [0, 8] } },
    );
    expect(r.steps.dropped).toEqual([]);
    // A: (50 + 0) / 2 = 25, B: (50 + 100) / 2 = 75 — the same as scoring each alone
    expect(r.units.map((u) => u.scores.Index)).toEqual([25, 75]);
    expect(r.warnings[0]).toContain('x: ');
  });
});

describe('member metrics', () => {
  it('cluster revenue = sum of its enterprises: A 1 + 2 = 3, B 4 + 5 + 6 = 15, C none = 0 → min-max 20, 100, 0', () => {
    const r = runPipeline(
      {
        version: 1,
        nodes: [
          { code: 'Index', kind: 'aggregate', parent: null },
          { code: 'Revenue', kind: 'indicator', parent: 'Index', formula: 'sum(revenue)' },
          { code: 'Firms', kind: 'indicator', parent: 'Index', formula: 'count(revenue)' },
        ],
      },
      {
        units: [{ code: 'A' }, { code: 'B' }, { code: 'C' }],
        values: {},
        members: { revenue: [[1, 2], [4, 5, 6], []] },
      },
    );
    expect(r.units.map((u) => u.scores.Revenue)).toEqual([20, 100, 0]);
    // Firms 2, 3, 0 → 66.67, 100, 0
    expect(r.units[0]?.scores.Firms).toBeCloseTo(200 / 3, 12);
  });
});
