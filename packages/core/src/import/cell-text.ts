/**
 * Cell values as a workbook or CSV reader hands them over, and the text normalisations every other
 * normaliser starts from. Readers flatten formula cells to their cached result, rich text to its
 * plain text and hyperlinks to their text (`flattenCell` does this for ExcelJS-shaped values).
 */
import { hasFullWidth, removeSpaces, toHalfWidth, trimSpaces } from '../validators/full-width.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';

export type RawCell = string | number | boolean | Date | null | undefined;

export const noteTrimmed = '去除多余空格 / extra spaces removed';
export const noteFullWidth = '全角字符转为半角 / full-width characters made half-width';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** True for an Excel number format that shows a percentage ("0.00%"), ignoring quoted literals. */
export function isPercentFormat(numberFormat: string): boolean {
  return numberFormat
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .includes('%');
}

/**
 * Flattens a cell value of a workbook reader into a `RawCell`: a formula cell gives its cached
 * `result` (a formula without a cached result gives null), rich text the concatenation of its runs,
 * a hyperlink its `text`, an error cell (#N/A, #DIV/0!) its error text as a string. With the cell's
 * number format, a number shown as a percentage is handed over as the percentage text ("3.5%").
 */
export function flattenCell(value: unknown, numberFormat?: string): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && numberFormat !== undefined && isPercentFormat(numberFormat)) {
    // 0.035 shown as 3.5%: hand over what the user sees, so that a percent column reads 3.5 and a
    // plain number column 0.035
    return `${Number((value * 100).toPrecision(15))}%`;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (isRecord(value)) {
    if ('formula' in value || 'sharedFormula' in value) return flattenCell(value.result, numberFormat);
    if (Array.isArray(value.richText)) {
      return value.richText
        .map((run: unknown) => (isRecord(run) && typeof run.text === 'string' ? run.text : ''))
        .join('');
    }
    if ('hyperlink' in value || 'text' in value) return flattenCell(value.text);
    if (typeof value.error === 'string') return value.error;
  }
  return String(value);
}

/** The cell as the user sees it, for issue messages: null for an empty cell. */
export function cellDisplay(raw: RawCell): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime()) ? 'Invalid Date' : raw.toISOString().slice(0, 10);
  const text = String(raw);
  return text === '' ? null : text;
}

/** True for null, undefined and strings made only of spaces. */
export function isBlankCell(raw: RawCell): boolean {
  if (raw === null || raw === undefined) return true;
  return typeof raw === 'string' && removeSpaces(raw) === '';
}

/**
 * Free text (names, addresses): leading and trailing spaces of every kind removed, inner runs of
 * spaces and line breaks folded into one space. Full-width characters are kept: 腾讯科技（深圳）有限公司
 * is written with full-width brackets in its legal name. Empty → null.
 */
export function normaliseText(raw: RawCell, options: { maxLength?: number } = {}): CellResult<string | null> {
  if (raw === null || raw === undefined) return cellOk(null);
  if (raw instanceof Date) return cellError('应为文本，实际是日期 / expected text, found a date');
  const text = typeof raw === 'string' ? raw : String(raw);
  const cleaned = trimSpaces(text);
  if (cleaned === '') return cellOk(null);
  if (options.maxLength !== undefined && [...cleaned].length > options.maxLength) {
    return cellError(`超过 ${options.maxLength} 个字符 / longer than ${options.maxLength} characters`);
  }
  return cellOk(cleaned, cleaned !== text ? [noteTrimmed] : []);
}

/**
 * Codes (cluster codes, metric codes, 6-digit division codes): full-width folded to half-width, every
 * space removed, letters upper-cased. Numbers are written without a decimal part. Empty → null.
 */
export function normaliseCode(raw: RawCell): CellResult<string | null> {
  if (raw === null || raw === undefined) return cellOk(null);
  if (raw instanceof Date) return cellError('应为代码，实际是日期 / expected a code, found a date');
  if (typeof raw === 'boolean') return cellError('应为代码 / expected a code');
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) {
      return cellError(
        '代码被存成了数字，可能已丢失位数，请把该列设为文本 / the code was stored as a number and may have lost digits: format the column as text',
      );
    }
    return cellOk(String(raw));
  }
  const notes: string[] = [];
  let text = raw;
  if (hasFullWidth(text)) {
    text = toHalfWidth(text);
    notes.push(noteFullWidth);
  }
  const compact = removeSpaces(text);
  if (compact !== text) notes.push(noteTrimmed);
  if (compact === '') return cellOk(null);
  const upper = compact.toUpperCase();
  if (upper !== compact) notes.push('字母转为大写 / letters upper-cased');
  return cellOk(upper, notes);
}
