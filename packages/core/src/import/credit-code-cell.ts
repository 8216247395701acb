/** Credit-code cells: validated and normalised; a code Excel turned into a number is refused with the cause. */
import { validateCreditCode } from '../validators/credit-code.ts';
import type { RawCell } from './cell-text.ts';
import { type CellResult, cellError, cellOk } from './import-issue.ts';

export function normaliseCreditCodeCell(raw: RawCell): CellResult<string | null> {
  if (raw === null || raw === undefined) return cellOk(null);
  if (typeof raw === 'boolean' || raw instanceof Date)
    return cellError('应为统一社会信用代码 / expected a credit code');
  if (typeof raw === 'number') {
    return cellError(
      '统一社会信用代码被 Excel 存成了数字，末几位已丢失，请把该列设为文本后重新填写 / Excel stored the credit code as a number and lost its last digits: format the column as text and type it again',
    );
  }
  const result = validateCreditCode(raw);
  if (!result.ok) return result.problem === 'empty' ? cellOk(null) : cellError(result.reason);
  return cellOk(
    result.normalised,
    result.changed
      ? ['代码已规范（去空格、全角转半角、转大写） / code normalised (spaces, full-width, upper case)']
      : [],
  );
}
