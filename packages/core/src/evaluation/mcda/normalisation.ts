import { AppError } from '../../errors.ts';
import {
  type CriterionType,
  column,
  type DecisionMatrix,
  isConstantColumn,
  unitInterval,
} from './decision-matrix.ts';

/** A normalised matrix and what was done to columns that needed special handling. */
export type Normalised = { matrix: number[][]; notes: string[] };

/**
 * Vector normalisation (Hwang & Yoon 1981): r_ij = x_ij / √(Σ_i x_ij²). Direction is NOT applied
 * here: TOPSIS takes the ideal as the max of a benefit column and the min of a cost column.
 * A column of zeros stays zero (it cannot separate anyone) and is noted.
 */
export function vectorNormalise(matrix: DecisionMatrix): Normalised {
  const n = matrix[0]?.length ?? 0;
  const notes: string[] = [];
  // ‖x‖ / s = √Σ (x / s)² with s = max |x|, so that squares of large values cannot overflow.
  const scales = Array.from({ length: n }, (_, j) => Math.max(...column(matrix, j).map(Math.abs)));
  const norms = scales.map((s, j) =>
    s === 0 ? 0 : Math.sqrt(column(matrix, j).reduce((a, x) => a + (x / s) * (x / s), 0)),
  );
  norms.forEach((norm, j) => {
    if (norm === 0) notes.push(`第 ${j + 1} 列全为零 / column ${j + 1} is all zeros: normalised to 0`);
  });
  return {
    matrix: matrix.map((row) =>
      row.map((x, j) => ((norms[j] as number) === 0 ? 0 : x / (scales[j] as number) / (norms[j] as number))),
    ),
    notes,
  };
}

/**
 * Min-max normalisation by type: benefit r = (x − min) / (max − min), cost r = (max − x) / (max − min),
 * so that 1 is always the best value. A constant column (max = min) gets r = 1 for everyone (no
 * alternative is worse than another there) and is noted.
 */
export function minMaxNormalise(matrix: DecisionMatrix, types: readonly CriterionType[]): Normalised {
  const n = matrix[0]?.length ?? 0;
  const notes: string[] = [];
  const mins: number[] = [];
  const maxs: number[] = [];
  const constants: boolean[] = [];
  for (let j = 0; j < n; j++) {
    const col = column(matrix, j);
    const min = Math.min(...col);
    const max = Math.max(...col);
    const constant = isConstantColumn(col);
    mins.push(min);
    maxs.push(max);
    constants.push(constant);
    if (constant) {
      notes.push(
        `第 ${j + 1} 列为常数，对排序无影响 / column ${j + 1} is constant (${min}): it cannot separate the alternatives`,
      );
    }
  }
  return {
    matrix: matrix.map((row) =>
      row.map((x, j) => {
        if (constants[j]) return 1;
        const r = unitInterval(x, mins[j] as number, maxs[j] as number);
        return types[j] === 1 ? r : 1 - r;
      }),
    ),
    notes,
  };
}

/**
 * Linear "max" normalisation (the classic SAW / WPM ratio): benefit r = x / max, cost r = min / x.
 * Needs non-negative values and a positive maximum in benefit columns, strictly positive values in
 * cost columns (or, with `strictlyPositive`, strictly positive values everywhere, as WPM's powers need).
 */
export function maxNormalise(
  matrix: DecisionMatrix,
  types: readonly CriterionType[],
  method: string,
  strictlyPositive = false,
): Normalised {
  const n = matrix[0]?.length ?? 0;
  const notes: string[] = [];
  for (const [i, row] of matrix.entries()) {
    for (const [j, x] of row.entries()) {
      const needPositive = strictlyPositive || types[j] === -1;
      if (needPositive ? !(x > 0) : x < 0) {
        throw new AppError(
          'invalid_input',
          `${method} 要求第 ${i + 1} 行第 ${j + 1} 列为${needPositive ? '正数' : '非负数'} / ${method} needs a ${needPositive ? 'positive' : 'non-negative'} value at row ${i + 1}, column ${j + 1}, got ${x}`,
          { field: 'matrix', row: i + 1, column: j + 1, value: x, method },
        );
      }
    }
  }
  const refs = Array.from({ length: n }, (_, j) => {
    const col = column(matrix, j);
    return types[j] === 1 ? Math.max(...col) : Math.min(...col);
  });
  refs.forEach((ref, j) => {
    if (ref === 0) notes.push(`第 ${j + 1} 列全为零 / column ${j + 1} is all zeros: normalised to 0`);
  });
  return {
    matrix: matrix.map((row) =>
      row.map((x, j) => {
        const ref = refs[j] as number;
        if (ref === 0) return 0;
        return types[j] === 1 ? x / ref : ref / x;
      }),
    ),
    notes,
  };
}
