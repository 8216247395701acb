import { AppError } from '../../errors.ts';
import { isConstantColumn, parseDecisionMatrix, unitInterval } from '../mcda/decision-matrix.ts';
import { pearson } from '../stats.ts';
import type { WeightsResult } from './types.ts';

export type PcaWeightsResult = WeightsResult & {
  method: 'pca';
  /** Largest eigenvalue λ1 of the correlation matrix of the kept criteria. */
  eigenvalue: number;
  /** Share of the total variance the first component explains: λ1 / Σλ. */
  explainedVariance: number;
  /** Loadings of the first component, a_j = v1_j √λ1 (sign chosen so that Σ a ≥ 0); 0 for left-out columns. */
  loadings: number[];
};

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations.
 * Returns pairs sorted by decreasing eigenvalue; each vector has unit length.
 */
export function symmetricEigen(a: readonly (readonly number[])[]): { value: number; vector: number[] }[] {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const get = (mat: number[][], i: number, j: number) => (mat[i] as number[])[j] as number;
  const set = (mat: number[][], i: number, j: number, x: number) => {
    (mat[i] as number[])[j] = x;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += get(m, p, q) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = get(m, p, q);
        if (apq === 0) continue;
        const theta = (get(m, q, q) - get(m, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = get(m, k, p);
          const mkq = get(m, k, q);
          set(m, k, p, c * mkp - s * mkq);
          set(m, k, q, s * mkp + c * mkq);
        }
        for (let k = 0; k < n; k++) {
          const mpk = get(m, p, k);
          const mqk = get(m, q, k);
          set(m, p, k, c * mpk - s * mqk);
          set(m, q, k, s * mpk + c * mqk);
        }
        for (let k = 0; k < n; k++) {
          const vkp = get(v, k, p);
          const vkq = get(v, k, q);
          set(v, k, p, c * vkp - s * vkq);
          set(v, k, q, s * vkp + c * vkq);
        }
      }
    }
  }
  return Array.from({ length: n }, (_, j) => ({
    value: get(m, j, j),
    vector: v.map((row) => row[j] as number),
  })).sort((x, y) => y.value - x.value);
}

/**
 * PCA first-component weights (OECD/JRC Handbook on Constructing Composite Indicators 2008,
 * one-component case): the correlation matrix of the criteria (Pearson, i.e. PCA on standardised
 * data) is decomposed, and w_j = a_j² / Σ_k a_k² with a the loadings of the first principal
 * component, which equals v1_j² for the unit eigenvector v1. No rotation. Criterion types do not
 * enter (squares drop the sign). A constant column has no correlation: it is left out with
 * weight 0, noted. Needs m ≥ 3 alternatives (two points are always perfectly correlated) and
 * at least two non-constant criteria; with one, it gets weight 1 (noted).
 * Variant: "pca/correlation-matrix/first-component/squared-loadings".
 */
export function pcaWeights(matrixInput: unknown, typesInput?: unknown): PcaWeightsResult {
  const first: unknown = Array.isArray(matrixInput) ? matrixInput[0] : undefined;
  const n = Array.isArray(first) ? first.length : 0;
  const { matrix } = parseDecisionMatrix(matrixInput, typesInput ?? new Array<number>(n).fill(1));
  if (matrix.length < 3) {
    throw new AppError(
      'invalid_input',
      'PCA 权重至少需要三个备选方案 / PCA weights need at least three alternatives',
      { field: 'matrix', alternatives: matrix.length },
    );
  }
  const columns = Array.from({ length: n }, (_, j) => matrix.map((row) => row[j] as number));
  const notes: string[] = [];
  const kept: number[] = [];
  columns.forEach((col, j) => {
    if (isConstantColumn(col)) {
      notes.push(`第 ${j + 1} 列为常数，已剔除，权重为 0 / column ${j + 1} is constant: left out, weight 0`);
    } else {
      kept.push(j);
    }
  });
  const variant = 'pca/correlation-matrix/first-component/squared-loadings';
  if (kept.length <= 1) {
    const weights =
      kept.length === 1 ? columns.map((_, j) => (j === kept[0] ? 1 : 0)) : columns.map(() => 1 / n);
    notes.push(
      kept.length === 1
        ? '只有一个非常数准则，其权重为 1 / only one non-constant criterion: it gets weight 1'
        : '所有列均为常数，采用等权 / every column is constant: equal weights used',
    );
    return { method: 'pca', variant, weights, notes, eigenvalue: 1, explainedVariance: 1, loadings: weights };
  }
  // Correlation does not change under x → (x − min)/(max − min); rescaling first keeps tiny or huge
  // magnitudes from under- or overflowing the sums of squares.
  const scaled = columns.map((col) => {
    const min = Math.min(...col);
    const max = Math.max(...col);
    return max > min ? col.map((x) => unitInterval(x, min, max)) : col.map(() => 0);
  });
  const correlation = kept.map((j) =>
    kept.map((k) => (j === k ? 1 : pearson(scaled[j] ?? [], scaled[k] ?? []))),
  );
  const eigen = symmetricEigen(correlation);
  const top = eigen[0] as { value: number; vector: number[] };
  const totalVariance = eigen.reduce((acc, e) => acc + e.value, 0);
  const sign = top.vector.reduce((a, b) => a + b, 0) < 0 ? -1 : 1;
  const squares = top.vector.map((x) => x * x);
  const sumSquares = squares.reduce((a, b) => a + b, 0);
  const weights = new Array<number>(n).fill(0);
  const loadings = new Array<number>(n).fill(0);
  kept.forEach((j, idx) => {
    weights[j] = (squares[idx] as number) / sumSquares;
    loadings[j] = sign * (top.vector[idx] as number) * Math.sqrt(Math.max(0, top.value));
  });
  return {
    method: 'pca',
    variant,
    weights,
    notes,
    eigenvalue: top.value,
    explainedVariance: top.value / totalVariance,
    loadings,
  };
}
