import { describe, expect, it } from 'vitest';
import { imputeColumn } from './impute.ts';

const NA = Number.NaN;

describe('imputation', () => {
  it('mean: (1 + 2 + 6) / 3 = 3 fills the gap', () => {
    const r = imputeColumn([1, NA, 2, 6], { method: 'mean' });
    expect(Array.from(r.x)).toEqual([1, 3, 2, 6]);
    expect(r.filled).toEqual([{ unit: 1, value: 3 }]);
  });

  it('median of 1, 2, 6 = 2', () => {
    expect(imputeColumn([1, NA, 2, 6], { method: 'median' }).x[1]).toBe(2);
  });

  it('group mean: Europe (1 + 3) / 2 = 2, Asia 10; a group with no value stays missing', () => {
    const groups = ['Europe', 'Europe', 'Europe', 'Asia', 'Asia', 'Africa'];
    const r = imputeColumn([1, 3, NA, 10, NA, NA], { method: 'groupMean', group: 'g' }, { groups });
    expect(Array.from(r.x.slice(0, 5))).toEqual([1, 3, 2, 10, 10]);
    expect(r.x[5]).toBeNaN();
  });

  it('group median: Europe median(1, 3, 8) = 3', () => {
    const r = imputeColumn(
      [1, 3, 8, NA],
      { method: 'groupMedian', group: 'g' },
      { groups: ['E', 'E', 'E', 'E'] },
    );
    expect(r.x[3]).toBe(3);
  });

  it('latest: carries 2022 forward to 2024 when 2023 is missing', () => {
    const columns = [[5], [NA], [NA]];
    const r = imputeColumn([NA], { method: 'latest' }, { periods: { columns, current: 2 } });
    expect(r.x[0]).toBe(5);
  });

  it('linear: between 2022 = 10 and 2025 = 40, 2023 = 10 + (40 − 10) × 1/3 = 20', () => {
    const columns = [[10], [NA], [NA], [40]];
    expect(imputeColumn([NA], { method: 'linear' }, { periods: { columns, current: 1 } }).x[0]).toBeCloseTo(
      20,
      12,
    );
    // at the end of the panel it carries the last value forward
    expect(
      imputeColumn([NA], { method: 'linear' }, { periods: { columns: [[10], [NA]], current: 1 } }).x[0],
    ).toBe(10);
  });

  it('none leaves missing values missing', () => {
    expect(imputeColumn([NA, 1], { method: 'none' }).x[0]).toBeNaN();
  });
});
