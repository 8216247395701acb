/**
 * Results against published examples.
 * - Pearson correlation (the function behind result.correlations): Anscombe (1973) "Graphs in statistical
 *   analysis", The American Statistician 27(1), prints "correlation coefficient = .82" for all four data sets
 *   (R datasets::anscombe). Often quoted as 0.816, but set IV is 0.81652, which rounds to 0.817.
 * - Cronbach's alpha (result.cronbachAlpha): easystats/performance tests/testthat/test-cronbachs_alpha.R,
 *   cronbachs_alpha(mtcars[, c("cyl", "gear", "carb", "hp")]) = 0.09463206, on R's datasets::mtcars
 *   (Henderson & Velleman 1981, from Motor Trend 1974), run through our pipeline.
 */
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/evaluation/pipeline/run-pipeline.ts';
import { pearson } from '../../src/evaluation/stats.ts';

describe('Pearson correlation: Anscombe quartet, r = .82 for all four sets', () => {
  const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
  const sets: [string, number[], number[]][] = [
    ['I', x, [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]],
    ['II', x, [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74]],
    ['III', x, [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73]],
    [
      'IV',
      [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8],
      [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.5, 5.56, 7.91, 6.89],
    ],
  ];
  it.each(sets)('set %s: r = .82 to 2 decimals', (_, xs, ys) => {
    expect(pearson(xs, ys)).toBeCloseTo(0.82, 2);
  });
});

describe("Cronbach's alpha: cronbachs_alpha(mtcars[, c('cyl', 'gear', 'carb', 'hp')]) = 0.09463206", () => {
  // mtcars rows 1..32 (Mazda RX4 … Volvo 142E), columns cyl, gear, carb, hp.
  const cyl = [
    6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4,
  ];
  const gear = [
    4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 4,
  ];
  const carb = [
    4, 4, 1, 1, 2, 1, 4, 2, 2, 4, 4, 3, 3, 3, 4, 4, 4, 1, 2, 1, 1, 2, 2, 4, 2, 1, 2, 2, 4, 6, 8, 2,
  ];
  const hp = [
    110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150,
    150, 245, 175, 66, 91, 113, 264, 175, 335, 109,
  ];

  it('the pipeline computes α = k/(k−1) (1 − Σ var_i / var(Σ x_i)) of the Index over its four indicators = 0.09463206', () => {
    // Goalposts 0..1000 with scale 1000 leave the values as they are ((x − 0) / 1000 × 1000), so the
    // alpha is that of the raw columns, as in the published test.
    const codes = ['cyl', 'gear', 'carb', 'hp'];
    const result = runPipeline(
      {
        version: 1,
        nodes: [
          { code: 'Index', kind: 'aggregate', parent: null },
          ...codes.map((code) => ({
            code,
            kind: 'indicator' as const,
            parent: 'Index',
            goalposts: { lower: 0, upper: 1000 },
          })),
        ],
        normalisation: { method: 'goalposts', scale: 1000 },
      },
      {
        units: cyl.map((_, i) => ({ code: `car${i + 1}` })),
        values: { cyl, gear, carb, hp },
      },
    );
    expect(result.cronbachAlpha.Index).toBeCloseTo(0.09463206, 8);
  });
});
