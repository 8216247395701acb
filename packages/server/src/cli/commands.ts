import type { CliCommand } from './types.ts';

type CommandEntry = { summary: string; load: () => Promise<{ run: CliCommand }> };

/**
 * Every `qunce` command, loaded lazily so that `qunce mcda` does not start a database.
 * Add one line per command; the implementation lives in ./commands/<name>.ts and exports `run`.
 */
export const commands: Record<string, CommandEntry> = {
  serve: {
    summary:
      'start the platform (--demo: demo accounts and, on an empty registry, the demo data set as a job)',
    load: () => import('./commands/serve.ts'),
  },
  db: {
    summary: 'database maintenance: migrate, backup <file>, restore <file>, verify-backup <file>',
    load: () => import('./commands/db.ts'),
  },
  user: {
    summary: 'accounts: user add|reset-password|lock|unlock <username>',
    load: () => import('./commands/user.ts'),
  },
  audit: { summary: 'audit verify: check the audit hash chain', load: () => import('./commands/audit.ts') },
  index: {
    summary: 'composite index from COINr-style iData/iMeta CSV (--data, --meta, --spec, --uncertainty)',
    load: () => import('./commands/composite-index.ts'),
  },
  mcda: {
    summary: 'multi-criteria ranking (TOPSIS, VIKOR, GRA, WSM, WPM): JSON on stdin',
    load: () => import('./commands/mcda.ts'),
  },
  weights: {
    summary: 'criteria weights (entropy, CRITIC, PCA, equal, AHP): JSON on stdin',
    load: () => import('./commands/weights.ts'),
  },
  metrics: {
    summary: 'metrics recompute --period P [--metric M]...: recompute derived cluster metrics of a period',
    load: () => import('./commands/metrics.ts'),
  },
  collect: {
    summary: 'collect status --period P [--format json|table]: data-collection assignments, state, on time',
    load: () => import('./commands/collect.ts'),
  },
  demo: {
    summary:
      'demo generate --out <dir> [--enterprises N] [--clusters M] [--years Y] [--seed S] [--format csv|xlsx]',
    load: () => import('./commands/demo.ts'),
  },
  import: {
    summary:
      'import enterprises|memberships|observations|clusters|designations|carriers|parks <file.xlsx|.csv> [--dry-run]: all-or-nothing import with the list of issues',
    load: () => import('./commands/import.ts'),
  },
  targets: {
    summary:
      'targets status [--set S] [--version N] [--date D] [--format json|table]: progress of a target set',
    load: () => import('./commands/targets.ts'),
  },
  bench: {
    summary: 'benchmarks: bench [suite…] [--quick] → bench/results/<suite>.json and docs/BENCHMARKS.md',
    load: () => import('./commands/bench.ts'),
  },
};
