// Drizzle schema, one file per feature. Row types come from here (STYLE.md: types flow from one source).
export * from './reference.ts';
