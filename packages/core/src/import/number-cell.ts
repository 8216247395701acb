/**
 * Numbers as bureaus type them: full-width digits (１２３４．５), thousands separators (1,234.5 and
 * 1，234), spaces, a minus written − or －, accounting negatives ((1,234) = −1234), a percent sign,
 * placeholders for "no figure" (-, —, /, 无). Excel numbers pass through unchanged.
 */
import { hasFullWidth, removeSpaces, toHalfWidth } from '../validators/full-width.ts';
import { noteFullWidth, noteTrimmed, type RawCell } from './cell-text.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';

export type NumberOptions = {
  /**
   * How the column is measured. `number` (default): "3.5%" is read as 0.035. `percent`: the column is
   * in percent points, so "3.5%" and "3.5" are both 3.5.
   */
  scale?: 'number' | 'percent';
  integer?: boolean;
  min?: number;
  max?: number;
};

const placeholders = new Set(['-', '--', '—', '——', '–', '/', '\\', '无', '空', 'N/A', 'NA', '#N/A']);

export const noteThousands = '去除千分位分隔符 / thousands separators removed';

/** Removes float noise from unit conversions: 1.1 × 10000 = 11000.000000000002 → 11000. */
export function cleanFloat(value: number): number {
  return Number(value.toPrecision(15));
}

/**
 * Parses the numeric text of a cell, without range checks. Returns the number and notes, an error
 * reason, or null for an empty or placeholder cell. `suffix` holds any trailing non-numeric text
 * (a unit) when `allowSuffix` is set.
 */
export function parseNumberText(
  text: string,
  options: { allowSuffix?: boolean } = {},
): { value: number | null; notes: string[]; suffix: string; percent: boolean } | { error: string } {
  const notes: string[] = [];
  let t = text;
  if (hasFullWidth(t)) {
    t = toHalfWidth(t);
    notes.push(noteFullWidth);
  }
  const compact = removeSpaces(t);
  if (compact !== t) notes.push(noteTrimmed);
  t = compact.replace(/[\u2212\u2012\u2013]/g, '-');
  if (t !== compact) notes.push('负号规范为“-” / minus sign normalised');
  if (t === '') return { value: null, notes, suffix: '', percent: false };
  if (placeholders.has(t.toUpperCase())) {
    return {
      value: null,
      notes: [...notes, `“${t}”视为空 / “${t}” read as empty`],
      suffix: '',
      percent: false,
    };
  }
  let negative = false;
  const accounting = /^\((.*)\)$/.exec(t);
  if (accounting?.[1] !== undefined) {
    negative = true;
    t = accounting[1];
    notes.push('括号表示负数 / parentheses read as a negative number');
  }
  const m = /^([-+]?)(\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE]([-+]?\d+))?(%?)(.*)$/.exec(t);
  if (!m) return { error: `“${text}”不是数字 / “${text}” is not a number` };
  const [, sign = '', digits = '', exponent, percentSign = '', suffix = ''] = m;
  if (suffix !== '' && !options.allowSuffix) {
    return { error: `“${text}”不是数字 / “${text}” is not a number` };
  }
  let plain = digits;
  if (digits.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(digits)) {
      return {
        error: `“${text}”的千分位逗号位置不对 / “${text}” has misplaced thousands separators`,
      };
    }
    plain = digits.replace(/,/g, '');
    notes.push(noteThousands);
  }
  let value = Number(`${plain}${exponent !== undefined ? `e${exponent}` : ''}`);
  if (!Number.isFinite(value)) return { error: `“${text}”不是有限数字 / “${text}” is not a finite number` };
  if (sign === '-') value = -value;
  if (negative) value = -value;
  return { value, notes, suffix, percent: percentSign === '%' };
}

function checkRange(value: number, options: NumberOptions): string | null {
  if (options.integer && !Number.isInteger(value)) return `应为整数 / must be a whole number`;
  if (options.min !== undefined && value < options.min)
    return `不能小于 ${options.min} / must be at least ${options.min}`;
  if (options.max !== undefined && value > options.max)
    return `不能大于 ${options.max} / must be at most ${options.max}`;
  return null;
}

/** A numeric cell. Empty and placeholder cells give null (whether that is allowed is the column's business). */
export function normaliseNumber(raw: RawCell, options: NumberOptions = {}): CellResult<number | null> {
  if (raw === null || raw === undefined) return cellOk(null);
  if (typeof raw === 'boolean' || raw instanceof Date) {
    return cellError(`应为数字 / expected a number`);
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return cellError('不是有限数字 / not a finite number');
    const problem = checkRange(raw, options);
    return problem ? cellError(problem) : cellOk(raw);
  }
  const parsed = parseNumberText(raw);
  if ('error' in parsed) return cellError(parsed.error);
  if (parsed.value === null) return cellOk(null, parsed.notes);
  let value = parsed.value;
  const notes = parsed.notes;
  if (parsed.percent) {
    if (options.scale === 'percent') {
      notes.push('去除百分号 / percent sign removed');
    } else {
      value = cleanFloat(value / 100);
      notes.push(`百分数换算为小数（÷100） / percentage converted to a fraction (÷100)`);
    }
  }
  const problem = checkRange(value, options);
  return problem ? cellError(problem) : cellOk(value, notes);
}
