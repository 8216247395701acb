import { progressStatusLabels } from '@qunce/core/targets';
import { loadConfig } from '../../config.ts';
import { runMigrations } from '../../db/client.ts';
import { chinaDate } from '../../modules/clusters/registry.scope.ts';
import { ensurePolicyTargetSet, getTargetsStatus } from '../../modules/targets/targets.service.ts';
import { openCliDatabase } from '../open-database.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage = 'usage: qunce targets status [--set S] [--version N] [--date YYYY-MM-DD] [--format json|table]';

/**
 * `qunce targets status`: the status of every target of a set on a date (default: the newest set,
 * today in China). `--format json` (default) prints exactly
 * {"set","date","targets":[{"code","text","unit","value","actual","status","owners","calculation"}]};
 * `table` one line per target. Exit 0; 2 for bad arguments or an unknown set.
 */
export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'status') throw new CliUsageError(usage);
  const options: { set?: string; version?: number; date?: string; format: 'json' | 'table' } = {
    format: 'json',
  };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (value === undefined) throw new CliUsageError(usage);
    if (flag === '--set') options.set = value;
    else if (flag === '--version' && /^\d+$/.test(value)) options.version = Number(value);
    else if (flag === '--date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) options.date = value;
    else if (flag === '--format' && (value === 'json' || value === 'table')) options.format = value;
    else throw new CliUsageError(usage);
  }
  const config = loadConfig(io.env);
  const database = await openCliDatabase(config, io, 'qunce targets status');
  try {
    await runMigrations(database);
    await ensurePolicyTargetSet(database.db, new Date());
    const date = options.date ?? chinaDate(new Date());
    let status: Awaited<ReturnType<typeof getTargetsStatus>>;
    try {
      status = await getTargetsStatus(database.db, { set: options.set, version: options.version, date });
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'not_found')
        throw new CliUsageError(error.message);
      throw error;
    }
    if (options.format === 'json') {
      const out = {
        set: status.set,
        date: status.date,
        targets: status.targets.map((t) => ({
          code: t.code,
          text: t.text,
          unit: t.unit,
          value: t.value,
          actual: t.actual,
          status: t.status,
          owners: t.owners,
          calculation: t.calculation,
        })),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      io.stdout.write(`${status.name} (${status.set}@${status.version}) — ${status.date}\n`);
      for (const t of status.targets) {
        const actual = t.actual === null ? '—' : String(Number(t.actual.toPrecision(6)));
        io.stdout.write(
          `${t.code.padEnd(5)} ${progressStatusLabels[t.status].zh.padEnd(6, '　')} ${t.status.padEnd(19)} ${actual.padStart(10)} / ${String(t.value).padEnd(6)} ${t.unit.padEnd(3)} ${t.owners[0] ?? ''}\n`,
        );
      }
    }
    return 0;
  } finally {
    await database.close();
  }
};
