import { buildApp } from '../../app.ts';
import { bootstrap } from '../../bootstrap.ts';
import { loadConfig } from '../../config.ts';
import { redactUrl, runMigrations } from '../../db/client.ts';
import { demoLoadOptionsFromEnv, startDemoLoadIfNeeded } from '../../modules/demo/demo-load.service.ts';
import { openCliDatabase } from '../open-database.ts';
import type { CliCommand } from '../types.ts';

export const run: CliCommand = async (args, io) => {
  const config = loadConfig(io.env);
  // PGlite: takes the data-directory lock, so a second `serve` on the same directory is refused.
  const database = await openCliDatabase(config, io, `qunce serve (port ${config.port})`);
  await runMigrations(database);
  const app = await buildApp({ config, database });
  await bootstrap(database, config, app.log, {
    demo: args.includes('--demo'),
    print: (text) => io.stdout.write(text),
  });
  const close = async () => {
    await app.close();
    await database.close();
  };
  process.once('SIGINT', () => void close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    {
      database: database.kind,
      where: config.databaseUrl ? redactUrl(config.databaseUrl) : config.dataDir,
      demo: args.includes('--demo'),
    },
    'Qunce is running',
  );
  // Demo data loads as a job after the server listens (docs/methods/demo-data.md).
  if (args.includes('--demo')) {
    const job = await startDemoLoadIfNeeded(app, database.db, demoLoadOptionsFromEnv(io.env));
    if (job) app.log.info({ jobId: job.id }, 'demo data loading (job demo-load)');
  }
  // Keep the process alive until a signal arrives.
  await new Promise<never>(() => {});
  return 0;
};
