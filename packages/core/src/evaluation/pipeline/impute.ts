/**
 * Imputation of missing indicator values (NaN), per indicator column:
 *   mean / median            the column's mean or median over units with a value (COINr i_mean, i_median)
 *   groupMean / groupMedian  the same within the unit's group (COINr i_mean_grp with use_group); a group
 *                            with no value leaves its units missing, units without a group are left missing
 *   latest                   the unit's latest earlier period with a value (carry forward)
 *   linear                   linear interpolation between the unit's nearest earlier and later periods with
 *                            values (by period position), else the nearest one (carry forward or backward)
 * Returns the imputed column and the cells it filled.
 */
import { AppError } from '../../errors.ts';
import type { ImputationSpec } from '../spec/evaluation-spec.schema.ts';
import { mean, median } from '../stats.ts';

export type ImputationContext = {
  /** Group label of each unit for group methods (undefined = no group). */
  groups?: readonly (string | undefined)[];
  /**
   * For time methods: the indicator's values in every period of the panel, oldest first, each aligned with
   * the units; `current` is the position of the evaluation period in that list.
   */
  periods?: { columns: readonly ArrayLike<number>[]; current: number };
};

export type ImputedCell = { unit: number; value: number };

export function imputeColumn(
  column: ArrayLike<number>,
  spec: ImputationSpec,
  context: ImputationContext = {},
): { x: Float64Array; filled: ImputedCell[] } {
  const x = Float64Array.from(column);
  const filled: ImputedCell[] = [];
  const missing: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i] as number)) missing.push(i);
  // Early, before any closure is made: most columns of a run have nothing to impute.
  if (missing.length === 0 || spec.method === 'none') return { x, filled };
  const fill = (i: number, value: number) => {
    if (Number.isNaN(value)) return;
    x[i] = value;
    filled.push({ unit: i, value });
  };

  const present = (filter: (i: number) => boolean): number[] => {
    const out: number[] = [];
    for (let i = 0; i < column.length; i++) {
      const v = column[i] as number;
      if (!Number.isNaN(v) && filter(i)) out.push(v);
    }
    return out;
  };

  switch (spec.method) {
    case 'mean':
    case 'median': {
      const values = present(() => true);
      const value = spec.method === 'mean' ? mean(values) : median(values);
      for (const i of missing) fill(i, value);
      break;
    }
    case 'groupMean':
    case 'groupMedian': {
      const groups = context.groups;
      if (!groups)
        throw new AppError('invalid_input', `分组插补需要分组 / group imputation needs a grouping column`, {
          step: 'imputation',
          group: spec.group,
        });
      const byGroup = new Map<string, number>();
      for (const i of missing) {
        const g = groups[i];
        if (g === undefined) continue;
        let value = byGroup.get(g);
        if (value === undefined) {
          const values = present((k) => groups[k] === g);
          value = spec.method === 'groupMean' ? mean(values) : median(values);
          byGroup.set(g, value);
        }
        fill(i, value);
      }
      break;
    }
    case 'latest':
    case 'linear': {
      const periods = context.periods;
      if (!periods) break;
      const { columns, current } = periods;
      for (const i of missing) {
        let before = -1;
        for (let p = current - 1; p >= 0; p--)
          if (!Number.isNaN(columns[p]?.[i] ?? Number.NaN)) {
            before = p;
            break;
          }
        const valueAt = (p: number): number => (columns[p]?.[i] as number | undefined) ?? Number.NaN;
        if (spec.method === 'latest') {
          if (before >= 0) fill(i, valueAt(before));
          continue;
        }
        let after = -1;
        for (let p = current + 1; p < columns.length; p++)
          if (!Number.isNaN(columns[p]?.[i] ?? Number.NaN)) {
            after = p;
            break;
          }
        if (before >= 0 && after >= 0) {
          const a = valueAt(before);
          const b = valueAt(after);
          fill(i, a + ((b - a) * (current - before)) / (after - before));
        } else if (before >= 0) fill(i, valueAt(before));
        else if (after >= 0) fill(i, valueAt(after));
      }
      break;
    }
  }
  return { x, filled };
}
