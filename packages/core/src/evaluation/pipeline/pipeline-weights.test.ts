import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { EvaluationData } from '../spec/evaluation-data.schema.ts';
import { type EvaluationSpecInput, parseEvaluationSpec } from '../spec/evaluation-spec.schema.ts';
import { freezeWeights } from './freeze-weights.ts';
import { runPipeline } from './run-pipeline.ts';

/** Index ← G ← {a, b, c}, goalposts [0, 10] (score = 10 x): U1 = (10, 5, 0) → 100, 50, 0; U2 = (0, 10, 10). */
const nodes: EvaluationSpecInput['nodes'] = [
  { code: 'Index', kind: 'aggregate', parent: null },
  { code: 'G', kind: 'aggregate', parent: 'Index' },
  { code: 'a', kind: 'indicator', parent: 'G', goalposts: { lower: 0, upper: 10 } },
  { code: 'b', kind: 'indicator', parent: 'G', goalposts: { lower: 0, upper: 10 } },
  { code: 'c', kind: 'indicator', parent: 'G', goalposts: { lower: 0, upper: 10 } },
];
const base = { version: 1, nodes, normalisation: { method: 'goalposts' } } as const;
const data: EvaluationData = {
  units: [{ code: 'U1' }, { code: 'U2' }],
  values: { a: [10, 0], b: [5, 10], c: [0, 10] },
};
/** Consistent judgements for w = 4 : 2 : 1 (a_ij = w_i / w_j). */
const consistent = [
  [1, 2, 4],
  [1 / 2, 1, 2],
  [1 / 4, 1 / 2, 1],
];
/** Cyclic judgements a > b > c > a, each 9 : 1. */
const cyclic = [
  [1, 9, 1 / 9],
  [1 / 9, 1, 9],
  [9, 1 / 9, 1],
];
const ahpOnG = (pairwise: unknown, extra: Record<string, unknown> = {}) => ({
  method: 'ahp' as const,
  judgements: { G: { children: ['a', 'b', 'c'], pairwise: pairwise as number[][] } },
  ...extra,
});

