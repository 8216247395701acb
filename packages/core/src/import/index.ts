// Pure normalisation of imported cells and sheets: values as bureaus type them, header and footer
// rows, and issues as data. An import on the server goes:
//
//   sniffFileKind(first bytes)            refuse .xls / WPS .et / PDF / binary with a reason
//   detectTextEncoding(sample)            CSV: UTF-8 or GB18030
//   chooseDataSheet(first rows of sheets) skip an instruction sheet
//   createSheetNormaliser({ sheet, columns }) then push(rowNumber, flattenCell(...) per cell) per
//                                         streamed row, end(): records, ImportIssue[], ImportNotice[]
//   createDuplicateTracker(...)           duplicates inside the file, row by row
//   createNoticeSummary()                 what was normalised, counted per column
//
// Every cell normaliser returns CellResult: { ok: true, value, normalised: string | null } or
// { ok: false, reason } with the reason in Chinese and English.
export * from './amount-cell.ts';
export * from './boolean-cell.ts';
export * from './cell-text.ts';
export * from './credit-code-cell.ts';
export * from './data-rows.ts';
export * from './date-cell.ts';
export * from './file-kind.ts';
export * from './formula-injection.ts';
export * from './header-row.ts';
export * from './import-issue.ts';
export * from './lookup-cell.ts';
export * from './number-cell.ts';
export * from './period-cell.ts';
export * from './sheet-normaliser.ts';
