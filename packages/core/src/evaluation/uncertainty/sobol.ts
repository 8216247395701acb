/**
 * Variance-based sensitivity indices from the Saltelli design: two independent sample matrices A and B
 * (N rows each) and, for each uncertain input i, the matrix A_B^i (A with the columns of input i taken
 * from B). N base samples cost N(k + 2) model evaluations for k inputs.
 *
 *   V(Y)  = variance of the 2N outputs f(A) and f(B) (population variance)
 *   S_i   = (1/N) Σ_j f(B)_j (f(A_B^i)_j − f(A)_j) / V(Y)        first order, Saltelli et al. 2010, table 2 (b)
 *   ST_i  = (1/2N) Σ_j (f(A)_j − f(A_B^i)_j)² / V(Y)              total effect, Jansen 1999 (table 2 (f))
 *
 * The accumulator keeps only running sums (memory flat in N). When the outputs are integers (ranks,
 * rank shifts), every sum is an integer, so adding partial accumulators in any order is exact: the
 * merged result does not depend on how the samples were split across workers.
 */

/** Sums for `outputs` outputs and `inputs` uncertain inputs, laid out per output: [ΣY, ΣY², n, first…, total…]. */
export type SobolAccumulator = { outputs: number; inputs: number; sums: Float64Array };

export function createSobolAccumulator(outputs: number, inputs: number): SobolAccumulator {
  return { outputs, inputs, sums: new Float64Array(outputs * (3 + 2 * inputs)) };
}

/** Adds one base sample j for output `o`: f(A)_j, f(B)_j and f(A_B^i)_j for every input i. */
export function addSobolSample(
  acc: SobolAccumulator,
  o: number,
  fA: number,
  fB: number,
  fAB: ArrayLike<number>,
): void {
  const k = acc.inputs;
  const base = o * (3 + 2 * k);
  const s = acc.sums;
  s[base] = (s[base] as number) + fA + fB;
  s[base + 1] = (s[base + 1] as number) + fA * fA + fB * fB;
  s[base + 2] = (s[base + 2] as number) + 1;
  for (let i = 0; i < k; i++) {
    const fi = fAB[i] as number;
    const d = fA - fi;
    s[base + 3 + i] = (s[base + 3 + i] as number) + fB * (fi - fA);
    s[base + 3 + k + i] = (s[base + 3 + k + i] as number) + d * d;
  }
}

export function mergeSobolAccumulators(into: SobolAccumulator, from: SobolAccumulator): void {
  if (into.outputs !== from.outputs || into.inputs !== from.inputs)
    throw new RangeError('mergeSobolAccumulators: shapes differ');
  for (let i = 0; i < into.sums.length; i++)
    into.sums[i] = (into.sums[i] as number) + (from.sums[i] as number);
}

export type SobolIndices = {
  /** Population variance of the 2N outputs f(A), f(B). */
  variance: number;
  /** First-order indices S_i (Saltelli 2010); null when V(Y) = 0 (the output never moves). */
  first: (number | null)[];
  /** Total-effect indices ST_i (Jansen 1999); null when V(Y) = 0. */
  total: (number | null)[];
};

export function sobolIndices(acc: SobolAccumulator, o: number): SobolIndices {
  const k = acc.inputs;
  const base = o * (3 + 2 * k);
  const s = acc.sums;
  const n = s[base + 2] as number;
  const count = 2 * n;
  const meanY = (s[base] as number) / count;
  const variance = n === 0 ? 0 : Math.max(0, (s[base + 1] as number) / count - meanY * meanY);
  const first: (number | null)[] = [];
  const total: (number | null)[] = [];
  for (let i = 0; i < k; i++) {
    if (variance === 0) {
      first.push(null);
      total.push(null);
    } else {
      first.push((s[base + 3 + i] as number) / n / variance);
      total.push((s[base + 3 + k + i] as number) / (2 * n) / variance);
    }
  }
  return { variance, first, total };
}