function appError(f: () => unknown): AppError {
  try {
    f();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('AHP weighting in the pipeline', () => {
  it('3 children judged 4 : 2 : 1 consistently: eigenvector w = 4/7, 2/7, 1/7, λmax = 3, CI = CR = 0; U1 = 100 × 4/7 + 50 × 2/7 = 500/7 = 71.43', () => {
    const r = runPipeline({ ...base, weighting: ahpOnG(consistent) }, data);
    const group = r.steps.weightGroups.find((g) => g.parent === 'G');
    expect(group?.method).toBe('ahp');
    expect(group?.variant).toBe('ahp/eigenvector/ri=saaty');
    expect(group?.ahp?.lambdaMax).toBeCloseTo(3, 12);
    expect(group?.ahp?.ci).toBeCloseTo(0, 12);
    expect(group?.ahp?.cr).toBeCloseTo(0, 12);
    expect(group?.ahp).toMatchObject({ riTable: 'saaty', ri: 0.58, consistent: true });
    expect(group?.children.map((c) => c.weight)).toEqual([
      expect.closeTo(4 / 7, 12),
      expect.closeTo(2 / 7, 12),
      expect.closeTo(1 / 7, 12),
    ]);
    expect(group?.children.every((c) => c.source === 'ahp')).toBe(true);
    expect(r.nodes.find((n) => n.code === 'a')).toMatchObject({ weightSource: 'ahp' });
    expect(r.nodes.find((n) => n.code === 'a')?.effectiveWeight).toBeCloseTo(4 / 7, 12);
    expect(r.nodes.find((n) => n.code === 'Index')?.weightSource).toBeNull();
    expect(r.units[0]?.scores.Index).toBeCloseTo(500 / 7, 10);
    expect(r.units[0]?.scores.Index).toBeCloseTo(71.43, 2);
    // U2 = (0 × 4 + 100 × 2 + 100 × 1) / 7 = 300/7 = 42.86
    expect(r.units[1]?.scores.Index).toBeCloseTo(300 / 7, 10);
    expect(r.warnings).toEqual([]);
  });

  it('judges the dimensions too: Index ← G, H with a(G, H) = 3 → 0.75 / 0.25; G keeps its given weights a : b = 1 : 1', () => {
    const spec: EvaluationSpecInput = {
      ...base,
      nodes: [
        { code: 'Index', kind: 'aggregate', parent: null },
        { code: 'G', kind: 'aggregate', parent: 'Index' },
        { code: 'H', kind: 'aggregate', parent: 'Index' },
        { code: 'a', kind: 'indicator', parent: 'G', goalposts: { lower: 0, upper: 10 } },
        { code: 'b', kind: 'indicator', parent: 'G', goalposts: { lower: 0, upper: 10 } },
        { code: 'c', kind: 'indicator', parent: 'H', goalposts: { lower: 0, upper: 10 } },
      ],
      weighting: {
        method: 'ahp',
        judgements: {
          Index: {
            children: ['H', 'G'],
            pairwise: [
              [1, 1 / 3],
              [3, 1],
            ],
          },
        },
      },
    };
    const r = runPipeline(spec, data);
    // U1: G = (100 + 50) / 2 = 75, H = 0 → Index = 0.75 × 75 + 0.25 × 0 = 56.25
    expect(r.units[0]?.scores.Index).toBeCloseTo(56.25, 10);
    expect(r.nodes.find((n) => n.code === 'G')).toMatchObject({ weightSource: 'ahp', effectiveWeight: 0.75 });
    expect(r.nodes.find((n) => n.code === 'a')?.weightSource).toBe('given');
    expect(r.steps.weightGroups.find((g) => g.parent === 'G')?.method).toBe('given');
    // n = 2: every reciprocal matrix is consistent, CI = CR = 0
    expect(r.steps.weightGroups.find((g) => g.parent === 'Index')?.ahp?.cr).toBe(0);
  });

  it("two experts, (3, 1, 3) and (1, 3, 1) consistently: element-wise geometric mean a_ij = √(3 · 1/3) = 1 ⇒ equal weights 1/3; each expert's CR = 0 reported", () => {
    const e1 = [
      [1, 3, 1],
      [1 / 3, 1, 1 / 3],
      [1, 3, 1],
    ];
    const e2 = [
      [1, 1 / 3, 1],
      [3, 1, 3],
      [1, 1 / 3, 1],
    ];
    const r = runPipeline({ ...base, weighting: ahpOnG([e1, e2]) }, data);
    const group = r.steps.weightGroups.find((g) => g.parent === 'G');
    for (const child of group?.children ?? []) expect(child.weight).toBeCloseTo(1 / 3, 12);
    expect(group?.ahp?.experts).toHaveLength(2);
    for (const e of group?.ahp?.experts ?? []) expect(e.cr).toBeCloseTo(0, 12);
    // U1 = (100 + 50 + 0) / 3 = 50
    expect(r.units[0]?.scores.Index).toBeCloseTo(50, 10);
  });

  it('cyclic 9 : 1 judgements: w = 1/3 each, λmax = 1 + 9 + 1/9 = 10.111, CI = (10.111 − 3)/2 = 3.556, CR = 3.556 / 0.58 = 6.13 > 0.1: warned by default, refused on request', () => {
    const r = runPipeline({ ...base, weighting: ahpOnG(cyclic) }, data);
    const group = r.steps.weightGroups.find((g) => g.parent === 'G');
    expect(group?.ahp?.lambdaMax).toBeCloseTo(91 / 9, 10);
    expect(group?.ahp?.ci).toBeCloseTo(32 / 9, 10);
    expect(group?.ahp?.cr).toBeCloseTo(32 / 9 / 0.58, 10);
    expect(group?.ahp?.consistent).toBe(false);
    expect(r.warnings.some((w) => w.startsWith('G: ') && w.includes('CR = 6.130'))).toBe(true);
    const refused = appError(() =>
      runPipeline({ ...base, weighting: ahpOnG(cyclic, { onInconsistent: 'refuse' }) }, data),
    );
    expect(refused.code).toBe('rule_violated');
    expect(refused.details).toMatchObject({ node: 'G', riTable: 'saaty', ri: 0.58 });
    expect(refused.message).toContain('CR = 6.130');
  });

  it('a left-out child (zero variance, min-max) weighs 0 and its AHP weight is redistributed: a, b = 4/7, 2/7 → shares 2/3, 1/3', () => {
    const r = runPipeline(
      {
        ...base,
        normalisation: { method: 'minmax' },
        nodes: nodes.map(({ goalposts: _g, ...n }) => n),
        weighting: ahpOnG(consistent),
      },
      { units: [{ code: 'U1' }, { code: 'U2' }], values: { a: [10, 0], b: [0, 10], c: [3, 3] } },
    );
    expect(r.nodes.find((n) => n.code === 'c')).toMatchObject({ weightSource: 'left_out', weight: 0 });
    expect(r.nodes.find((n) => n.code === 'a')?.effectiveWeight).toBeCloseTo(2 / 3, 12);
    // U1: a = 100, b = 0 → 100 × 2/3
    expect(r.units[0]?.scores.Index).toBeCloseTo(200 / 3, 10);
  });
});

describe('combined subjective and objective weights in the pipeline', () => {
  const frozenObjective = { method: 'frozen', weights: { a: 0.25, b: 0.25, c: 0.5 } } as const;

  it('multiplicative, s = AHP 4/7, 2/7, 1/7 and o = 0.25, 0.25, 0.5: s·o = 1/7, 0.5/7, 0.5/7, Σ = 2/7 ⇒ w = 0.5, 0.25, 0.25; U1 = 100 × 0.5 + 50 × 0.25 = 62.5', () => {
    const r = runPipeline(
      {
        ...base,
        weighting: { method: 'combined', subjective: ahpOnG(consistent), objective: frozenObjective },
      },
      data,
    );
    const group = r.steps.weightGroups.find((g) => g.parent === 'G');
    expect(group?.method).toBe('combined');
    expect(group?.variant).toBe('combined/multiplicative: ahp × frozen');
    expect(group?.subjective?.a).toBeCloseTo(4 / 7, 12);
    expect(group?.objective).toEqual({ a: 0.25, b: 0.25, c: 0.5 });
    expect(group?.ahp?.cr).toBeCloseTo(0, 12);
    const shares = r.nodes.filter((n) => n.kind === 'indicator').map((n) => n.effectiveWeight);
    expect(shares).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.25, 12), expect.closeTo(0.25, 12)]);
    expect(r.nodes.find((n) => n.code === 'b')?.weightSource).toBe('combined');
    expect(r.units[0]?.scores.Index).toBeCloseTo(62.5, 10);
  });

  it('linear α = 0.25: 0.25 × (4/7, 2/7, 1/7) + 0.75 × (0.25, 0.25, 0.5) = 0.3304, 0.2589, 0.4107; U1 = 33.04 + 12.95 = 45.98', () => {
    const r = runPipeline(
      {
        ...base,
        weighting: {
          method: 'combined',
          subjective: ahpOnG(consistent),
          objective: frozenObjective,
          rule: 'linear',
          alpha: 0.25,
        },
      },
      data,
    );
    const wa = 0.25 * (4 / 7) + 0.75 * 0.25;
    const wb = 0.25 * (2 / 7) + 0.75 * 0.25;
    expect(r.nodes.find((n) => n.code === 'a')?.effectiveWeight).toBeCloseTo(wa, 12);
    expect(r.units[0]?.scores.Index).toBeCloseTo(100 * wa + 50 * wb, 10);
    expect(r.units[0]?.scores.Index).toBeCloseTo(45.98, 2);
    expect(r.steps.weightGroups[0]?.variant).toBe('combined/linear/alpha=0.25: ahp × frozen');
  });
});

