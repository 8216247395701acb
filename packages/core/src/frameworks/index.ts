// Stored evaluation frameworks: the definition shape, metric-name mapping and framework v1.

export * from './evaluation-run.contract.ts';
export * from './framework-definition.ts';
export * from './framework-v1.reference.ts';
export * from './framework-v1.ts';
export * from './score-spread.ts';
