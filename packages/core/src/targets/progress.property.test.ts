import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessProgress } from './progress.ts';
import type { Target } from './target.contract.ts';

function buildTarget(trend: Target['trend'], baseline: number, value: number): Target {
  return {
    code: 'TX',
    taskCode: '2.1.1',
    text: '示例',
    textEn: 'example',
    unit: trend === 'linear' ? '%' : '家',
    baseline: { period: '2022', date: '2022-12-31', value: baseline },
    value,
    comparator: 'atLeast',
    tolerance: null,
    deadline: '2025-12-31',
    trend,
    departments: { lead: '省工业和信息化厅', coOwners: [] },
    binding: { kind: 'reported', reporter: '省工业和信息化厅' },
  };
}

describe('properties of the ratio', () => {
  it('a value exactly on the required compound path x₀·(x*/x₀)^(2/3) after 2 of 3 years gives ratio 1 → on_track', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 1.01, max: 5, noNaN: true }),
        (x0, growth) => {
          const target = x0 * growth;
          const onPath = x0 * growth ** (2 / 3);
          const a = assessProgress({
            target: buildTarget('compound', x0, target),
            observations: [{ date: '2024-12-31', value: onPath }],
            asOf: '2025-06-30',
          });
          expect(a.calculation.ratio).toBeCloseTo(1, 9);
          expect(a.status).toBe('on_track');
        },
      ),
    );
  });

  it('linear: a value k of the way along the required line after 2 of 3 years gives ratio k·3/2', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.double({ min: -1, max: 0.6, noNaN: true }),
        (x0, gain, k) => {
          const a = assessProgress({
            target: buildTarget('linear', x0, x0 + gain),
            observations: [{ date: '2024-12-31', value: x0 + k * gain }],
            asOf: '2025-06-30',
          });
          expect(a.calculation.ratio).toBeCloseTo((k * 3) / 2, 9);
        },
      ),
    );
  });

  it('the status only improves as the latest value rises (monotone in xₜ)', () => {
    const order = ['deteriorating', 'limited_progress', 'needs_acceleration', 'on_track', 'achieved'];
    fc.assert(
      fc.property(
        fc.double({ min: 500, max: 6000, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (xt, step) => {
          const status = (v: number) =>
            assessProgress({
              target: buildTarget('compound', 3000, 5000),
              observations: [{ date: '2024-12-31', value: v }],
              asOf: '2025-06-30',
            }).status;
          expect(order.indexOf(status(xt + step))).toBeGreaterThanOrEqual(order.indexOf(status(xt)));
        },
      ),
    );
  });
});
