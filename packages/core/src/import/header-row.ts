/**
 * Finding the header row of a sheet as bureaus make it: a title row ("2024年潍坊市集群企业名单"), a
 * "填报单位：…" row or blank rows may come first. Each of the first rows is scored by how many of the
 * expected columns it names (by header or alias, compared after removing spaces, line breaks, a
 * required-field star and a bracketed unit); the best-scoring row wins, the earliest on a tie. The
 * unit in each matched header ("营业收入（亿元）") is kept for amount conversion.
 */
import { removeSpaces, toHalfWidth } from '../validators/full-width.ts';
import { type AmountUnit, unitFromHeader } from './amount-cell.ts';
import { cellDisplay, type RawCell } from './cell-text.ts';
import { columnLetter, type ImportIssue } from './import-issue.ts';

export type HeaderSpec = {
  key: string;
  /** The header as the template writes it, without unit ("营业收入"). */
  header: string;
  aliases?: readonly string[];
  required?: boolean;
};

export type HeaderMatch = {
  /** 0-based index of the header row in the grid. */
  rowIndex: number;
  /** Column index (0-based) of each matched key. */
  columns: Record<string, number>;
  /** The header text as written in the file, by key. */
  headers: Record<string, string>;
  /** The money unit named in the header, by key (null when none). */
  units: Record<string, AmountUnit | null>;
  /** Required keys not found. */
  missing: string[];
  /** Non-empty header cells that match no expected column (0-based index and text). */
  unknown: { index: number; header: string }[];
  /** Keys named by more than one column (the first is used). */
  duplicates: { key: string; indexes: number[] }[];
};

/** Header text reduced for comparison: 营业收入（亿元）* → 营业收入; "企业 名称" → 企业名称. */
export function headerKey(text: string): string {
  let t = removeSpaces(toHalfWidth(text));
  t = t.replace(/^\*+|\*+$/g, '');
  t = t.replace(/[(（【[][^()（）【】[\]]*[)）】\]]/g, '');
  t = t.replace(/单位[:：].*$/, '');
  t = t.replace(/[/]([^/]*)$/, (whole, unit: string) => (unitFromHeader(`(${unit})`) ? '' : whole));
  return t.replace(/[:：]$/, '').toLowerCase();
}

function buildIndex(specs: readonly HeaderSpec[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const spec of specs) {
    for (const name of [spec.header, ...(spec.aliases ?? [])]) {
      const k = headerKey(name);
      if (!index.has(k)) index.set(k, spec.key);
    }
  }
  return index;
}

function matchRow(row: readonly RawCell[], index: Map<string, string>): Map<string, number[]> {
  const found = new Map<string, number[]>();
  row.forEach((cell, i) => {
    const text = cellDisplay(cell);
    if (text === null || cell instanceof Date) return;
    const key = index.get(headerKey(text));
    if (key === undefined) return;
    const list = found.get(key) ?? [];
    list.push(i);
    found.set(key, list);
  });
  return found;
}

/**
 * The header row among the first `maxScanRows` rows (default 30), or null when no row names at least
 * two expected columns (one when only one is expected).
 */
export function detectHeaderRow(
  rows: readonly (readonly RawCell[])[],
  specs: readonly HeaderSpec[],
  options: { maxScanRows?: number } = {},
): HeaderMatch | null {
  const index = buildIndex(specs);
  const limit = Math.min(rows.length, options.maxScanRows ?? 30);
  const threshold = Math.min(2, specs.length);
  let best: { rowIndex: number; found: Map<string, number[]> } | null = null;
  for (let r = 0; r < limit; r++) {
    const found = matchRow(rows[r] ?? [], index);
    if (found.size >= threshold && (best === null || found.size > best.found.size))
      best = { rowIndex: r, found };
  }
  if (!best) return null;
  const row = rows[best.rowIndex] ?? [];
  const columns: Record<string, number> = {};
  const headers: Record<string, string> = {};
  const units: Record<string, AmountUnit | null> = {};
  const duplicates: { key: string; indexes: number[] }[] = [];
  const used = new Set<number>();
  for (const [key, indexes] of best.found) {
    const first = indexes[0] ?? 0;
    columns[key] = first;
    const text = cellDisplay(row[first] ?? null) ?? '';
    headers[key] = text;
    units[key] = unitFromHeader(text);
    for (const i of indexes) used.add(i);
    if (indexes.length > 1) duplicates.push({ key, indexes });
  }
  const unknown: { index: number; header: string }[] = [];
  row.forEach((cell, i) => {
    const text = cellDisplay(cell);
    if (text !== null && text.trim() !== '' && !used.has(i)) unknown.push({ index: i, header: text });
  });
  const missing = specs.filter((s) => s.required && columns[s.key] === undefined).map((s) => s.key);
  return { rowIndex: best.rowIndex, columns, headers, units, missing, unknown, duplicates };
}

/**
 * Issues for a header match: no header row at all, missing required columns, duplicated columns.
 * `firstRowNumber` is the Excel row number of `rows[0]` (1 unless the grid starts lower).
 */
export function headerIssues(
  sheet: string,
  match: HeaderMatch | null,
  specs: readonly HeaderSpec[],
  firstRowNumber = 1,
): ImportIssue[] {
  if (!match) {
    const expected = specs
      .filter((s) => s.required)
      .map((s) => s.header)
      .join('、');
    return [
      {
        sheet,
        row: 0,
        column: '',
        value: null,
        reason: `找不到表头行（应包含：${expected}） / no header row found (expected columns: ${expected})`,
      },
    ];
  }
  const row = match.rowIndex + firstRowNumber;
  const issues: ImportIssue[] = [];
  for (const key of match.missing) {
    const spec = specs.find((s) => s.key === key);
    const name = spec?.header ?? key;
    issues.push({
      sheet,
      row,
      column: '',
      value: null,
      reason: `缺少必填列“${name}” / required column “${name}” is missing`,
    });
  }
  for (const dup of match.duplicates) {
    const letters = dup.indexes.map(columnLetter).join(', ');
    const name = specs.find((s) => s.key === dup.key)?.header ?? dup.key;
    for (const i of dup.indexes.slice(1)) {
      issues.push({
        sheet,
        row,
        column: columnLetter(i),
        header: match.headers[dup.key],
        value: match.headers[dup.key] ?? null,
        reason: `列“${name}”重复出现（${letters}） / column “${name}” appears more than once (${letters})`,
      });
    }
  }
  return issues;
}

/**
 * The sheet holding the data when a workbook has several (an instruction sheet "填表说明" before the
 * data sheet, a code list after it): the one whose header row names the most expected columns, the
 * first on a tie. Null when no sheet has a header row.
 */
export function chooseDataSheet(
  sheets: readonly { name: string; rows: readonly (readonly RawCell[])[] }[],
  specs: readonly HeaderSpec[],
): { name: string; header: HeaderMatch } | null {
  let best: { name: string; header: HeaderMatch } | null = null;
  for (const sheet of sheets) {
    const header = detectHeaderRow(sheet.rows, specs);
    if (
      header &&
      (best === null || Object.keys(header.columns).length > Object.keys(best.header.columns).length)
    ) {
      best = { name: sheet.name, header };
    }
  }
  return best;
}
