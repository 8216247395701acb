import { describe, expect, it } from 'vitest';
import { buildUncertaintyTree } from '../uncertainty/uncertainty-tree.ts';
import { assignTiers, effectiveWeights, type TieringUnit } from './tiering.ts';

// Index = 0.5·x + 0.3·y + 0.2·z (effective weights), normalised scale 0–100.
const w = { x: 0.5, y: 0.3, z: 0.2 };
const unit = (
  code: string,
  rank: number,
  x: number,
  y: number,
  z: number,
  rankInterval?: [number, number],
): TieringUnit => ({
  code,
  rank,
  score: w.x * x + w.y * y + w.z * z,
  ...(rankInterval ? { rankInterval } : {}),
  indicators: [
    { code: 'x', value: x, effectiveWeight: w.x, max: 100 },
    { code: 'y', value: y, effectiveWeight: w.y, max: 100 },
    { code: 'z', value: z, effectiveWeight: w.z, max: 100 },
  ],
});
// Scores: A 80, B 0.5·90 + 0.3·60 + 0.2·45 = 72, C 70, D 55, E 50, F 30.
const units = [
  unit('A', 1, 80, 80, 80, [1, 2]),
  unit('B', 2, 90, 60, 45, [2, 3]),
  unit('C', 3, 70, 70, 70, [2, 4]),
  unit('D', 4, 50, 60, 60, [4, 5]),
  unit('E', 5, 30, 80, 55, [5, 6]),
  unit('F', 6, 20, 40, 40, [6, 6]),
];

