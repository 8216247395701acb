// The file layer of imports and exports: reading uploaded .xlsx and CSV files as rows, refusing
// what is not a workbook, and writing templates, error workbooks and exports.
export * from './csv-reader.ts';
export * from './error-workbook.ts';
export * from './export-writer.ts';
export * from './number-format.ts';
export * from './spreadsheet-source.ts';
export * from './template-writer.ts';
export * from './upload-check.ts';
export * from './xlsx-reader.ts';
export * from './zip-reader.ts';
export * from './zip-writer.ts';
