import { AppError } from '../../errors.ts';
import type { WeightsResult } from './types.ts';

export type AhpDerivation = 'eigenvector' | 'geometric' | 'approximate';
export type RiTableName = 'saaty' | 'alonso-lamata';

/**
 * Random consistency indices RI(n), n = 1, 2, ... (index 0 is n = 1).
 * saaty: Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill, n = 1..15.
 * alonso-lamata: Alonso & Lamata (2006), Int. J. Uncertainty, Fuzziness and Knowledge-Based
 * Systems 14(4), 445–459, from 100,000 random matrices, n = 1..15.
 */
export const randomIndexTables: Record<RiTableName, readonly number[]> = {
  saaty: [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59],
  'alonso-lamata': [
    0, 0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713,
    1.5838,
  ],
};

export type AhpOptions = {
  derivation?: AhpDerivation;
  riTable?: RiTableName;
  /** CR above this is flagged inconsistent; 0.1 by default (Saaty). */
  threshold?: number;
};

export type AhpConsistency = { lambdaMax: number; ci: number; cr: number; consistent: boolean };

export type AhpResult = WeightsResult & {
  method: 'ahp';
  derivation: AhpDerivation;
  riTable: RiTableName;
  ri: number;
  lambdaMax: number;
  ci: number;
  cr: number;
  consistent: boolean;
  /** The matrix the weights were derived from (the element-wise geometric mean for several experts). */
  matrix: number[][];
  /** Each expert's own consistency, when several matrices were given. */
  experts?: AhpConsistency[];
};

/** Reciprocity tolerance: |a_ij · a_ji − 1| ≤ 0.01, so that 0.33 for 1/3 is accepted. */
const RECIPROCAL_TOLERANCE = 0.01;

function invalid(message: string, details: Record<string, unknown>): AppError {
  return new AppError('invalid_input', message, details);
}

/**
 * Checks a pairwise comparison matrix: square, every entry a positive finite number, a_ii = 1 and
 * a_ji = 1 / a_ij within the tolerance. Rows and columns in messages are 1-based.
 */
export function parsePairwiseMatrix(input: unknown, label = '判断矩阵 / pairwise matrix'): number[][] {
  if (!Array.isArray(input) || input.length === 0) {
    throw invalid(`${label} 为空 / is empty`, { field: 'pairwise' });
  }
  const n = input.length;
  const rows = input.map((row: unknown, i): number[] => {
    if (!Array.isArray(row) || row.length !== n) {
      throw invalid(
        `${label} 不是方阵：第 ${i + 1} 行有 ${Array.isArray(row) ? row.length : 0} 列，应为 ${n} / is not square: row ${i + 1} has ${Array.isArray(row) ? row.length : 0} entries, expected ${n}`,
        { field: 'pairwise', row: i + 1, expected: n },
      );
    }
    return row.map((a: unknown, j): number => {
      if (typeof a !== 'number' || !Number.isFinite(a) || a <= 0) {
        throw invalid(
          `${label} 第 ${i + 1} 行第 ${j + 1} 列必须是正数 / row ${i + 1}, column ${j + 1} must be a positive number, got ${JSON.stringify(a) ?? String(a)}`,
          { field: 'pairwise', row: i + 1, column: j + 1, value: a },
        );
      }
      return a;
    });
  });
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number[];
    if (Math.abs((row[i] as number) - 1) > RECIPROCAL_TOLERANCE) {
      throw invalid(
        `${label} 对角线第 ${i + 1} 项必须为 1 / diagonal entry (${i + 1}, ${i + 1}) must be 1, got ${row[i]}`,
        { field: 'pairwise', row: i + 1, column: i + 1, value: row[i] },
      );
    }
    for (let j = i + 1; j < n; j++) {
      const aij = row[j] as number;
      const aji = (rows[j] as number[])[i] as number;
      if (Math.abs(aij * aji - 1) > RECIPROCAL_TOLERANCE + 1e-12) {
        throw invalid(
          `${label} 不互反：a(${i + 1},${j + 1}) = ${aij}，a(${j + 1},${i + 1}) = ${aji}，应为 ${1 / aij} / is not reciprocal: a(${i + 1},${j + 1}) = ${aij} but a(${j + 1},${i + 1}) = ${aji}, expected 1/${aij}`,
          { field: 'pairwise', row: j + 1, column: i + 1, value: aji, expected: 1 / aij },
        );
      }
    }
  }
  return rows;
}

