/**
 * Imputation against published examples.
 * Sources:
 * - COINr tests/testthat/test-impute_panel.R ("linear_imp_works", "constant_imp_works", "panel imputation
 *   correct" on ASEM_iData_p) and tests/testthat/test-Impute.R ("Impute.numeric", i_median), bluefoxr/COINr.
 * - scikit-learn documentation of sklearn.impute.SimpleImputer (strategy 'mean' example).
 * - pandas documentation of GroupBy.median (Series and DataFrame examples), for group median.
 * Group mean is covered by the ASEM golden test (test/asem.test.ts: COINr's i_mean_grp by GDPpc_group).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  coinrMetaToNodes,
  readCoinrData,
  readCoinrMeta,
} from '../../src/evaluation/pipeline/coinr-layout.ts';
import { imputeColumn } from '../../src/evaluation/pipeline/impute.ts';
import { runPipeline } from '../../src/evaluation/pipeline/run-pipeline.ts';

const NA = Number.NaN;

/** COINr's one-unit panel X (uCode A, Time 2020:2022); the value imputed in period `current`. */
function panelCell(series: number[], current: number, method: 'latest' | 'linear'): number {
  const columns = series.map((v) => [v]);
  return imputeColumn([series[current] as number], { method }, { periods: { columns, current } })
    .x[0] as number;
}

describe('linear interpolation: COINr impute_panel(imp_type = "linear")', () => {
  it('i2 = 3, NA, 5 → 3, 4, 5 (linear interpolation)', () => {
    expect(panelCell([3, NA, 5], 1, 'linear')).toBe(4);
  });
  it('i3 = NA, 5, 6 → 5, 5, 6 (closest observed value, backwards)', () => {
    expect(panelCell([NA, 5, 6], 0, 'linear')).toBe(5);
  });
  it('i4 = 7, 8, NA → 7, 8, 8 (closest observed value, forwards)', () => {
    expect(panelCell([7, 8, NA], 2, 'linear')).toBe(8);
  });
});

describe('latest-year carry-forward: COINr impute_panel(imp_type = "constant")', () => {
  it('i2 = 3, NA, 5 → 3, 3, 5 and i4 = 7, 8, NA → 7, 8, 8', () => {
    expect(panelCell([3, NA, 5], 1, 'latest')).toBe(3);
    expect(panelCell([7, 8, NA], 2, 'latest')).toBe(8);
  });

  it('deliberate difference: i3 = NA, 5, 6 — COINr fills 2020 backwards with 5; we only carry forward and leave it missing', () => {
    expect(panelCell([NA, 5, 6], 0, 'latest')).toBeNaN();
  });
});

describe('carry-forward on COINr ASEM_iData_p: test-impute_panel.R "panel imputation correct"', () => {
  const example = (name: string) =>
    readFileSync(fileURLToPath(new URL(`../../../../examples/asem/${name}`, import.meta.url)), 'utf8');
  const meta = readCoinrMeta(example('ASEM_iMeta.csv'));
  const data = readCoinrData(example('ASEM_iData_p.csv'), meta);
  const nzl = data.units.findIndex((u) => u.code === 'NZL');
  const aut = data.units.findIndex((u) => u.code === 'AUT');
  const y2021 = data.panel?.find((p) => p.period === '2021');
  const lpi = data.values.LPI as (number | null)[];
  const flights = data.values.Flights as (number | null)[];
  lpi[nzl] = null; // COINr: iData_p$LPI[uCode == "NZ" & Time == 2022] <- NA
  flights[aut] = null; // COINr: iData_p$Flights[uCode == "AT" & Time == 2022] <- NA

  it('NZ LPI 2022 and AT Flights 2022 take their 2021 values (Flights then divided by 2022 Population, its denominator)', () => {
    const result = runPipeline(
      { version: 1, nodes: coinrMetaToNodes(meta), imputation: { method: 'latest' } },
      data,
    );
    const cell = (indicator: string, unit: string) =>
      result.steps.imputation.cells.find((c) => c.indicator === indicator && c.unit === unit)?.value;
    expect(cell('LPI', 'NZL')).toBe(y2021?.values.LPI?.[nzl]);
    const population2022 = data.values.Population?.[aut] as number;
    expect(cell('Flights', 'AUT')).toBe((y2021?.values.Flights?.[aut] as number) / population2022);
  });
});

describe('group median: pandas GroupBy.median documentation', () => {
  // A missing member is added to each group; it takes the group's published median.
  const impute = (values: number[], groups: string[]) =>
    imputeColumn(
      [...values, NA, NA],
      { method: 'groupMedian', group: 'g' },
      { groups: [...groups, groups[0] as string, groups[groups.length - 1] as string] },
    );

  it('Series [7, 2, 8 | 4, 3, 3] by a, a, a, b, b, b: a 7.0, b 3.0', () => {
    const r = impute([7, 2, 8, 4, 3, 3], ['a', 'a', 'a', 'b', 'b', 'b']);
    expect([r.x[6], r.x[7]]).toEqual([7, 3]);
  });

  it('DataFrame by dog × 3, mouse × 4: a → dog 3.0, mouse 7.0; b → dog 4.0, mouse 3.0 (even count: (2 + 4) / 2)', () => {
    const index = ['dog', 'dog', 'dog', 'mouse', 'mouse', 'mouse', 'mouse'];
    const a = impute([1, 3, 5, 7, 7, 8, 3], index);
    const b = impute([1, 4, 8, 4, 4, 2, 1], index);
    expect([a.x[7], a.x[8]]).toEqual([3, 7]);
    expect([b.x[7], b.x[8]]).toEqual([4, 3]);
  });
});

describe('mean and median', () => {
  it('COINr test-Impute.R: x = 1:10 with x[3] = NA, i_median → median(1, 2, 4, …, 10) = 6', () => {
    const x = [1, 2, NA, 4, 5, 6, 7, 8, 9, 10];
    expect(imputeColumn(x, { method: 'median' }).x[2]).toBe(6);
  });

  it('scikit-learn SimpleImputer(strategy="mean") example: fitted on [[7, 2, 3], [4, nan, 6], [10, 5, 9]], fills 7 and 3.5', () => {
    // Column 2 of the fitted matrix: its missing cell takes (2 + 5) / 2 = 3.5, the printed fill value.
    expect(imputeColumn([2, NA, 5], { method: 'mean' }).x[1]).toBe(3.5);
    // Column 1: statistic (7 + 4 + 10) / 3 = 7, the value printed for the transformed [nan, 4, 10].
    expect(imputeColumn([7, 4, 10, NA], { method: 'mean' }).x[3]).toBe(7);
  });
});
