import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { normalisationSpecSchema } from '../spec/evaluation-spec.schema.ts';
import { normaliseColumn } from './normalise.ts';

const n = (spec: object) => normalisationSpecSchema.parse(spec);
const ctx = { indicator: 'X' };
const x = [2, 4, 6, 10];

describe('normalisation', () => {
  it('minmax [0, 100]: (4 − 2) / (10 − 2) × 100 = 25; cost direction: (10 − 4) / 8 × 100 = 75', () => {
    expect(Array.from(normaliseColumn(x, 1, n({ method: 'minmax' }), ctx))).toEqual([0, 25, 50, 100]);
    expect(Array.from(normaliseColumn(x, -1, n({ method: 'minmax' }), ctx))).toEqual([100, 75, 50, 0]);
  });

  it('minmax to [1, 10]: 6 → (6 − 2) / 8 × 9 + 1 = 5.5', () => {
    expect(normaliseColumn(x, 1, n({ method: 'minmax', range: [1, 10] }), ctx)[2]).toBe(5.5);
  });

  it('z-score: mean 5.5, s = √(35/3) = 3.4157; 10 → (10 − 5.5) / 3.4157 = 1.3175', () => {
    expect(normaliseColumn(x, 1, n({ method: 'zscore' }), ctx)[3]).toBeCloseTo(4.5 / Math.sqrt(35 / 3), 12);
  });

  it('rank: 1 = worst, ties share the lowest rank; percentile rank (r − 1)/(n − 1) × 100', () => {
    expect(Array.from(normaliseColumn([3, 1, 3, 2], 1, n({ method: 'rank' }), ctx))).toEqual([3, 1, 3, 2]);
    expect(Array.from(normaliseColumn([3, 1, 3, 2], 1, n({ method: 'percentileRank' }), ctx))).toEqual([
      (2 / 3) * 100,
      0,
      (2 / 3) * 100,
      (1 / 3) * 100,
    ]);
  });

  it('distance to target 8, cap 1: (6 − 2) / (8 − 2) × 100 = 66.67, 10 capped at 100', () => {
    const r = normaliseColumn(x, 1, n({ method: 'target' }), { ...ctx, target: 8 });
    expect(r[2]).toBeCloseTo(66.6667, 4);
    expect(r[3]).toBe(100);
  });

  it('goalposts [0, 8]: 6 → 75, 10 → 100 (clamped); cost: (8 − 6) / 8 = 25; a single unit can be scored', () => {
    const g = { ...ctx, goalposts: { lower: 0, upper: 8 } };
    expect(Array.from(normaliseColumn(x, 1, n({ method: 'goalposts' }), g))).toEqual([25, 50, 75, 100]);
    expect(normaliseColumn([6], -1, n({ method: 'goalposts' }), g)[0]).toBe(25);
  });

  it('fraction of max: 4 / 10 × 100 = 40; cost: 2 / 4 × 100 = 50', () => {
    expect(normaliseColumn(x, 1, n({ method: 'fractionOfMax' }), ctx)[1]).toBe(40);
    expect(normaliseColumn(x, -1, n({ method: 'fractionOfMax' }), ctx)[1]).toBe(50);
  });

  it('distance to max (COINr): 1 − (10 − 4) / (10 − 2) = 0.25 → 25', () => {
    expect(normaliseColumn(x, 1, n({ method: 'distanceToMax' }), ctx)[1]).toBe(25);
  });

  it('distance to reference unit #3 (value 6): 4 / 6 × 100 = 66.67', () => {
    const r = normaliseColumn(x, 1, n({ method: 'distanceToReference', unit: 'C' }), {
      ...ctx,
      referenceUnit: 2,
    });
    expect(r[1]).toBeCloseTo(66.6667, 4);
  });

  it('missing stays missing; errors name the indicator', () => {
    expect(normaliseColumn([1, Number.NaN, 3], 1, n({ method: 'minmax' }), ctx)[1]).toBeNaN();
    expect(() => normaliseColumn(x, 1, n({ method: 'goalposts' }), ctx)).toThrow(/X: .*goalposts/);
    expect(() => normaliseColumn([0, 1], 1, n({ method: 'fractionOfMax' }), ctx)).toThrow(AppError);
  });

  it('property: scaling a column by a positive factor does not change min-max results', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 1, max: 1000 }),
        (values, factor) => {
          fc.pre(new Set(values).size > 1);
          const a = normaliseColumn(values, 1, n({ method: 'minmax' }), ctx);
          const b = normaliseColumn(
            values.map((v) => v * factor),
            1,
            n({ method: 'minmax' }),
            ctx,
          );
          a.forEach((v, i) => {
            expect(b[i]).toBeCloseTo(v, 9);
          });
        },
      ),
    );
  });
});
