import { checkPasswordPolicy } from '@qunce/core';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { seedMetricCatalogue } from './modules/metrics/metrics.service.ts';
import { seedOrganisations } from './modules/organisations/organisations.seed.ts';
import { seedReferenceData } from './modules/reference/reference.seed.ts';
import type { SeededPassword } from './modules/users/users.seed.ts';
import { seedBuiltInUsers, seedDemoUsers, seedRoles } from './modules/users/users.seed.ts';

export type BootstrapLog = { info(message: string): void; warn(message: string): void };

export type BootstrapOptions = {
  demo: boolean;
  /** Where generated passwords are printed, once (default: standard output). */
  print?: (text: string) => void;
  now?: Date;
};

export type BootstrapResult = { generatedPasswords: SeededPassword[] };

/**
 * Start-up seeding (migrations already run): reference data, organisations, the role catalogue, the
 * built-in accounts and, with `demo`, the demo accounts. Idempotent: run at every start.
 */
export async function bootstrap(
  database: Database,
  config: Config,
  log: BootstrapLog,
  options: BootstrapOptions,
): Promise<BootstrapResult> {
  const { db } = database;
  const actor = { actorId: null, actorName: 'system', ip: null, at: options.now ?? new Date() };
  await seedReferenceData(db);
  await seedOrganisations(db);
  await seedRoles(db);
  await seedMetricCatalogue(db, actor.at);
  if (config.adminPassword && checkPasswordPolicy(config.adminPassword).length > 0) {
    log.warn('QUNCE_ADMIN_PASSWORD 不符合密码策略 / QUNCE_ADMIN_PASSWORD does not meet the password policy');
  }
  const generated = await seedBuiltInUsers(db, config.adminPassword, actor);
  if (options.demo) generated.push(...(await seedDemoUsers(db, config.demoPassword, actor)));
  if (generated.length > 0) {
    const print = options.print ?? ((text: string) => process.stdout.write(text));
    const lines = generated.map(({ username, password }) => `    ${username.padEnd(16)} ${password}`);
    print(
      [
        '',
        '  ==== 初始密码（仅显示一次）/ initial passwords (shown once) ====',
        ...lines,
        '  内置管理账户首次登录须修改密码 / built-in administrators must change theirs at first login',
        '',
        '',
      ].join('\n'),
    );
  }
  log.info(`reference data and accounts ready${options.demo ? ' (demo)' : ''}`);
  return { generatedPasswords: generated };
}