describe('tiering', () => {
  it('counts 1, 2, 2 ("3830" style): cuts after ranks 1, 3, 5 → A world; B, C national; D, E provincial; F none', () => {
    const r = assignTiers({
      units,
      rule: {
        method: 'counts',
        tiers: [
          { code: 'world', count: 1 },
          { code: 'national', count: 2 },
          { code: 'provincial', count: 2 },
        ],
      },
    });
    expect(r.units.map((u) => u.tier)).toEqual([
      'world',
      'national',
      'national',
      'provincial',
      'provincial',
      'none',
    ]);
    expect(r.boundaries.map((b) => [b.afterRank, b.score])).toEqual([
      [1, 80],
      [3, 70],
      [5, 50],
    ]);
  });

  it('borderline where the 5–95 % rank interval holds ranks on both sides of a cut: A [1,2] (cut 1), C [2,4] (cut 3), E [5,6] (cut 5)', () => {
    const r = assignTiers({
      units,
      rule: {
        method: 'counts',
        tiers: [
          { code: 'world', count: 1 },
          { code: 'national', count: 2 },
          { code: 'provincial', count: 2 },
        ],
      },
    });
    expect(r.units.map((u) => u.borderline)).toEqual([true, false, true, false, true, false]);
    expect(r.units[2]?.borderlineReasons).toEqual([
      'rank interval [2, 4] crosses national | provincial after rank 3',
    ]);
  });

  it('gap: D (55) to national needs C’s 70 = 15 points; x gains 0.5 × (100 − 50) = 25 ≥ 15, alone needs 15 / 0.5 = 30', () => {
    const r = assignTiers({
      units,
      rule: {
        method: 'counts',
        tiers: [
          { code: 'world', count: 1 },
          { code: 'national', count: 2 },
          { code: 'provincial', count: 2 },
        ],
      },
    });
    const d = r.units[3];
    expect(d?.gap?.toTier).toBe('national');
    expect(d?.gap?.points).toBeCloseTo(15, 12);
    expect(d?.gap?.closers.map((c) => [c.indicator, c.potentialGain, c.aloneNeeds])).toEqual([['x', 25, 30]]);
    expect(d?.gap?.closable).toBe(true);
    expect(r.units[0]?.gap).toBeNull();
  });

  it('thresholds 90 / 60 / 40: B (72) needs 18; y gains 0.3 × 40 = 12, z 0.2 × 55 = 11, x 0.5 × 10 = 5 → closers y + z = 23 ≥ 18', () => {
    const r = assignTiers({
      units: units.map(({ rankInterval: _, ...u }) => u),
      rule: {
        method: 'thresholds',
        tiers: [
          { code: 'world', min: 90 },
          { code: 'national', min: 60 },
          { code: 'provincial', min: 40 },
        ],
      },
    });
    expect(r.units.map((u) => u.tier)).toEqual([
      'national',
      'national',
      'national',
      'provincial',
      'provincial',
      'none',
    ]);
    const b = r.units[1];
    expect(b?.gap?.points).toBeCloseTo(18, 12);
    expect(b?.gap?.closers.map((c) => c.indicator)).toEqual(['y', 'z']);
    // alone: y would need 18 / 0.3 = 60 > headroom 40 → null
    expect(b?.gap?.closers[0]?.aloneNeeds).toBeNull();
    // no interval given: borderline unknown, not false
    expect(r.units.every((u) => u.borderline === null)).toBe(true);
    expect(r.boundaries.map((x) => x.afterRank)).toEqual([0, 3, 5]);
  });

  it('thresholds with a score interval: C [58, 74] crosses 60 → borderline', () => {
    const r = assignTiers({
      units: [
        { code: 'C', score: 70, rank: 1, scoreInterval: [58, 74] },
        { code: 'G', score: 65, rank: 2, scoreInterval: [61, 69] },
      ],
      rule: { method: 'thresholds', tiers: [{ code: 'national', min: 60 }] },
    });
    expect(r.units.map((u) => u.borderline)).toEqual([true, false]);
  });

  it('quantiles 20 % / 30 % of 6 units: cuts ⌊1.2⌋ = 1 and ⌊3.0⌋ = 3; ties at a cut stay together', () => {
    const r = assignTiers({
      units: [
        { code: 'P', score: 9, rank: 1 },
        { code: 'Q', score: 9, rank: 1 },
        { code: 'R', score: 7, rank: 3 },
        { code: 'S', score: 6, rank: 4 },
        { code: 'T', score: 5, rank: 5 },
        { code: 'U', score: 4, rank: 6 },
      ],
      rule: {
        method: 'quantiles',
        tiers: [
          { code: 'top', share: 0.2 },
          { code: 'next', share: 0.3 },
        ],
        rest: 'other',
      },
    });
    expect(r.boundaries.map((b) => b.afterRank)).toEqual([1, 3]);
    expect(r.units.map((u) => u.tier)).toEqual(['top', 'top', 'next', 'other', 'other', 'other']);
  });

  it('rejects thresholds that do not decrease and shares above 1', () => {
    expect(() =>
      assignTiers({
        units,
        rule: {
          method: 'thresholds',
          tiers: [
            { code: 'a', min: 50 },
            { code: 'b', min: 60 },
          ],
        },
      }),
    ).toThrow(/thresholds must decrease/);
    expect(() =>
      assignTiers({
        units,
        rule: {
          method: 'quantiles',
          tiers: [
            { code: 'a', share: 0.7 },
            { code: 'b', share: 0.4 },
          ],
        },
      }),
    ).toThrow(/more than 1/);
  });

  it('effective weights: Index ← {D1 (1) ← {a (1), b (3)}, D2 (1) ← {c}} → a = ½ · ¼ = 0.125, b = 0.375, c = 0.5', () => {
    const tree = buildUncertaintyTree([
      { code: 'Index', parent: null, weight: 1 },
      { code: 'D1', parent: 'Index', weight: 1 },
      { code: 'D2', parent: 'Index', weight: 1 },
      { code: 'a', parent: 'D1', weight: 1 },
      { code: 'b', parent: 'D1', weight: 3 },
      { code: 'c', parent: 'D2', weight: 2 },
    ]);
    expect(Array.from(effectiveWeights(tree))).toEqual([0.125, 0.375, 0.5]);
  });
});
