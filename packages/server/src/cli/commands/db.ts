import { AppError } from '@qunce/core';
import { loadConfig } from '../../config.ts';
import { backupDatabase, restoreDatabase, verifyBackup } from '../../db/backup.ts';
import { redactUrl, runMigrations } from '../../db/client.ts';
import { openCliDatabase } from '../open-database.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage = 'usage: qunce db migrate | db backup <file> | db restore <file> | db verify-backup <file>';

/**
 * `qunce db <subcommand>`: database maintenance. `migrate` applies pending migrations and exits;
 * `backup`/`restore` write and read a Qunce backup file (src/db/backup.ts). On PGlite each takes the
 * data-directory lock, so they refuse to run while a server uses the directory.
 */
export const run: CliCommand = async (args, io) => {
  const [sub, file, ...rest] = args;
  if (sub === 'backup' || sub === 'restore' || sub === 'verify-backup') {
    if (!file || rest.length > 0)
      throw new CliUsageError(`需要一个文件名 / one file name expected; ${usage}`);
    return sub === 'verify-backup' ? verify(file, io) : backupOrRestore(sub, file, io);
  }
  if (sub !== 'migrate')
    throw new CliUsageError(`未知子命令 / unknown subcommand: ${sub ?? '(none)'}; ${usage}`);
  const config = loadConfig(io.env);
  const database = await openCliDatabase(config, io, 'qunce db migrate');
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
  const where = config.databaseUrl ? redactUrl(config.databaseUrl) : `${config.dataDir}/pglite`;
  io.stdout.write(`数据库已迁移 / database migrated (${database.kind}: ${where})\n`);
  return 0;
};

function totalRows(rowCounts: Record<string, number>): number {
  return Object.values(rowCounts).reduce((sum, count) => sum + count, 0);
}

async function verify(file: string, io: Parameters<CliCommand>[1]): Promise<number> {
  try {
    const summary = await verifyBackup(file);
    io.stdout.write(
      `备份完好 / backup is sound: ${summary.header.database}, ${summary.header.createdAt}, migration ${summary.header.migration?.tag ?? '-'}, ${totalRows(summary.rowCounts)} rows, sha256 ${summary.sha256}\n`,
    );
    return 0;
  } catch (error) {
    throw asUsageError(error, file);
  }
}

async function backupOrRestore(sub: 'backup' | 'restore', file: string, io: Parameters<CliCommand>[1]) {
  const config = loadConfig(io.env);
  if (sub === 'restore') {
    // Refuse a bad file before opening (and migrating) anything.
    try {
      await verifyBackup(file);
    } catch (error) {
      throw asUsageError(error, file);
    }
  }
  const database = await openCliDatabase(config, io, `qunce db ${sub}`);
  try {
    // A backup records the database as it is; a restore needs the schema of this build first.
    if (sub === 'restore') await runMigrations(database);
    if (sub === 'backup') {
      const summary = await backupDatabase(database, file).catch((error: unknown) => {
        throw asUsageError(error, file);
      });
      io.stdout.write(
        `备份完成 / backup written: ${file} (${summary.header.tables.length} tables, ${totalRows(summary.rowCounts)} rows, sha256 ${summary.sha256})\n`,
      );
    } else {
      const summary = await restoreDatabase(database, file).catch((error: unknown) => {
        throw asUsageError(error, file);
      });
      io.stdout.write(
        `恢复完成 / restored from ${file}: backup of ${summary.header.createdAt} (${summary.header.database}), ${totalRows(summary.rowCounts)} rows\n`,
      );
    }
  } finally {
    await database.close();
  }
  return 0;
}

function asUsageError(error: unknown, file: string): unknown {
  if (error instanceof AppError && error.code === 'invalid_input') return new CliUsageError(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CliUsageError(`文件不存在 / no such file: ${file}`);
  if (code === 'EISDIR') return new CliUsageError(`不是文件 / not a file: ${file}`);
  return error;
}
