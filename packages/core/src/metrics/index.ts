// Metric catalogue and observations: contracts, derivation rules and the seed catalogue.
export * from './metric.contract.ts';
export * from './metric-catalogue.ts';
