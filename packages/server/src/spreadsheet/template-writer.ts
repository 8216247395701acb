/**
 * Import templates (.xlsx) written with ExcelJS: an instruction sheet (填表说明) first, then the data
 * sheet with Chinese headers (required ones marked *), a note on every header, a frozen header row,
 * column widths, text format for codes (a credit code typed into a General cell loses its digits),
 * and drop-down lists for coded columns. A list short enough for Excel's 255-character inline limit
 * is written inline; a longer one refers to a range on a hidden sheet (代码表).
 */
import ExcelJS from 'exceljs';

export type TemplateColumnType =
  | 'text'
  | 'code'
  | 'creditCode'
  | 'number'
  | 'integer'
  | 'percent'
  | 'amount'
  | 'date'
  | 'boolean'
  | 'period';

export type TemplateColumn = {
  key: string;
  /** Chinese header as core's header matching expects it (without unit or *). */
  header: string;
  required: boolean;
  type: TemplateColumnType;
  /** Unit shown in the header: 营业收入（万元）. */
  unit?: string;
  /** Allowed values: a drop-down list. */
  allowedValues?: readonly string[];
  /** What to enter, shown as the header's note and on the instruction sheet. */
  note?: string;
  /** An example value for the instruction sheet. */
  example?: string;
  /** Column width in characters; a default from the header and type otherwise. */
  width?: number;
};

export type TemplateDefinition = {
  /** Title of the instruction sheet: 企业名录导入模板 / Enterprise roster import template. */
  title: string;
  /** Name of the data sheet: 企业名录. */
  sheetName: string;
  columns: readonly TemplateColumn[];
  /** Extra rules shown on the instruction sheet, one per line. */
  instructions?: readonly string[];
  /** Rows covered by drop-downs and formats (default 5,000). */
  rows?: number;
};

export const instructionSheetName = '填表说明';
export const codeListSheetName = '代码表';
/** Excel refuses an inline list formula longer than 255 characters. */
const inlineListLimit = 255;

const typeLabels: Record<TemplateColumnType, string> = {
  text: '文本 / text',
  code: '代码 / code',
  creditCode: '统一社会信用代码（18位）/ unified social credit code (18 characters)',
  number: '数字 / number',
  integer: '整数 / integer',
  percent: '百分比，如 3.5% / percentage, e.g. 3.5%',
  amount: '金额 / amount',
  date: '日期，如 2024-03-15 / date, e.g. 2024-03-15',
  boolean: '是 / 否 (yes / no)',
  period: '期间，如 2024、2024Q3、2024M09YTD / period, e.g. 2024, 2024Q3, 2024M09YTD',
};

const numberFormats: Partial<Record<TemplateColumnType, string>> = {
  text: '@',
  code: '@',
  creditCode: '@',
  period: '@',
  date: 'yyyy-mm-dd',
  percent: '0.00%',
};

/** The header as written in the template: 营业收入（万元）, with * in front when required. */
export function templateHeader(column: TemplateColumn): string {
  return `${column.required ? '*' : ''}${column.header}${column.unit ? `（${column.unit}）` : ''}`;
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
  return width;
}

function defaultWidth(column: TemplateColumn): number {
  const header = displayWidth(templateHeader(column)) + 2;
  const byType = column.type === 'creditCode' ? 22 : column.type === 'date' ? 12 : 10;
  const byValues = Math.max(0, ...(column.allowedValues ?? []).map((v) => displayWidth(v) + 3));
  return Math.min(60, Math.max(header, byType, byValues));
}

function noteText(column: TemplateColumn): string {
  const lines = [
    `${column.required ? '必填 / required' : '选填 / optional'}：${typeLabels[column.type]}`,
    ...(column.unit ? [`单位 / unit：${column.unit}`] : []),
    ...(column.note ? [column.note] : []),
    ...(column.allowedValues ? ['请从下拉列表中选择 / choose from the drop-down list'] : []),
  ];
  return lines.join('\n');
}

