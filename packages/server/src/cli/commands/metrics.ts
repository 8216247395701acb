import { isValidPeriod } from '@qunce/core/periods';
import { loadConfig } from '../../config.ts';
import { seedMetricCatalogue } from '../../modules/metrics/metrics.service.ts';
import { recomputeClusterMetrics } from '../../modules/metrics/metrics-rollup.service.ts';
import { openCliDatabase } from '../open-database.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage = 'usage: qunce metrics recompute --period <2024|2024Q3|2024M09YTD> [--metric <code>]...';

/**
 * `qunce metrics recompute --period P [--metric M]...`: recomputes the derived cluster (and
 * province-wide) metrics of a period, e.g. after memberships or designations were imported. The seed
 * catalogue's missing entries are added first. Audited as the system. Exit 0; 2 for bad arguments.
 */
export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'recompute') throw new CliUsageError(usage);
  let period: string | undefined;
  const metrics: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (value === undefined) throw new CliUsageError(usage);
    if (flag === '--period') period = value;
    else if (flag === '--metric') metrics.push(value);
    else throw new CliUsageError(usage);
  }
  if (!period || !isValidPeriod(period)) {
    throw new CliUsageError(
      `期间应为 2024、2024Q3 或 2024M09YTD / --period must be 2024, 2024Q3 or 2024M09YTD`,
    );
  }
  const config = loadConfig(io.env);
  const database = await openCliDatabase(config, io, 'qunce metrics recompute');
  try {
    await seedMetricCatalogue(database.db);
    const result = await recomputeClusterMetrics(database.db, {
      period,
      metrics: metrics.length > 0 ? metrics : undefined,
    });
    io.stdout.write(
      `已重算 / recomputed ${result.period}: ${result.metrics.length} metrics × ${result.clusters} clusters, ${result.written} values written, ${result.removed} removed\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
};
