/** Benchmark suites run by `qunce bench [suite…]` (all when none is named). Add one line per suite. */
import type { SuiteResult } from './bench-harness.ts';

export type SuiteRunner = (options: {
  quick?: boolean;
  log?: (line: string) => void;
}) => Promise<SuiteResult>;

export const suites: Record<string, () => Promise<SuiteRunner>> = {
  evaluation: async () => (await import('./evaluation/evaluation-suite.ts')).runEvaluationSuite,
  imports: async () => (await import('./imports/imports-suite.ts')).runImportsSuite,
  services: async () => (await import('./services/services-suite.ts')).runServicesSuite,
  web: async () => (await import('./web/web-suite.ts')).runWebSuite,
};
