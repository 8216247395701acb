import { loadConfig } from '../../config.ts';
import { openDatabase, redactUrl, runMigrations } from '../../db/client.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage = 'usage: qunce db migrate';

/** `qunce db <subcommand>`: database maintenance. `migrate` applies pending migrations and exits. */
export const run: CliCommand = async (args, io) => {
  const [sub] = args;
  if (sub !== 'migrate')
    throw new CliUsageError(`未知子命令 / unknown subcommand: ${sub ?? '(none)'}; ${usage}`);
  const config = loadConfig(io.env);
  const database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: `${config.dataDir}/pglite` },
  );
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
  const where = config.databaseUrl ? redactUrl(config.databaseUrl) : `${config.dataDir}/pglite`;
  io.stdout.write(`数据库已迁移 / database migrated (${database.kind}: ${where})\n`);
  return 0;
};