/** Index ← G ← {a, b}, given weights a : b = 3 : 1, goalposts [0, 10]; reference a = 0, 5, 10 and b = 0, 0, 10. */
const refSpec: EvaluationSpecInput = {
  version: 1,
  nodes: [
    { code: 'Index', kind: 'aggregate', parent: null },
    { code: 'G', kind: 'aggregate', parent: 'Index' },
    { code: 'a', kind: 'indicator', parent: 'G', weight: 3, goalposts: { lower: 0, upper: 10 } },
    { code: 'b', kind: 'indicator', parent: 'G', weight: 1, goalposts: { lower: 0, upper: 10 } },
  ],
  normalisation: { method: 'goalposts' },
  weighting: {
    method: 'combined',
    subjective: { method: 'given' },
    objective: { method: 'derived', derivation: 'entropy' },
  },
};
const reference: EvaluationData = {
  units: [{ code: 'U1' }, { code: 'U2' }, { code: 'U3' }],
  values: { a: [0, 5, 10], b: [0, 0, 10] },
};
// Entropy on 0/50/100 and 0/0/100: e_a = 0.5794, e_b = 0 ⇒ o = 0.2961, 0.7039 (derive-weights.test.ts)
const ea = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3)) / Math.log(3);
const oa = (1 - ea) / (1 - ea + 1);
const wa = (0.75 * oa) / (0.75 * oa + 0.25 * (1 - oa));

