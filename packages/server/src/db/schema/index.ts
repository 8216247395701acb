// Drizzle schema, one file per feature. Row types come from here (STYLE.md: types flow from one source).

export * from './attachments.ts';
export * from './audit.ts';
export * from './carriers-parks.ts';
export * from './collection.ts';
export * from './demo.ts';
export * from './evaluations.ts';
export * from './identity.ts';
export * from './jobs.ts';
export * from './metrics.ts';
export * from './organisations.ts';
export * from './promoting-orgs.ts';
export * from './recognition.ts';
export * from './reference.ts';
export * from './registry.ts';
export * from './targets-tasks.ts';
