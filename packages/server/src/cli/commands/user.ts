import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { isAppError, isRoleCode, roleCodes } from '@qunce/core';
import { loadConfig } from '../../config.ts';
import { type Database, runMigrations } from '../../db/client.ts';
import { seedOrganisations } from '../../modules/organisations/organisations.seed.ts';
import { seedReferenceData } from '../../modules/reference/reference.seed.ts';
import { seedRoles } from '../../modules/users/users.seed.ts';
import {
  type Actor,
  createUser,
  getUserIdByUsername,
  resetUserPassword,
  setUserLocked,
} from '../../modules/users/users.service.ts';
import { openCliDatabase } from '../open-database.ts';
import { type CliCommand, type CliIO, CliUsageError } from '../types.ts';

const usage =
  'usage: qunce user add <username> --role <role> [--org <code>] [--name <display name>] [--password <pw>] | ' +
  'user reset-password <username> [--password <pw>] | user lock <username> | user unlock <username>';

function cliActor(): Actor {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return { actorId: null, actorName: `cli:${who}`, ip: null, at: new Date() };
}

async function withDatabase<T>(
  io: CliIO,
  command: string,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const database = await openCliDatabase(config, io, command);
  try {
    await runMigrations(database);
    // Accounts refer to roles and organisations: make sure they exist on a fresh database.
    await seedReferenceData(database.db);
    await seedOrganisations(database.db);
    await seedRoles(database.db);
    return await work(database);
  } catch (error) {
    // Refusals of the services (unknown role, taken username, weak password) are bad input: exit 2.
    if (isAppError(error) && error.code !== 'internal') throw new CliUsageError(error.message);
    throw error;
  } finally {
    await database.close();
  }
}

/**
 * `qunce user add|reset-password|lock|unlock`: account administration from the command line, the
 * only place where the system roles (system_admin, security_admin, auditor) can be granted. Every
 * change is audited with actor `cli:<os user>`.
 */
export const run: CliCommand = async (args, io) => {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args,
        allowPositionals: true,
        options: {
          role: { type: 'string' },
          org: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
        },
      });
    } catch (error) {
      throw new CliUsageError(`${(error as Error).message}; ${usage}`);
    }
  })();
  const [sub, username, ...extra] = positionals;
  if (!sub || !username || extra.length > 0) throw new CliUsageError(usage);

  switch (sub) {
    case 'add': {
      const role = values.role;
      if (!role || !isRoleCode(role)) {
        throw new CliUsageError(`--role 必须是 / must be one of: ${roleCodes.join(', ')}`);
      }
      const result = await withDatabase(io, 'qunce user add', (database) =>
        createUser(
          database.db,
          {
            username,
            displayName: values.name ?? username,
            roles: [role],
            organisationCode: values.org ?? null,
            password: values.password,
            // A password chosen by the operator is theirs to hand over; a generated one must be changed.
            mustChangePassword: values.password === undefined,
            allowSystemRoles: true,
          },
          cliActor(),
        ),
      );
      io.stdout.write(`已创建用户 / user created: ${result.user.username} (${role})\n`);
      if (result.initialPassword) {
        io.stdout.write(`初始密码（仅显示一次）/ initial password (shown once): ${result.initialPassword}\n`);
      }
      return 0;
    }
    case 'reset-password': {
      const result = await withDatabase(io, 'qunce user reset-password', async (database) =>
        resetUserPassword(
          database.db,
          await getUserIdByUsername(database.db, username),
          values.password,
          cliActor(),
          { mustChangePassword: values.password === undefined },
        ),
      );
      io.stdout.write(`密码已重置 / password reset: ${username}\n`);
      if (result.initialPassword) {
        io.stdout.write(`新密码（仅显示一次）/ new password (shown once): ${result.initialPassword}\n`);
      }
      return 0;
    }
    case 'lock':
    case 'unlock': {
      const locked = sub === 'lock';
      await withDatabase(io, `qunce user ${sub}`, async (database) =>
        setUserLocked(database.db, await getUserIdByUsername(database.db, username), locked, cliActor()),
      );
      io.stdout.write(`${locked ? '已锁定 / locked' : '已解锁 / unlocked'}: ${username}\n`);
      return 0;
    }
    default:
      throw new CliUsageError(`未知子命令 / unknown subcommand: ${sub}; ${usage}`);
  }
};
