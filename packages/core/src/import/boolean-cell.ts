/** Yes/no cells: 是/否, Y/N, yes/no, true/false, 1/0, √/×, ✓/✗, 有/无; Excel booleans pass through. */
import { removeSpaces, toHalfWidth } from '../validators/full-width.ts';
import type { RawCell } from './cell-text.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';

const yes = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '✔', '☑', '有', '对', 'T']);
const no = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '✗', '✘', '☐', '无', '不是', '没有', 'F']);

export function normaliseBoolean(raw: RawCell): CellResult<boolean | null> {
  if (raw === null || raw === undefined) return cellOk(null);
  if (typeof raw === 'boolean') return cellOk(raw);
  if (raw instanceof Date) return cellError('应为“是”或“否” / expected yes or no');
  const text = removeSpaces(toHalfWidth(String(raw))).toUpperCase();
  if (text === '') return cellOk(null);
  if (yes.has(text))
    return cellOk(true, text === '是' || text === 'TRUE' ? [] : [`“${raw}”读作“是” / “${raw}” read as yes`]);
  if (no.has(text))
    return cellOk(false, text === '否' || text === 'FALSE' ? [] : [`“${raw}”读作“否” / “${raw}” read as no`]);
  return cellError(`“${raw}”应为“是”或“否” / “${raw}” should be 是 (yes) or 否 (no)`);
}
