import { AppError } from '../../errors.ts';
import {
  column,
  isConstantColumn,
  parseDecisionMatrix,
  parseWeights,
  rankPreferences,
  requireAlternatives,
  unitInterval,
} from './decision-matrix.ts';
import type { McdaResult } from './types.ts';

export type VikorOptions = { v?: number };

export type VikorResult = McdaResult & {
  method: 'vikor';
  /** Group utility S_i (weighted Manhattan regret; lower is better). */
  S: number[];
  /** Individual regret R_i (largest weighted regret; lower is better). */
  R: number[];
  /** Compromise index Q_i (lower is better); equals `preference`. */
  Q: number[];
  /** DQ = 1 / (m − 1), the "acceptable advantage" threshold. */
  dq: number;
  /** C1: Q(A(2)) − Q(A(1)) ≥ DQ. */
  acceptableAdvantage: boolean;
  /** C2: A(1) is also best (possibly tied) by S or by R. */
  acceptableStability: boolean;
  /** The compromise set as 0-based alternative indices, in Q order (best first). */
  compromise: number[];
};

/**
 * VIKOR (Opricovic 1998; Opricovic & Tzeng 2004), linear normalisation.
 *   f*_j = best value (max of a benefit, min of a cost), f−_j = worst;
 *   d_ij = w_j (f*_j − x_ij) / (f*_j − f−_j);  S_i = Σ_j d_ij;  R_i = max_j d_ij;
 *   Q_i = v (S_i − S*) / (S− − S*) + (1 − v) (R_i − R*) / (R− − R*), v = 0.5 by default.
 * Ranks sort Q ascending. A(1), A(2), ... is the Q order (ties broken by S, then R, then index).
 * Compromise set: {A(1)} when C1 and C2 hold; {A(1), A(2)} when only C2 fails; when C1 fails,
 * {A(1), ..., A(M)} with M the largest position such that Q(A(M)) − Q(A(1)) < DQ.
 * A constant criterion has no regret (d = 0, noted); if all S (or all R) are equal, that term of Q is 0.
 * Variant: "vikor/linear-normalisation/v=0.5".
 */
export function vikor(
  matrixInput: unknown,
  typesInput: unknown,
  weightsInput: unknown,
  options: VikorOptions = {},
): VikorResult {
  const { matrix, types } = parseDecisionMatrix(matrixInput, typesInput);
  requireAlternatives(matrix, 'VIKOR');
  const weights = parseWeights(weightsInput, types.length);
  const v = options.v ?? 0.5;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new AppError(
      'invalid_input',
      `VIKOR 的 v 必须在 0 到 1 之间 / VIKOR v must be in [0, 1], got ${v}`,
      {
        field: 'options.v',
        value: v,
      },
    );
  }
  const notes: string[] = [];
  const best: number[] = [];
  const worst: number[] = [];
  const constant: boolean[] = [];
  types.forEach((type, j) => {
    const col = column(matrix, j);
    const max = Math.max(...col);
    const min = Math.min(...col);
    best.push(type === 1 ? max : min);
    worst.push(type === 1 ? min : max);
    constant.push(isConstantColumn(col));
    if (constant[j]) {
      notes.push(`第 ${j + 1} 列为常数，无遗憾 / column ${j + 1} is constant: no regret on it (d = 0)`);
    }
  });
  const regrets = matrix.map((row) =>
    row.map((x, j) => {
      // w (f* − x) / (f* − f−) = w (1 − r) with r the position of x between worst and best.
      if (constant[j]) return 0;
      const b = best[j] as number;
      const w = worst[j] as number;
      const r = b > w ? unitInterval(x, w, b) : 1 - unitInterval(x, b, w);
      return (weights[j] as number) * (1 - r);
    }),
  );
  const S = regrets.map((d) => d.reduce((a, b) => a + b, 0));
  const R = regrets.map((d) => Math.max(...d));
  const sMin = Math.min(...S);
  const sMax = Math.max(...S);
  const rMin = Math.min(...R);
  const rMax = Math.max(...R);
  if (sMax === sMin) notes.push('所有 S 相等 / all S are equal: the group-utility term of Q is 0');
  if (rMax === rMin) notes.push('所有 R 相等 / all R are equal: the individual-regret term of Q is 0');
  const Q = S.map((s, i) => {
    const sTerm = sMax === sMin ? 0 : (s - sMin) / (sMax - sMin);
    const rTerm = rMax === rMin ? 0 : ((R[i] as number) - rMin) / (rMax - rMin);
    return v * sTerm + (1 - v) * rTerm;
  });

  const { dq, acceptableAdvantage, acceptableStability, compromise } = vikorCompromise(S, R, Q);
  return {
    method: 'vikor',
    variant: `vikor/linear-normalisation/v=${v}`,
    weights,
    preference: Q,
    ranks: rankPreferences(Q, false),
    notes,
    S,
    R,
    Q,
    dq,
    acceptableAdvantage,
    acceptableStability,
    compromise,
  };
}

/**
 * The two compromise conditions of VIKOR on given S, R, Q (Opricovic & Tzeng 2004, step 5).
 * A(1), A(2), ... is the Q order (ties broken by S, then R, then index); DQ = 1 / (m − 1).
 * C1 "acceptable advantage": Q(A(2)) − Q(A(1)) ≥ DQ. C2 "acceptable stability": A(1) is also best
 * (ties allowed) by S or by R. Both hold ⇒ {A(1)}; only C2 fails ⇒ {A(1), A(2)}; C1 fails ⇒
 * {A(1), ..., A(M)}, M the largest position with Q(A(M)) − Q(A(1)) < DQ. Indices are 0-based.
 */
export function vikorCompromise(
  S: readonly number[],
  R: readonly number[],
  Q: readonly number[],
): { dq: number; acceptableAdvantage: boolean; acceptableStability: boolean; compromise: number[] } {
  const m = Q.length;
  const order = Q.map((_, i) => i).sort(
    (a, b) =>
      (Q[a] as number) - (Q[b] as number) ||
      (S[a] as number) - (S[b] as number) ||
      (R[a] as number) - (R[b] as number) ||
      a - b,
  );
  const first = order[0] as number;
  const second = order[1] ?? first;
  const dq = m > 1 ? 1 / (m - 1) : 0;
  const tolerance = 1e-12;
  const acceptableAdvantage = (Q[second] as number) - (Q[first] as number) >= dq - tolerance;
  const acceptableStability =
    (S[first] as number) <= Math.min(...S) + tolerance || (R[first] as number) <= Math.min(...R) + tolerance;
  let compromise: number[];
  if (!acceptableAdvantage) {
    compromise = order.filter((i) => (Q[i] as number) - (Q[first] as number) < dq - tolerance);
  } else if (!acceptableStability) {
    compromise = [first, second];
  } else {
    compromise = [first];
  }
  return { dq, acceptableAdvantage, acceptableStability, compromise };
}
