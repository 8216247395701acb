// Code validators: the unified social credit code (GB 32100-2015) and the text folding it needs.
export * from './credit-code.ts';
export * from './credit-code-generator.ts';
export * from './full-width.ts';
