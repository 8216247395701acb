import { loadConfig } from '../../config.ts';
import { verifyAuditChain } from '../../modules/audit/audit.service.ts';
import { openCliDatabase } from '../open-database.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage = 'usage: qunce audit verify';

/**
 * `qunce audit verify`: walks the hash chain of the audit log. Exit 0 when intact; exit 1 naming the
 * first broken link (seq and reason).
 */
export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'verify' || rest.length > 0) throw new CliUsageError(usage);
  const config = loadConfig(io.env);
  const database = await openCliDatabase(config, io, 'qunce audit verify');
  try {
    const result = await verifyAuditChain(database.db);
    if (result.ok) {
      io.stdout.write(`审计链完整 / audit chain intact: ${result.count} entries\n`);
      return 0;
    }
    io.stdout.write(
      `审计链断裂 / audit chain broken at seq ${result.seq}: ${result.reason} (${result.count} entries verified before it)\n`,
    );
    return 1;
  } finally {
    await database.close();
  }
};
