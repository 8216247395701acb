/**
 * Normalisation against published examples.
 * Sources:
 * - COINr tests/testthat/test-normalise.R ("dist2targ", "n_funcs" goalpost cases), bluefoxr/COINr.
 * - SciPy documentation of scipy.stats.zscore (examples a and b, since SciPy 0.9).
 * - dplyr documentation of ranking functions (min_rank, percent_rank) on x = c(5, 1, 3, 2, 2, NA).
 * - COINr's published ASEM scores (build_example_coin), for distance to max (identical to min-max).
 * - pymcdm's tests (test_normalizations.py, linear normalisation), for fraction of max and distance to a
 *   reference unit taken as the column leader.
 * Differences from the published variants are stated in each test and in docs/methods/normalisation.md.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  coinrMetaToNodes,
  readCoinrData,
  readCoinrMeta,
} from '../../src/evaluation/pipeline/coinr-layout.ts';
import { normaliseColumn } from '../../src/evaluation/pipeline/normalise.ts';
import { runPipeline } from '../../src/evaluation/pipeline/run-pipeline.ts';
import { normalisationSpecSchema } from '../../src/evaluation/spec/evaluation-spec.schema.ts';

const spec = (s: object) => normalisationSpecSchema.parse(s);
const ctx = { indicator: 'X' };
const NA = Number.NaN;

describe('distance to target: COINr test-normalise.R "dist2targ" (scale 1)', () => {
  it('x = 0, 5, 11, target 10, no cap (cap 2 here): (x − 0) / (10 − 0) = 0, 0.5, 1.1', () => {
    const r = normaliseColumn([0, 5, 11], 1, spec({ method: 'target', cap: 2, scale: 1 }), {
      ...ctx,
      target: 10,
    });
    expect(Array.from(r)).toEqual([0, 0.5, 1.1]);
  });

  it('the same with cap_max = TRUE (our cap 1): 0, 0.5, 1', () => {
    const r = normaliseColumn([0, 5, 11], 1, spec({ method: 'target', cap: 1, scale: 1 }), {
      ...ctx,
      target: 10,
    });
    expect(Array.from(r)).toEqual([0, 0.5, 1]);
  });

  it('cost direction, x = −1, 1, 10, target 0: (10 − x) / (10 − 0) = 1.1, 0.9, 0; capped 1, 0.9, 0', () => {
    const uncapped = normaliseColumn([-1, 1, 10], -1, spec({ method: 'target', cap: 2, scale: 1 }), {
      ...ctx,
      target: 0,
    });
    expect(uncapped[0]).toBeCloseTo(1.1, 15);
    expect(uncapped[1]).toBeCloseTo(0.9, 15);
    expect(uncapped[2]).toBe(0);
    const capped = normaliseColumn([-1, 1, 10], -1, spec({ method: 'target', cap: 1, scale: 1 }), {
      ...ctx,
      target: 0,
    });
    expect(capped[0]).toBe(1);
    expect(capped[1]).toBeCloseTo(0.9, 15);
  });
});

describe('goalposts: COINr test-normalise.R "n_funcs" (goalposts 0 and 10, scale 1)', () => {
  const gp = (x: number, direction: 1 | -1) =>
    normaliseColumn([x], direction, spec({ method: 'goalposts', scale: 1 }), {
      ...ctx,
      goalposts: { lower: 0, upper: 10 },
    })[0];

  it('benefit: 1 → 0.1; 11 (above) → 1; −1 (below) → 0', () => {
    expect(gp(1, 1)).toBe(0.1);
    expect(gp(11, 1)).toBe(1);
    expect(gp(-1, 1)).toBe(0);
  });

  it('direction −1: 1 → 0.9; −1 → 1; 11 → 0', () => {
    expect(gp(1, -1)).toBe(0.9);
    expect(gp(-1, -1)).toBe(1);
    expect(gp(11, -1)).toBe(0);
  });
});

describe('z-score: SciPy scipy.stats.zscore documentation', () => {
  // Example b, rows with ddof = 1 (the sample standard deviation, which we and COINr's n_zscore use).
  const b = [
    [0.3148, 0.0478, 0.6243, 0.4608],
    [0.7149, 0.0775, 0.6072, 0.9656],
    [0.6341, 0.1403, 0.9759, 0.4064],
    [0.5918, 0.6948, 0.904, 0.3721],
    [0.0921, 0.2481, 0.1188, 0.1366],
  ];
  const published = [
    [-0.19264823, -1.28415119, 1.07259584, 0.40420358],
    [0.33048416, -1.37380874, 0.04251374, 1.00081084],
    [0.26796377, -1.12598418, 1.23283094, -0.37481053],
    [-0.22095197, 0.24468594, 1.19042819, -1.21416216],
    [-0.82780366, 1.4457416, -0.43867764, -0.1792603],
  ];

  it.each(b.map((row, i) => [i + 1, row, published[i] as number[]] as const))(
    'zscore(b, axis=1, ddof=1) row %i to 8 decimals',
    (_, row, expected) => {
      const z = normaliseColumn(row, 1, spec({ method: 'zscore' }), ctx);
      expected.forEach((e, j) => {
        expect(z[j]).toBeCloseTo(e, 8);
      });
    },
  );

  // The printed inputs of example a are rounded to 4 decimals (SciPy drew them at random), so its printed
  // outputs can only be matched to about ±3e-4 (largest gap: 0.4383 → −0.05543 against the printed −0.0552).
  it('example a uses ddof = 0 (population sd, not our variant): ours × √(n/(n−1)) = √(10/9) matches to ±3e-4', () => {
    const a = [0.7972, 0.0767, 0.4383, 0.7866, 0.8091, 0.1954, 0.6307, 0.6599, 0.1065, 0.0508];
    const expected = [1.1273, -1.247, -0.0552, 1.0923, 1.1664, -0.8559, 0.5786, 0.6748, -1.1488, -1.3324];
    const z = normaliseColumn(a, 1, spec({ method: 'zscore' }), ctx);
    expected.forEach((e, j) => {
      expect(Math.abs((z[j] as number) * Math.sqrt(10 / 9) - e)).toBeLessThan(3e-4);
    });
  });
});

describe('rank and percentile rank: dplyr documentation, x = c(5, 1, 3, 2, 2, NA)', () => {
  const x = [5, 1, 3, 2, 2, NA];

  it('min_rank(x) = 5 1 4 2 2 NA (ascending, ties share the lowest rank: our rank normalisation)', () => {
    const r = normaliseColumn(x, 1, spec({ method: 'rank' }), ctx);
    expect(Array.from(r.slice(0, 5))).toEqual([5, 1, 4, 2, 2]);
    expect(r[5]).toBeNaN();
  });

  it('percent_rank(x) = 1.00 0.00 0.75 0.25 0.25 NA (scale 1)', () => {
    const r = normaliseColumn(x, 1, spec({ method: 'percentileRank', scale: 1 }), ctx);
    expect(Array.from(r.slice(0, 5))).toEqual([1, 0, 0.75, 0.25, 0.25]);
    expect(r[5]).toBeNaN();
  });
});

describe('distance to max: COINr n_dist2max = 1 − (max − x) / (max − min), which is min-max to [0, 1]', () => {
  // So COINr's published ASEM pipeline (min-max to [0, 100]) must come out the same with distanceToMax
  // (scale 100): the published index and sub-index scores of build_example_coin() (test/asem.test.ts).
  const example = (name: string) =>
    readFileSync(fileURLToPath(new URL(`../../../../examples/asem/${name}`, import.meta.url)), 'utf8');
  const meta = readCoinrMeta(example('ASEM_iMeta.csv'));
  const data = readCoinrData(example('ASEM_iData.csv'), meta);
  const spec = {
    ...JSON.parse(example('spec.json')),
    nodes: coinrMetaToNodes(meta),
    normalisation: { method: 'distanceToMax', scale: 100 },
  };
  const byCode = new Map(runPipeline(spec, data).units.map((u) => [u.code, u]));
  const published: [string, number, number, number][] = [
    ['CHE', 68.38, 62.79, 73.98],
    ['NLD', 64.82, 61.94, 67.7],
    ['DNK', 64.8, 57.1, 72.51],
    ['NOR', 64.47, 57.44, 71.5],
    ['BEL', 63.54, 63.99, 63.09],
    ['SWE', 63.0, 53.87, 72.12],
  ];
  it.each(published)('%s: Index %s, Conn %s, Sust %s (to 2 decimals)', (code, index, conn, sust) => {
    const unit = byCode.get(code);
    expect(unit?.scores.Index).toBeCloseTo(index, 2);
    expect(unit?.scores.Conn).toBeCloseTo(conn, 2);
    expect(unit?.scores.Sust).toBeCloseTo(sust, 2);
  });
});

describe('fraction of max and distance to a reference: pymcdm test_normalizations.py, TestLinearNormalization', () => {
  // pymcdm linear_normalization: benefit x / max(x), cost min(x) / x — our fractionOfMax. Matrix 6 × 3,
  // types (−1, −1, 1); published output row-major, rounded to 8 decimals. (Test file as stored in
  // leeeeeeeee2/mcda, a copy of pymcdm's tests.)
  const matrix = [
    [66, 56, 95],
    [61, 55, 166],
    [65, 49, 113],
    [95, 56, 99],
    [63, 43, 178],
    [74, 59, 140],
  ];
  const types: (1 | -1)[] = [-1, -1, 1];
  const output = [
    0.92424242, 0.76785714, 0.53370787, 1.0, 0.78181818, 0.93258427, 0.93846154, 0.87755102, 0.63483146,
    0.64210526, 0.76785714, 0.55617978, 0.96825397, 1.0, 1.0, 0.82432432, 0.72881356, 0.78651685,
  ];
  const column = (j: number) => matrix.map((row) => row[j] as number);

  it.each([0, 1, 2])('fractionOfMax, column %i', (j) => {
    const r = normaliseColumn(
      column(j),
      types[j] as 1 | -1,
      spec({ method: 'fractionOfMax', scale: 1 }),
      ctx,
    );
    matrix.forEach((_, i) => {
      expect(r[i]).toBeCloseTo(output[i * 3 + j] as number, 8);
    });
  });

  it.each([0, 1, 2])(
    'distanceToReference with the column leader as reference (the Handbook\'s "distance to the group leader"), column %i',
    (j) => {
      // Benefit: x / x_ref with x_ref the maximum; cost: x_ref / x with x_ref the minimum.
      const x = column(j);
      const leader = x.indexOf(types[j] === 1 ? Math.max(...x) : Math.min(...x));
      const r = normaliseColumn(
        x,
        types[j] as 1 | -1,
        spec({ method: 'distanceToReference', unit: 'leader', scale: 1 }),
        {
          ...ctx,
          referenceUnit: leader,
        },
      );
      matrix.forEach((_, i) => {
        expect(r[i]).toBeCloseTo(output[i * 3 + j] as number, 8);
      });
    },
  );
});
