// Targets: versioned target sets, progress towards a target (status, calculation, forecast) and the
// 3830 view. docs/methods/target-progress.md explains the method.

export * from './cluster-state.ts';
export * from './dates.ts';
export * from './forecast.ts';
export * from './pattern-3830.ts';
export * from './policy-target-set.ts';
export * from './progress.ts';
export * from './student-t.ts';
export * from './target.contract.ts';
export * from './target-set-status.ts';
export * from './tasks.contract.ts';
