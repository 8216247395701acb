import { AppError } from '../../errors.ts';

/** A criterion is a benefit (1: more is better) or a cost (−1: less is better). */
export type CriterionType = 1 | -1;

/** Rows are alternatives, columns are criteria. */
export type DecisionMatrix = readonly (readonly number[])[];

export type ParsedDecisionProblem = { matrix: number[][]; types: CriterionType[] };

function invalid(message: string, details: Record<string, unknown>): AppError {
  return new AppError('invalid_input', message, details);
}

/**
 * Checks a decision matrix and its criterion types (both may come straight from JSON) and returns
 * typed copies. Rows and columns in messages and details are 1-based, as a spreadsheet user counts.
 * Throws AppError('invalid_input') for: no rows, no columns, ragged rows, a cell that is not a
 * finite number, a types array of the wrong length or with a value other than 1 / −1.
 */
export function parseDecisionMatrix(matrix: unknown, types: unknown): ParsedDecisionProblem {
  if (!Array.isArray(matrix) || matrix.length === 0) {
    throw invalid('决策矩阵为空 / the decision matrix is empty (no alternatives)', { field: 'matrix' });
  }
  const first: unknown = matrix[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw invalid('决策矩阵没有列 / the decision matrix has no criteria (empty columns)', {
      field: 'matrix',
      row: 1,
    });
  }
  const n = first.length;
  const rows: number[][] = [];
  matrix.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) {
      throw invalid(`决策矩阵第 ${i + 1} 行不是数组 / decision matrix row ${i + 1} is not an array`, {
        field: 'matrix',
        row: i + 1,
      });
    }
    if (row.length !== n) {
      throw invalid(
        `决策矩阵第 ${i + 1} 行有 ${row.length} 列，应为 ${n} 列 / decision matrix row ${i + 1} has ${row.length} columns, expected ${n} (ragged rows)`,
        { field: 'matrix', row: i + 1, columns: row.length, expected: n },
      );
    }
    rows.push(
      row.map((cell: unknown, j) => {
        if (typeof cell !== 'number' || !Number.isFinite(cell)) {
          throw invalid(
            `决策矩阵第 ${i + 1} 行第 ${j + 1} 列不是有限数值 / decision matrix row ${i + 1}, column ${j + 1} is not a finite number: ${JSON.stringify(cell) ?? String(cell)}`,
            { field: 'matrix', row: i + 1, column: j + 1, value: cell },
          );
        }
        return cell;
      }),
    );
  });
  if (!Array.isArray(types) || types.length !== n) {
    throw invalid(
      `准则类型数量应为 ${n} / types must list one entry (1 benefit, −1 cost) for each of the ${n} criteria`,
      { field: 'types', expected: n, received: Array.isArray(types) ? types.length : typeof types },
    );
  }
  const parsedTypes = types.map((t: unknown, j): CriterionType => {
    if (t !== 1 && t !== -1) {
      throw invalid(
        `第 ${j + 1} 个准则类型必须是 1 或 −1 / types[${j + 1}] must be 1 (benefit) or −1 (cost), got ${JSON.stringify(t) ?? String(t)}`,
        { field: 'types', column: j + 1, value: t },
      );
    }
    return t;
  });
  return { matrix: rows, types: parsedTypes };
}

/**
 * Checks given weights against the number of criteria and normalises them to sum 1:
 * w_j = g_j / Σ g. Throws invalid_input for a wrong length, a non-finite or negative weight, or
 * weights that are all zero.
 */
export function parseWeights(weights: unknown, criteria: number): number[] {
  if (!Array.isArray(weights) || weights.length !== criteria) {
    throw invalid(
      `权重数量应为 ${criteria} / weights must have one value for each of the ${criteria} criteria`,
      {
        field: 'weights',
        expected: criteria,
        received: Array.isArray(weights) ? weights.length : typeof weights,
      },
    );
  }
  const values = weights.map((w: unknown, j): number => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw invalid(
        `第 ${j + 1} 个权重必须是非负有限数值 / weight ${j + 1} must be a non-negative finite number, got ${JSON.stringify(w) ?? String(w)}`,
        { field: 'weights', column: j + 1, value: w },
      );
    }
    return w;
  });
  // Divide by the largest weight first so that the sum cannot overflow.
  const largest = Math.max(...values);
  if (!(largest > 0)) {
    throw invalid('权重全为零 / the weights are all zero', { field: 'weights' });
  }
  const total = values.reduce((a, b) => a + b / largest, 0);
  return values.map((w) => w / largest / total);
}

/** Relative methods compare alternatives with each other, so they need at least two of them. */
export function requireAlternatives(matrix: DecisionMatrix, method: string): void {
  if (matrix.length < 2) {
    throw invalid(
      `${method} 是相对方法，至少需要两个备选方案 / ${method} is a relative method and needs at least two alternatives; a single unit cannot be scored relatively (use goalpost normalisation)`,
      { field: 'matrix', method, alternatives: matrix.length },
    );
  }
}

/**
 * A column is constant when its range is within 1e-12 of its largest magnitude: differences in
 * the last bits are rounding noise, not information, and must not decide a ranking.
 */
export function isConstantColumn(values: readonly number[]): boolean {
  const max = Math.max(...values);
  const min = Math.min(...values);
  return max - min <= 1e-12 * Math.max(Math.abs(max), Math.abs(min));
}

/**
 * (x − min) / (max − min), computed on halves when max − min would overflow (values near ±1.8e308;
 * the quotient is the same). Callers make sure max > min.
 */
export function unitInterval(x: number, min: number, max: number): number {
  const range = max - min;
  return Number.isFinite(range) ? (x - min) / range : (x / 2 - min / 2) / (max / 2 - min / 2);
}

/** Column j of the matrix. */
export function column(matrix: DecisionMatrix, j: number): number[] {
  return matrix.map((row) => row[j] as number);
}

/**
 * Competition ranks ("1224", rank 1 = best) where values closer than 1e-12 (relative to the
 * largest magnitude) count as ties, so that rounding noise in the last bits never orders two
 * alternatives that the arithmetic says are equal. `higherIsBetter` picks the direction.
 */
export function rankPreferences(values: readonly number[], higherIsBetter: boolean): number[] {
  const scale = Math.max(1, ...values.map((v) => Math.abs(v)));
  const tolerance = 1e-12 * scale;
  const order = values
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (higherIsBetter ? b.v - a.v : a.v - b.v) || a.i - b.i);
  const ranks = new Array<number>(values.length).fill(0);
  let rank = 1;
  let groupValue = order[0]?.v ?? 0;
  order.forEach((entry, k) => {
    if (k > 0 && Math.abs(entry.v - groupValue) > tolerance) {
      rank = k + 1;
      groupValue = entry.v;
    }
    ranks[entry.i] = rank;
  });
  return ranks;
}
