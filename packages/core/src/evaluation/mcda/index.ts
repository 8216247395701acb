// Multi-criteria methods on a decision matrix: TOPSIS, VIKOR, GRA, WSM, WPM.
export * from './decision-matrix.ts';
export * from './gra.ts';
export * from './normalisation.ts';
export * from './run-mcda.ts';
export * from './topsis.ts';
export * from './types.ts';
export * from './vikor.ts';
export * from './wsm-wpm.ts';
