import { describe, expect, it } from 'vitest';
import { gra } from './gra.ts';

describe('grey relational analysis', () => {
  it('Yıldırım & Önder (2015, Çok Kriterli Karar Verme Yöntemleri, Dora) via JMcDM: grades 0.525, 0.7007, 0.5464, 0.5763, 0.6510', () => {
    // Five alternatives, six criteria (cost, benefit, cost, benefit, benefit, cost),
    // w = 0.05, 0.20, 0.10, 0.15, 0.10, 0.40, ζ = 0.5. After min-max by type Δmin = 0, Δmax = 1,
    // so ξ = 0.5 / (Δ + 0.5). A1: Δ = (0, 1, 0, 0.5, 1, 0.5) ⇒ ξ = (1, 1/3, 1, 1/2, 1/3, 1/2)
    // ⇒ grade = 0.05 + 0.0667 + 0.1 + 0.075 + 0.0333 + 0.2 = 0.525.
    const result = gra(
      [
        [105000, 105, 10, 4, 300, 10],
        [120000, 110, 15, 4, 500, 8],
        [150000, 120, 12, 3, 550, 12],
        [115000, 105, 20, 4, 600, 9],
        [135000, 115, 15, 5, 400, 9],
      ],
      [-1, 1, -1, 1, 1, -1],
      [0.05, 0.2, 0.1, 0.15, 0.1, 0.4],
    );
    expect(result.variant).toBe('gra/minmax-normalisation/global-delta/zeta=0.5');
    const expected = [0.525, 0.7007142857142857, 0.5464285714285715, 0.5762820512820512, 0.650952380952381];
    expected.forEach((grade, i) => {
      expect(result.preference[i]).toBeCloseTo(grade, 10);
    });
    expect(result.ranks).toEqual([5, 1, 4, 3, 2]);
    expect(result.deltaMin).toBe(0);
    expect(result.deltaMax).toBe(1);
  });

  it('ζ changes the spread but names itself: ζ = 1 gives ξ = 1 / (Δ + 1), A1 grade = 0.05 + 0.1 + 0.1 + 0.1 + 0.05 + 0.2667', () => {
    const result = gra(
      [
        [105000, 105, 10, 4, 300, 10],
        [120000, 110, 15, 4, 500, 8],
        [150000, 120, 12, 3, 550, 12],
        [115000, 105, 20, 4, 600, 9],
        [135000, 115, 15, 5, 400, 9],
      ],
      [-1, 1, -1, 1, 1, -1],
      [0.05, 0.2, 0.1, 0.15, 0.1, 0.4],
      { zeta: 1 },
    );
    expect(result.variant).toBe('gra/minmax-normalisation/global-delta/zeta=1');
    // ξ(A1) = (1, 1/2, 1, 2/3, 1/2, 2/3).
    expect(result.preference[0]).toBeCloseTo(0.05 + 0.1 + 0.1 + 0.1 + 0.05 + 0.4 * (2 / 3), 12);
  });

  it('a constant column adds the same ξ = 1 to everyone and is noted', () => {
    const result = gra(
      [
        [1, 5],
        [2, 5],
      ],
      [1, 1],
      [0.5, 0.5],
    );
    // Column 1: Δ = (1, 0); column 2 constant: r = 1, Δ = 0. Δmax = 1: ξ(A1) = (1/3, 1), ξ(A2) = (1, 1).
    expect(result.preference[0]).toBeCloseTo(0.5 / 3 + 0.5, 12);
    expect(result.preference[1]).toBeCloseTo(1, 12);
    expect(result.notes.join()).toMatch(/column 2 is constant/);
  });
});
