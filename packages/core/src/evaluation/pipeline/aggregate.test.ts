import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { type EvaluationSpecInput, evaluationSpecSchema } from '../spec/evaluation-spec.schema.ts';
import { buildFrameworkArrays } from '../spec/framework-tree.ts';
import { aggregateScores } from './aggregate.ts';

/** Index ← {A (weight 1), B (weight 3)}; two units: u1 = (4, 16), u2 = (9, 1). */
function tree(aggregation: EvaluationSpecInput['aggregation'] = {}) {
  return buildFrameworkArrays(
    evaluationSpecSchema.parse({
      version: 1,
      nodes: [
        { code: 'Index', kind: 'aggregate', parent: null },
        { code: 'A', kind: 'indicator', parent: 'Index', weight: 1 },
        { code: 'B', kind: 'indicator', parent: 'Index', weight: 3 },
      ],
      aggregation,
    }),
  );
}
const matrix = [4, 16, 9, 1];
const index = (method: object, m: number[] = matrix) => {
  const t = tree(method);
  const s = aggregateScores(t, m, 2);
  return [s[t.rootIndex] as number, s[t.codes.length + t.rootIndex] as number];
};

describe('aggregation', () => {
  it('arithmetic: (1×4 + 3×16) / 4 = 13; (1×9 + 3×1) / 4 = 3', () => {
    expect(index({ method: 'arithmetic' })).toEqual([13, 3]);
  });

  it('geometric: 4^¼ × 16^¾ = 11.3137; 9^¼ × 1^¾ = 1.7321', () => {
    const [a, b] = index({ method: 'geometric' });
    expect(a).toBeCloseTo(4 ** 0.25 * 16 ** 0.75, 12);
    expect(b).toBeCloseTo(Math.sqrt(3), 12);
  });

  it('harmonic: 4 / (1/4 + 3/16) = 9.1429', () => {
    expect(index({ method: 'harmonic' })[0]).toBeCloseTo(4 / (1 / 4 + 3 / 16), 12);
  });

  it('generalised p = 2: √((16 + 3×256) / 4) = 14', () => {
    expect(index({ method: 'generalised', p: 2 })[0]).toBeCloseTo(14, 12);
  });

  it('copeland: u1 beats u2 on B (weight ¾ > ½) → +1 and −1', () => {
    expect(index({ method: 'copeland' })).toEqual([1, -1]);
  });

  it('missing child: the weights of the children with a value are renormalised (u1 = 16)', () => {
    expect(index({ method: 'arithmetic' }, [Number.NaN, 16, 9, 1])[0]).toBe(16);
  });

  it('minimum availability 0.6: one child of two (0.5) is not enough → missing', () => {
    expect(index({ method: 'arithmetic', minAvailability: 0.6 }, [Number.NaN, 16, 9, 1])[0]).toBeNaN();
  });

  it('geometric mean of a zero is refused, naming the node, indicator and unit', () => {
    const t = tree({ method: 'geometric' });
    expect(() => aggregateScores(t, [0, 16, 9, 1], 2, {}, undefined, ['CHE', 'NLD'])).toThrow(AppError);
    expect(() => aggregateScores(t, [0, 16, 9, 1], 2, {}, undefined, ['CHE', 'NLD'])).toThrow(
      /A of CHE is 0/,
    );
  });

  it('per-node weights can be replaced without rebuilding the tree (equal: (4 + 16) / 2 = 10)', () => {
    const t = tree();
    const s = aggregateScores(t, matrix, 2, { weights: Float64Array.from([1, 1, 1]) });
    expect(s[t.rootIndex]).toBe(10);
  });
});
