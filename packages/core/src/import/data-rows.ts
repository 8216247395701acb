/**
 * The data rows under a header: blank rows are skipped, and the table ends at the first footer row
 * bureaus add under their data: "填表人：…", "审核人：…", "单位负责人：…", "联系电话：…", "填表日期：…",
 * a "合计"/"总计" totals row, or a "注：…"/"说明：…" note. Anything that is not blank after the
 * footer is reported, since a second table in the same sheet would otherwise be silently dropped.
 */
import { removeSpaces, toHalfWidth } from '../validators/full-width.ts';
import { cellDisplay, isBlankCell, type RawCell } from './cell-text.ts';
import type { ImportIssue } from './import-issue.ts';

const footerLead =
  /^(填表人|填报人|制表人|审核人|审核|复核人|负责人|单位负责人|统计负责人|主管领导|联系人|联系电话|电话|填表日期|填报日期|报出日期|日期[:：]|合计|总计|小计|注[:：]|备注[:：]|说明[:：]|填表说明)/;
const footerAnywhere = /^(填表人|填报人|制表人|审核人|单位负责人|统计负责人)[:：]/;

function cellKey(cell: RawCell): string {
  const text = cellDisplay(cell);
  return text === null ? '' : removeSpaces(toHalfWidth(text));
}

export function isBlankRow(row: readonly RawCell[]): boolean {
  return row.every(isBlankCell);
}

/**
 * True for a footer row: its first non-empty cell starts with a footer label (填表人, 合计, 注：…), or
 * any of its cells starts with a signature label followed by a colon ("填表人：张三" in column D).
 */
export function isFooterRow(row: readonly RawCell[]): boolean {
  const first = row.find((c) => !isBlankCell(c));
  if (first === undefined) return false;
  if (footerLead.test(cellKey(first))) return true;
  return row.some((c) => typeof c === 'string' && /[:：]/.test(c) && footerAnywhere.test(cellKey(c)));
}

export type DataRow = {
  /** Excel row number (1-based). */
  rowNumber: number;
  cells: readonly RawCell[];
};

export type DataRows = {
  rows: DataRow[];
  /** Excel row number of the first footer row, null when the table runs to the end of the sheet. */
  footerRowNumber: number | null;
  /** Excel row numbers of blank rows skipped inside the table. */
  blankRowNumbers: number[];
  issues: ImportIssue[];
};

/**
 * Row-at-a-time version for streamed sheets: feed the rows after the header in order; each call says
 * whether the row is data, is skipped (blank or footer), or is an issue (data after the footer).
 */
export function createDataRowFilter(sheet: string) {
  let footerRowNumber: number | null = null;
  return {
    next(
      rowNumber: number,
      cells: readonly RawCell[],
    ): { kind: 'data' } | { kind: 'blank' } | { kind: 'footer' } | { kind: 'issue'; issue: ImportIssue } {
      if (isBlankRow(cells)) return { kind: 'blank' };
      if (isFooterRow(cells)) {
        footerRowNumber ??= rowNumber;
        return { kind: 'footer' };
      }
      if (footerRowNumber !== null) {
        return {
          kind: 'issue',
          issue: {
            sheet,
            row: rowNumber,
            column: '',
            value: null,
            reason: `表尾（第 ${footerRowNumber} 行）之后还有数据，请删除或移到表尾之前 / data after the footer (row ${footerRowNumber}): delete it or move it above the footer`,
          },
        };
      }
      return { kind: 'data' };
    },
    /** Excel row number of the first footer row seen so far. */
    get footerRowNumber(): number | null {
      return footerRowNumber;
    },
  };
}

/**
 * The data rows after `headerIndex` (0-based index into `rows`). `firstRowNumber` is the Excel row
 * number of `rows[0]`.
 */
export function extractDataRows(
  sheet: string,
  rows: readonly (readonly RawCell[])[],
  headerIndex: number,
  firstRowNumber = 1,
): DataRows {
  const out: DataRow[] = [];
  const blankRowNumbers: number[] = [];
  const issues: ImportIssue[] = [];
  const filter = createDataRowFilter(sheet);
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    const rowNumber = i + firstRowNumber;
    const kind = filter.next(rowNumber, cells);
    if (kind.kind === 'data') out.push({ rowNumber, cells });
    else if (kind.kind === 'issue') issues.push(kind.issue);
    else if (kind.kind === 'blank' && filter.footerRowNumber === null) blankRowNumbers.push(rowNumber);
  }
  // blank rows at the very end of the table are not "inside" it
  const lastData = out.at(-1)?.rowNumber ?? 0;
  return {
    rows: out,
    footerRowNumber: filter.footerRowNumber,
    blankRowNumbers: blankRowNumbers.filter((n) => n < lastData),
    issues,
  };
}
