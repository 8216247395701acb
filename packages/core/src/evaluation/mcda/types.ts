export type McdaMethod = 'topsis' | 'vikor' | 'gra' | 'wsm' | 'wpm';

/**
 * What every multi-criteria method returns. `preference` is the method's own score: higher is
 * better for TOPSIS (closeness), GRA (grade), WSM and WPM; LOWER is better for VIKOR (Q).
 * `ranks` are competition ranks, rank 1 = best, ties share the lowest rank ("1224").
 * `weights` are the normalised weights actually used (sum 1). `notes` say how special cases
 * (constant columns, all-identical alternatives) were handled; empty when there were none.
 */
export type McdaResult = {
  method: McdaMethod;
  variant: string;
  weights: number[];
  preference: number[];
  ranks: number[];
  notes: string[];
};
