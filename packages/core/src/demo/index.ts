// Deterministic synthetic demo data (docs/methods/demo-data.md): every figure is synthetic and marked as demo.
export * from './demo-data.ts';
export * from './demo-promoting-orgs.ts';
export * from './demo-tables.ts';