/**
 * Combines several experts' matrices by the element-wise geometric mean
 * a_ij = (Π_k a_ij^(k))^(1/K) (Aczél & Saaty 1983), which keeps the result reciprocal.
 */
export function combineExpertMatrices(matrices: readonly (readonly (readonly number[])[])[]): number[][] {
  const first = matrices[0];
  if (!first) throw invalid('没有专家判断矩阵 / no expert matrices given', { field: 'pairwise' });
  const n = first.length;
  matrices.forEach((matrix, k) => {
    if (matrix.length !== n) {
      throw invalid(
        `第 ${k + 1} 位专家的矩阵为 ${matrix.length} 阶，应为 ${n} 阶 / expert ${k + 1}'s matrix is ${matrix.length}×${matrix.length}, expected ${n}×${n}`,
        { field: 'pairwise', expert: k + 1, size: matrix.length, expected: n },
      );
    }
  });
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      const logSum = matrices.reduce((acc, matrix) => acc + Math.log(matrix[i]?.[j] as number), 0);
      return Math.exp(logSum / matrices.length);
    }),
  );
}

/** Principal eigenvector by the power method: w ← A w / Σ(A w), from w = 1/n, until max |Δw| < 1e-14. */
function powerEigenvector(a: readonly (readonly number[])[]): number[] {
  const n = a.length;
  let w = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    const aw = a.map((row) => row.reduce((acc, x, j) => acc + x * (w[j] as number), 0));
    const total = aw.reduce((x, y) => x + y, 0);
    const next = aw.map((x) => x / total);
    const change = Math.max(...next.map((x, i) => Math.abs(x - (w[i] as number))));
    w = next;
    if (change < 1e-14) break;
  }
  return w;
}

/** Priority vector by the chosen derivation (each normalised to sum 1). */
export function derivePriorities(a: readonly (readonly number[])[], derivation: AhpDerivation): number[] {
  const n = a.length;
  if (derivation === 'eigenvector') return powerEigenvector(a);
  if (derivation === 'geometric') {
    // Row geometric means (Crawford & Williams 1985): g_i = (Π_j a_ij)^(1/n).
    const g = a.map((row) => Math.exp(row.reduce((acc, x) => acc + Math.log(x), 0) / n));
    const total = g.reduce((x, y) => x + y, 0);
    return g.map((x) => x / total);
  }
  // Approximate: normalise each column to sum 1, then average each row.
  const colSums = Array.from({ length: n }, (_, j) => a.reduce((acc, row) => acc + (row[j] as number), 0));
  return a.map((row) => row.reduce((acc, x, j) => acc + x / (colSums[j] as number), 0) / n);
}

/**
 * Consistency of a matrix with its priority vector w:
 *   λmax = (1/n) Σ_i (A w)_i / w_i (for the eigenvector this is the principal eigenvalue itself;
 *   for the other derivations it is the usual estimate), CI = (λmax − n) / (n − 1),
 *   CR = CI / RI(n). For n ≤ 2 every reciprocal matrix is consistent: CI = CR = 0.
 */
export function ahpConsistency(
  a: readonly (readonly number[])[],
  w: readonly number[],
  riTable: RiTableName = 'saaty',
  threshold = 0.1,
): AhpConsistency & { ri: number } {
  const n = a.length;
  const table = randomIndexTables[riTable];
  if (!table) {
    throw invalid(`未知的随机一致性指标表 / unknown random-index table: ${String(riTable)}`, {
      field: 'riTable',
      value: riTable,
      allowed: Object.keys(randomIndexTables),
    });
  }
  const ri = table[n - 1];
  if (ri === undefined) {
    throw invalid(
      `${riTable} 表只给出 n ≤ ${table.length} 的 RI / the ${riTable} random-index table stops at n = ${table.length}; got a ${n}×${n} matrix`,
      { field: 'pairwise', size: n, riTable },
    );
  }
  const aw = a.map((row) => row.reduce((acc, x, j) => acc + x * (w[j] as number), 0));
  const lambdaMax = aw.reduce((acc, x, i) => acc + x / (w[i] as number), 0) / n;
  if (n <= 2) return { lambdaMax, ci: 0, cr: 0, consistent: true, ri };
  const ci = (lambdaMax - n) / (n - 1);
  const cr = ci / ri;
  return { lambdaMax, ci, cr, consistent: cr <= threshold, ri };
}

