// Registries: clusters, enterprises and their memberships, designations. Contracts shared by the
// server, the web app and the demo-data generator (docs/briefs/registry-contract.md).
export * from './cluster.contract.ts';
export * from './common.contract.ts';
export * from './designation.contract.ts';
export * from './enterprise.contract.ts';
export * from './import-columns.ts';
export * from './industries.ts';
export * from './registry-import-columns.ts';
