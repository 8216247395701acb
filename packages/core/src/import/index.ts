// Pure normalisation of imported cells and sheets: values as bureaus type them, header and footer
// rows, and issues as data.
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
