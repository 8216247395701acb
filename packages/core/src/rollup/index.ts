// Pure roll-up of enterprise observations and designations to cluster and province-wide metrics.
export * from './rollup.ts';
