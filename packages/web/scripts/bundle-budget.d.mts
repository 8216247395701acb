// Types for bundle-budget.mjs (a plain Node script, so `npm run bench` and e2e can both use it).
export type RouteBudget = { name: string; modules: string[]; maxGzipBytes: number };
export type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };
export type RouteMeasurement = {
  name: string;
  gzipBytes: number;
  maxGzipBytes: number;
  files: { file: string; bytes: number; gzipBytes: number }[];
};
export declare const budgets: RouteBudget[];
export declare function routeFiles(manifest: Record<string, ManifestChunk>, modules: string[]): string[];
export declare function measureRoutes(distDir: string): RouteMeasurement[];