/** Writes the template workbook and returns its bytes. */
export async function writeImportTemplate(definition: TemplateDefinition): Promise<Buffer> {
  const rows = definition.rows ?? 5000;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qunce 群策';
  // Printed or exported to PDF: A4 landscape, one page wide.
  const pageSetup: Partial<ExcelJS.PageSetup> = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  };
  const instructions = workbook.addWorksheet(instructionSheetName, { pageSetup });
  const data = workbook.addWorksheet(definition.sheetName, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
    pageSetup: { ...pageSetup, printTitlesRow: '1:1' },
  });

  const instructionWidths = [24, 16, 34, 12, 40, 50, 20];
  instructions.columns = instructionWidths.map((width) => ({ width }));
  const totalWidth = instructionWidths.reduce((a, b) => a + b, 0);
  /** Row height for wrapped text: 15 points a line, lines estimated from display widths. */
  const heightFor = (texts: readonly string[], widths: readonly number[]) =>
    15 *
    Math.max(
      1,
      ...texts.map((text, i) => Math.ceil(displayWidth(text) / Math.max(1, (widths[i] ?? 10) - 1))),
    );
  const title = instructions.addRow([definition.title]);
  title.font = { bold: true, size: 14 };
  instructions.mergeCells(1, 1, 1, 7);
  const rules = [
    `数据填写在“${definition.sheetName}”工作表，第 1 行是表头，请勿修改表头、勿删除列；本说明页导入时会被跳过。 / Fill in the sheet "${definition.sheetName}"; row 1 is the header: do not change it or remove columns. This sheet is skipped on import.`,
    '带 * 的列必填；有下拉列表的列请从列表中选择。 / Columns marked * are required; choose coded values from the drop-down lists.',
    '保存为 .xlsx（不要存为 .xls 或 .et）；也可另存为 CSV (UTF-8)。 / Save as .xlsx (not .xls or .et), or as CSV (UTF-8).',
    ...(definition.instructions ?? []),
  ];
  for (const rule of rules) {
    const row = instructions.addRow([rule]);
    instructions.mergeCells(row.number, 1, row.number, 7);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = heightFor([rule], [totalWidth]);
  }
  instructions.addRow([]);
  const tableHeader = instructions.addRow([
    '列名 / column',
    '必填 / required',
    '类型 / type',
    '单位 / unit',
    '可选值 / allowed values',
    '说明 / note',
    '示例 / example',
  ]);
  tableHeader.font = { bold: true };
  tableHeader.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  for (const column of definition.columns) {
    const values = column.allowedValues ?? [];
    const shown =
      values.length > 20
        ? `${values.slice(0, 20).join('、')} …（共 ${values.length} 项）`
        : values.join('、');
    const texts = [
      templateHeader(column),
      column.required ? '是' : '否',
      typeLabels[column.type],
      column.unit ?? '',
      shown,
      column.note ?? '',
      column.example ?? '',
    ];
    const row = instructions.addRow(texts);
    row.eachCell((cell) => {
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
    row.height = heightFor(texts, instructionWidths);
  }

  // Long lists go to a hidden sheet, one column per list.
  let codeList: ExcelJS.Worksheet | null = null;
  let codeListColumns = 0;
  const listFormula = (values: readonly string[]): string => {
    const inline = `"${values.join(',')}"`;
    if (inline.length <= inlineListLimit && values.every((v) => !v.includes(',') && !v.includes('"')))
      return inline;
    if (!codeList) {
      codeList = workbook.addWorksheet(codeListSheetName, { state: 'hidden' });
    }
    const sheet: ExcelJS.Worksheet = codeList;
    codeListColumns++;
    const column = sheet.getColumn(codeListColumns);
    values.forEach((value, i) => {
      sheet.getCell(i + 1, codeListColumns).value = value;
    });
    const letter = column.letter;
    return `'${codeListSheetName}'!$${letter}$1:$${letter}$${values.length}`;
  };

  data.columns = definition.columns.map((column) => ({
    key: column.key,
    width: column.width ?? defaultWidth(column),
  }));
  // ExcelJS supports range validations (sqref B2:B5001) but its typings omit `dataValidations`.
  const validations = (
    data as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }
  ).dataValidations;
  const header = data.getRow(1);
  definition.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = templateHeader(column);
    cell.font = { bold: true, color: { argb: column.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.note = noteText(column);
    const format = numberFormats[column.type];
    const letter = data.getColumn(i + 1).letter;
    // A column style: Excel applies it to every cell typed into the column.
    if (format) data.getColumn(i + 1).numFmt = format;
    if (column.allowedValues && column.allowedValues.length > 0) {
      validations.add(`${letter}2:${letter}${rows + 1}`, {
        type: 'list',
        allowBlank: !column.required,
        formulae: [listFormula(column.allowedValues)],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '无效的值 / invalid value',
        error: '请从下拉列表中选择 / choose a value from the list',
      });
    } else if (column.type === 'boolean') {
      validations.add(`${letter}2:${letter}${rows + 1}`, {
        type: 'list',
        allowBlank: !column.required,
        formulae: ['"是,否"'],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '无效的值 / invalid value',
        error: '请填“是”或“否” / enter 是 (yes) or 否 (no)',
      });
    }
  });
  header.height = 30;

  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}