describe('weights frozen on a reference data set', () => {
  it('given 3 : 1 × entropy 0.2961 : 0.7039, multiplicative: 0.2221 / (0.2221 + 0.1760) ⇒ w_a = 0.5579; U2 = 50 × 0.5579 = 27.89', () => {
    const r = runPipeline(refSpec, reference);
    expect(wa).toBeCloseTo(0.5579, 4);
    const group = r.steps.weightGroups.find((g) => g.parent === 'G');
    expect(group?.variant).toBe('combined/multiplicative: given × entropy');
    expect(group?.objective?.a).toBeCloseTo(oa, 12);
    expect(group?.subjective).toEqual({ a: 0.75, b: 0.25 });
    expect(r.nodes.find((n) => n.code === 'a')?.effectiveWeight).toBeCloseTo(wa, 12);
    expect(r.units[1]?.scores.Index).toBeCloseTo(50 * wa, 10);
    expect(r.units[1]?.scores.Index).toBeCloseTo(27.89, 2);
  });

  it('frozen on the reference, each unit scored alone (goalposts) gets exactly its reference score', () => {
    const referenceRun = runPipeline(refSpec, reference);
    const frozen = freezeWeights(refSpec, reference, { reference: 'reference-2024' });
    expect(frozen.weighting).toMatchObject({
      method: 'frozen',
      derivedFrom: {
        method: 'combined',
        reference: 'reference-2024',
        variant: 'combined/multiplicative: given × entropy',
        dataHash: referenceRun.dataHash,
        units: 3,
        weighting: refSpec.weighting,
      },
    });
    reference.units.forEach((unit, u) => {
      const alone = runPipeline(frozen, {
        units: [unit],
        values: { a: [reference.values.a?.[u] ?? null], b: [reference.values.b?.[u] ?? null] },
      });
      expect(alone.units[0]?.scores.Index).toBe(referenceRun.units[u]?.scores.Index);
      expect(alone.nodes.find((n) => n.code === 'a')?.weightSource).toBe('frozen');
      expect(alone.steps.weightGroups[0]?.derivedFrom?.reference).toBe('reference-2024');
    });
    // A new cluster a = 5, b = 10: 50 × 0.5579 + 100 × 0.4421 = 72.11
    const later = runPipeline(frozen, { units: [{ code: 'New' }], values: { a: [5], b: [10] } });
    expect(later.units[0]?.scores.Index).toBeCloseTo(50 * wa + 100 * (1 - wa), 10);
    expect(later.units[0]?.scores.Index).toBeCloseTo(72.11, 2);
  });

  it('AHP weights freeze too (no data needed); given, equal and frozen weightings come back unchanged', () => {
    const ahpSpec = { ...base, weighting: ahpOnG(consistent) };
    const frozen = freezeWeights(ahpSpec, data, { reference: 'panel-2025' });
    expect(frozen.weighting.method).toBe('frozen');
    if (frozen.weighting.method === 'frozen') {
      expect(frozen.weighting.weights.a).toBeCloseTo(4 / 7, 12);
      expect(frozen.weighting.derivedFrom).toMatchObject({
        method: 'ahp',
        variant: 'ahp/eigenvector/ri=saaty',
      });
    }
    const given = freezeWeights(base, data);
    expect(given).toEqual(parseEvaluationSpec(base));
  });

  it('weights derived from the data on one unit are refused (rule_violated): freeze them on a reference set first', () => {
    const one = { units: [{ code: 'New' }], values: { a: [5], b: [10] } };
    expect(appError(() => runPipeline(refSpec, one)).code).toBe('rule_violated');
    expect(
      appError(() => runPipeline({ ...refSpec, weighting: { method: 'derived', derivation: 'critic' } }, one))
        .message,
    ).toContain('freezeWeights');
  });
});

