// Data collection: data sets, periods, submissions, validation rules and completeness (issue 5).
export * from './collection.contract.ts';
export * from './collection-rules.ts';