/**
 * AHP weights (Saaty 1977, 1980) from one pairwise comparison matrix, or from several experts'
 * matrices (a 3-level array) combined first by the element-wise geometric mean.
 * Derivation: "eigenvector" (default, power method), "geometric" (row geometric mean) or
 * "approximate" (column-normalise, row mean). CR > threshold (0.1) is flagged `consistent: false`
 * (and noted), not refused: the decision to accept judgements belongs to people.
 * Variant: "ahp/<derivation>/ri=<table>".
 */
export function ahpWeights(pairwise: unknown, options: AhpOptions = {}): AhpResult {
  const derivation = options.derivation ?? 'eigenvector';
  const riTable = options.riTable ?? 'saaty';
  const threshold = options.threshold ?? 0.1;
  if (derivation !== 'eigenvector' && derivation !== 'geometric' && derivation !== 'approximate') {
    throw invalid(
      `未知的 AHP 推导方法 / unknown AHP derivation ${JSON.stringify(derivation)}: use eigenvector, geometric or approximate`,
      { field: 'derivation', value: derivation },
    );
  }
  if (!(riTable in randomIndexTables)) {
    throw invalid(`未知的随机一致性指标表 / unknown random-index table ${JSON.stringify(riTable)}`, {
      field: 'riTable',
      value: riTable,
      allowed: Object.keys(randomIndexTables),
    });
  }
  const isSeveral = Array.isArray(pairwise) && Array.isArray(pairwise[0]) && Array.isArray(pairwise[0][0]);
  let matrix: number[][];
  let experts: AhpConsistency[] | undefined;
  const notes: string[] = [];
  if (isSeveral) {
    const matrices = (pairwise as unknown[]).map((m, k) =>
      parsePairwiseMatrix(m, `第 ${k + 1} 位专家的判断矩阵 / expert ${k + 1}'s pairwise matrix`),
    );
    matrix = combineExpertMatrices(matrices);
    experts = matrices.map((m) => {
      const { ri: _ri, ...consistency } = ahpConsistency(
        m,
        derivePriorities(m, derivation),
        riTable,
        threshold,
      );
      return consistency;
    });
    experts.forEach((e, k) => {
      if (!e.consistent) {
        notes.push(
          `第 ${k + 1} 位专家判断不一致 (CR = ${e.cr.toFixed(3)}) / expert ${k + 1}'s judgements are inconsistent (CR = ${e.cr.toFixed(3)} > ${threshold})`,
        );
      }
    });
  } else {
    matrix = parsePairwiseMatrix(pairwise);
  }
  const weights = derivePriorities(matrix, derivation);
  const consistency = ahpConsistency(matrix, weights, riTable, threshold);
  if (!consistency.consistent) {
    notes.push(
      `判断矩阵不一致 (CR = ${consistency.cr.toFixed(3)} > ${threshold})，请复核判断 / the pairwise judgements are inconsistent (CR = ${consistency.cr.toFixed(3)} > ${threshold}): review them`,
    );
  }
  return {
    method: 'ahp',
    variant: `ahp/${derivation}/ri=${riTable}`,
    weights,
    notes,
    derivation,
    riTable,
    ...consistency,
    matrix,
    ...(experts ? { experts } : {}),
  };
}

/**
 * AHP synthesis (distributive mode): the global priority of alternative i is Σ_j w_j l_ij, with w
 * the criteria weights and l_·j the local priorities of the alternatives under criterion j.
 */
export function ahpSynthesis(
  criteriaWeights: readonly number[],
  localPriorities: readonly (readonly number[])[],
): number[] {
  if (localPriorities.length !== criteriaWeights.length) {
    throw invalid(
      `局部优先级应有 ${criteriaWeights.length} 组 / need one local priority vector per criterion (${criteriaWeights.length}), got ${localPriorities.length}`,
      { field: 'localPriorities', expected: criteriaWeights.length, received: localPriorities.length },
    );
  }
  const m = localPriorities[0]?.length ?? 0;
  return Array.from({ length: m }, (_, i) =>
    criteriaWeights.reduce(
      (acc, w, j) => acc + w * ((localPriorities[j] as readonly number[])[i] as number),
      0,
    ),
  );
}
