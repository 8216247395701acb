/**
 * The cell normaliser of one column, with shortcuts for the cells a large clean file is made of
 * (ADR 0010, "one pass"): a plain ASCII number ("792.9", "-12") and a plain ASCII text ("91370…",
 * "revenue") are read without the full normaliser's passes over full-width digits, spaces,
 * separators and placeholders, and the answers for the columns with a small vocabulary (periods,
 * lookups, codes: "2024", "企业") are remembered per distinct text. Anything else goes to
 * `normaliseCell`, so the rules stay in one place; a property test checks that every shortcut
 * answers exactly what `normaliseCell` answers.
 */
import type { AmountUnit } from './amount-cell.ts';
import type { RawCell } from './cell-text.ts';
import { type CellResult, cellOk } from './import-issue.ts';
import { type CellValue, type ColumnType, normaliseCell } from './sheet-normaliser.ts';

/** An optional sign, an integer part without leading zeros, an optional fraction: read by `Number`. */
const plainNumber = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?$/;
/** Printable ASCII without any space: nothing to trim, no full-width form, one character per unit. */
const plainText = /^[\x21-\x7e]+$/;
/** Distinct texts remembered per column (a period or lookup column has a handful). */
const maxRemembered = 4096;

export type CellNormaliser = (raw: RawCell) => CellResult<CellValue>;

export function createCellNormaliser(
  column: ColumnType,
  headerUnit: AmountUnit | null = null,
  date1904 = false,
): CellNormaliser {
  const full: CellNormaliser = (raw) => normaliseCell(column, raw, headerUnit, date1904);
  switch (column.type) {
    case 'number': {
      if (column.integer || column.min !== undefined || column.max !== undefined) return full;
      return (raw) => (typeof raw === 'string' && plainNumber.test(raw) ? cellOk(Number(raw)) : full(raw));
    }
    case 'text': {
      const { maxLength } = column;
      return (raw) =>
        typeof raw === 'string' && (maxLength === undefined || raw.length <= maxLength) && plainText.test(raw)
          ? cellOk(raw)
          : full(raw);
    }
    case 'period':
    case 'lookup':
    case 'code': {
      // pure functions of the text: the same text gets the same (immutable) answer
      const remembered = new Map<string, CellResult<CellValue>>();
      return (raw) => {
        if (typeof raw !== 'string') return full(raw);
        const known = remembered.get(raw);
        if (known !== undefined) return known;
        const result = full(raw);
        if (remembered.size < maxRemembered) remembered.set(raw, result);
        return result;
      };
    }
    default:
      return full;
  }
}
