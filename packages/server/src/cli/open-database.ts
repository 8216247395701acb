import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { acquireDataDirLock, DataDirLockedError } from '../db/lock.ts';
import { type CliIO, CliUsageError } from './types.ts';

/**
 * Opens the database named by the configuration for a CLI command. On PGlite the data-directory lock
 * is taken first (a second process on the same directory is refused with who holds it, exit 2) and
 * released by `close()`. PostgreSQL needs no lock: it serves many processes itself.
 */
export async function openCliDatabase(config: Config, io: CliIO, command: string): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl });
  let lock: ReturnType<typeof acquireDataDirLock>;
  try {
    lock = acquireDataDirLock(config.dataDir, {
      command,
      warn: (message) => io.stderr.write(`${message}\n`),
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliUsageError(error.message);
    throw error;
  }
  try {
    const database = await openDatabase({ pgliteDir: `${config.dataDir}/pglite` });
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
