/**
 * Exact quantiles of a rank distribution kept as a histogram (counts[r − 1] = number of runs in which
 * the unit had rank r). No sample is kept, so memory is units × units whatever the number of runs.
 *
 * Quantile definition: the inverse of the empirical distribution function (Hyndman & Fan type 1):
 * Q(p) = the smallest rank r such that (runs at rank ≤ r) ≥ p × runs. The comparison is done on integers
 * (count × 100 ≥ percent × runs), so there is no rounding. For an even number of runs the type-1 median is
 * the lower of the two middle ranks.
 */
export function rankQuantile(counts: ArrayLike<number>, percent: number): number {
  let runs = 0;
  for (let r = 0; r < counts.length; r++) runs += counts[r] as number;
  if (runs === 0) throw new RangeError('rankQuantile: empty histogram');
  let cumulative = 0;
  for (let r = 0; r < counts.length; r++) {
    cumulative += counts[r] as number;
    if (cumulative * 100 >= percent * runs && cumulative > 0) return r + 1;
  }
  return counts.length;
}

export const quantileDefinition =
  'type 1 (inverse empirical CDF) on exact rank histograms: Q(p) = smallest rank r with #(runs at rank ≤ r) ≥ p × runs; median = Q(0.5), interval = [Q(0.05), Q(0.95)]';
