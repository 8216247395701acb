import type { CliCommand } from './types.ts';

type CommandEntry = { summary: string; load: () => Promise<{ run: CliCommand }> };

/**
 * Every `qunce` command, loaded lazily so that `qunce mcda` does not start a database.
 * Add one line per command; the implementation lives in ./commands/<name>.ts and exports `run`.
 */
export const commands: Record<string, CommandEntry> = {
  serve: {
    summary: 'start the platform (--demo loads demo data into an empty database)',
    load: () => import('./commands/serve.ts'),
  },
  db: { summary: 'database maintenance: migrate', load: () => import('./commands/db.ts') },
};
