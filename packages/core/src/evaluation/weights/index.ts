// Weighting methods: given, equal, entropy, CRITIC, AHP, PCA first component, combined.
export * from './ahp.ts';
export * from './basic.ts';
export * from './combined.ts';
export * from './critic.ts';
export * from './entropy.ts';
export * from './pca.ts';
export * from './types.ts';
