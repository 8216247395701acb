import { describe, expect, it } from 'vitest';
import { wpm, wsm } from './wsm-wpm.ts';

describe('weighted sum (SAW)', () => {
  it('Afshari, Mojahed & Yusuff (2010) personnel selection via JMcDM: 0.5532, 0.7135, 0.8374, 0.5147, 0.5793', () => {
    // All benefit, r = x / max. A1 = (4, 7, 3, 2, 2, 2, 2) / (7, 7, 6, 5, 5, 5, 7):
    // 0.283·4/7 + 0.162 + 0.162·0.5 + 0.07·0.4 + 0.085·0.4 + 0.162·0.4 + 0.076·2/7 = 0.5532.
    const result = wsm(
      [
        [4, 7, 3, 2, 2, 2, 2],
        [4, 4, 6, 4, 4, 3, 7],
        [7, 6, 4, 2, 5, 5, 3],
        [3, 2, 5, 3, 3, 2, 5],
        [4, 2, 2, 5, 5, 3, 6],
      ],
      new Array(7).fill(1),
      [0.283, 0.162, 0.162, 0.07, 0.085, 0.162, 0.076],
    );
    expect(result.variant).toBe('wsm/max-normalisation');
    [0.553228, 0.713485, 0.837428, 0.514657, 0.579342].forEach((score, i) => {
      // The published weights sum to 1.000, so normalising them changes nothing.
      expect(result.preference[i]).toBeCloseTo(score, 5);
    });
    expect(result.ranks).toEqual([4, 2, 1, 5, 3]);
  });

  it('JMcDM SAW example 1 with a cost column (r = min / x): 0.6813, 0.7252, 0.7099, 0.7850', () => {
    const result = wsm(
      [
        [25, 65, 7, 20],
        [21, 78, 6, 24],
        [19, 53, 5, 33],
        [22, 25, 2, 31],
      ],
      [1, 1, -1, 1],
      [0.25, 0.25, 0.25, 0.25],
    );
    [0.681277, 0.725151, 0.709871, 0.784976].forEach((score, i) => {
      expect(result.preference[i]).toBeCloseTo(score, 5);
    });
  });

  it('min-max option: A = (0, 10), B = (10, 0), C = (5, 5), w = (0.7, 0.3) ⇒ 0.3, 0.7, 0.5', () => {
    const result = wsm(
      [
        [0, 10],
        [10, 0],
        [5, 5],
      ],
      [1, 1],
      [0.7, 0.3],
      { normalisation: 'minmax' },
    );
    expect(result.variant).toBe('wsm/minmax-normalisation');
    expect(result.preference[0]).toBeCloseTo(0.3, 12);
    expect(result.preference[1]).toBeCloseTo(0.7, 12);
    expect(result.preference[2]).toBeCloseTo(0.5, 12);
  });
});

describe('weighted product', () => {
  it('JMcDM WPM test (its cited source: Zavadskas et al. 2012, WASPAS): 0.7975, 0.7533, 0.7647, 0.7874, 0.7674', () => {
    const result = wpm(
      [
        [3, 12.5, 2, 120, 14, 3],
        [5, 15, 3, 110, 38, 4],
        [3, 13, 2, 120, 19, 3],
        [4, 14, 2, 100, 31, 4],
        [3, 15, 1.5, 125, 40, 4],
      ],
      [1, -1, -1, 1, -1, 1],
      [0.221, 0.159, 0.175, 0.127, 0.117, 0.201],
    );
    expect(result.variant).toBe('wpm/max-normalisation');
    [0.7975224331331, 0.7532541470585, 0.7647463553356, 0.7873956894791, 0.7674278741782].forEach(
      (score, i) => {
        expect(result.preference[i]).toBeCloseTo(score, 10);
      },
    );
    expect(result.ranks).toEqual([1, 5, 4, 2, 3]);
  });

  it('A1 = (2, 4), A2 = (4, 2), both benefit, w = (0.75, 0.25): (1/2)^0.75 · 1 = 0.5946 vs 1 · (1/2)^0.25 = 0.8409', () => {
    const result = wpm(
      [
        [2, 4],
        [4, 2],
      ],
      [1, 1],
      [0.75, 0.25],
    );
    expect(result.preference[0]).toBeCloseTo(0.5 ** 0.75, 12);
    expect(result.preference[1]).toBeCloseTo(0.5 ** 0.25, 12);
  });
});