describe('weighting bad input', () => {
  it('AHP children not matching the tree: missing c, x is not a child of G', () => {
    const error = appError(() =>
      runPipeline(
        {
          ...base,
          weighting: {
            method: 'ahp',
            judgements: { G: { children: ['a', 'b', 'x'], pairwise: consistent } },
          },
        },
        data,
      ),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('missing c');
    expect(error.message).toContain('not children of G: x');
    expect(error.details).toMatchObject({ node: 'G', missing: ['c'], extra: ['x'] });
  });

  it('AHP for an unknown node, for an indicator, or with a 2 × 2 matrix for 3 children', () => {
    const unknown = appError(() =>
      runPipeline(
        { ...base, weighting: { method: 'ahp', judgements: { Z: { children: ['a'], pairwise: [[1]] } } } },
        data,
      ),
    );
    expect(unknown.details).toMatchObject({ node: 'Z', field: 'weighting.judgements.Z' });
    const leaf = appError(() =>
      runPipeline(
        { ...base, weighting: { method: 'ahp', judgements: { a: { children: ['b'], pairwise: [[1]] } } } },
        data,
      ),
    );
    expect(leaf.message).toContain('indicator');
    const small = appError(() =>
      runPipeline(
        {
          ...base,
          weighting: ahpOnG([
            [1, 2],
            [0.5, 1],
          ]),
        },
        data,
      ),
    );
    expect(small.message).toContain('expected 3');
  });

  it('a non-reciprocal matrix (a(2,3) = 2 but a(3,2) = 1) or a zero judgement is refused naming G and the cell', () => {
    const error = appError(() =>
      runPipeline(
        {
          ...base,
          weighting: ahpOnG([
            [1, 2, 4],
            [0.5, 1, 2],
            [0.25, 1, 1],
          ]),
        },
        data,
      ),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^G: .*not reciprocal/);
    expect(error.details).toMatchObject({ node: 'G', row: 3, column: 2, method: 'ahp' });
    const zero = appError(() =>
      runPipeline(
        {
          ...base,
          weighting: ahpOnG([
            [1, 0, 4],
            [0.5, 1, 2],
            [0.25, 0.5, 1],
          ]),
        },
        data,
      ),
    );
    expect(zero.message).toContain('row 1, column 2 must be a positive number');
  });

  it('alpha outside [0, 1] (1.5), or alpha with the multiplicative rule, is an invalid spec at weighting.alpha', () => {
    const combined = {
      method: 'combined',
      subjective: { method: 'given' },
      objective: { method: 'frozen', weights: { a: 1, b: 1, c: 2 } },
    } as const;
    const outside = appError(() =>
      parseEvaluationSpec({ ...base, weighting: { ...combined, rule: 'linear', alpha: 1.5 } }),
    );
    expect(outside.code).toBe('invalid_input');
    expect(outside.message).toContain('weighting.alpha');
    const misplaced = appError(() =>
      parseEvaluationSpec({ ...base, weighting: { ...combined, alpha: 0.5 } }),
    );
    expect(misplaced.message).toContain('linear rule');
  });

  it('frozen objective weights missing one of a parent’s indicators, or naming an unknown node', () => {
    const missing = appError(() =>
      runPipeline(
        {
          ...base,
          weighting: {
            method: 'combined',
            subjective: { method: 'given' },
            objective: { method: 'frozen', weights: { a: 1, b: 1 } },
          },
        },
        data,
      ),
    );
    expect(missing.details).toMatchObject({ node: 'G', missing: ['c'] });
    const unknown = appError(() =>
      runPipeline(
        {
          ...base,
          weighting: {
            method: 'combined',
            subjective: { method: 'frozen', weights: { q: 1 } },
            objective: { method: 'derived', derivation: 'entropy' },
          },
        },
        data,
      ),
    );
    expect(unknown.details).toMatchObject({ node: 'q' });
  });
});

describe('weighting invariants in the pipeline (fast-check)', () => {
  // 2–6 indicators under G, each judged consistently from weights v (a_ij = v_i / v_j) and given frozen
  // objective weights o; the unit scores are random goalpost scores.
  const problem = fc.integer({ min: 2, max: 6 }).chain((n) =>
    fc.record({
      v: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: n, maxLength: n }),
      o: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: n, maxLength: n }),
      x: fc.array(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: n, maxLength: n }), {
        minLength: 2,
        maxLength: 5,
      }),
    }),
  );
  const specFor = (n: number): EvaluationSpecInput => ({
    version: 1,
    normalisation: { method: 'goalposts' },
    nodes: [
      { code: 'Index', kind: 'aggregate', parent: null },
      { code: 'G', kind: 'aggregate', parent: 'Index' },
      ...Array.from({ length: n }, (_, j) => ({
        code: `i${j}`,
        kind: 'indicator' as const,
        parent: 'G',
        goalposts: { lower: 0, upper: 10 },
      })),
    ],
  });

  it('consistent AHP judgements give shares v / Σv; combined multiplicative gives v·o / Σ v·o; shares sum to 1; the index is Σ share × score', () => {
    fc.assert(
      fc.property(problem, ({ v, o, x }) => {
        const n = v.length;
        const children = v.map((_, j) => `i${j}`);
        const pairwise = v.map((vi) => v.map((vj) => vi / vj));
        const ahp = { method: 'ahp' as const, judgements: { G: { children, pairwise } } };
        const objective = {
          method: 'frozen' as const,
          weights: Object.fromEntries(children.map((c, j) => [c, o[j] as number])),
        };
        const values = Object.fromEntries(children.map((c, j) => [c, x.map((row) => row[j] as number)]));
        const units = x.map((_, u) => ({ code: `U${u}` }));
        const vTotal = v.reduce((a, b) => a + b, 0);
        const vo = v.map((vi, j) => vi * (o[j] as number));
        const voTotal = vo.reduce((a, b) => a + b, 0);
        for (const [weighting, expected] of [
          [ahp, v.map((vi) => vi / vTotal)],
          [{ method: 'combined' as const, subjective: ahp, objective }, vo.map((p) => p / voTotal)],
        ] as const) {
          const r = runPipeline({ ...specFor(n), weighting }, { units, values });
          const shares = children.map(
            (c) => r.nodes.find((node) => node.code === c)?.effectiveWeight ?? Number.NaN,
          );
          shares.forEach((share, j) => {
            expect(share).toBeCloseTo(expected[j] as number, 9);
          });
          expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          r.units.forEach((unit, u) => {
            const row = x[u] as number[];
            const expectedIndex = row.reduce((acc, xi, j) => acc + 10 * xi * (shares[j] as number), 0);
            expect(unit.scores.Index).toBeCloseTo(expectedIndex, 9);
          });
        }
      }),
      { numRuns: 60, seed: 20261127 },
    );
  });
});
