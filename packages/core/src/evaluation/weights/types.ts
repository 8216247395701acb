export type WeightingMethod = 'given' | 'equal' | 'entropy' | 'critic' | 'ahp' | 'pca' | 'combined';

/**
 * What every weighting method returns: weights summing to 1, one per criterion, the variant that
 * produced them, and notes on special cases (constant columns left out, fallbacks); empty when none.
 */
export type WeightsResult = {
  method: WeightingMethod;
  variant: string;
  weights: number[];
  notes: string[];
};
