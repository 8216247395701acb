import type { AssignmentStatus } from '@qunce/core/collection';
import { formatPeriod, isValidPeriod } from '@qunce/core/periods';
import { loadConfig } from '../../config.ts';
import type { DbOrTx } from '../../db/client.ts';
import { listAssignmentStatuses } from '../../modules/collection/collection.service.ts';
import { openCliDatabase } from '../open-database.ts';
import { type CliCommand, CliUsageError } from '../types.ts';

const usage = 'usage: qunce collect status --period <2024|2024Q3|2024M09YTD> [--format json|table]';

export type CollectStatus = {
  period: string;
  assignments: Omit<AssignmentStatus, 'cityCode'>[];
};

/** Every assignment of the period (all data sets) with its state and on-time flag, as of `at`. */
export async function collectStatus(db: DbOrTx, period: string, at: Date): Promise<CollectStatus> {
  const rows = await listAssignmentStatuses(db, { period }, at);
  return {
    period: formatPeriod(period),
    assignments: rows.map(({ cityCode: _city, ...rest }) => rest),
  };
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

export function formatStatusTable(status: CollectStatus): string {
  const header = [
    '数据集 data set',
    '单位 assignee',
    '名称 name',
    '状态 state',
    '报送 submitted',
    '截止 deadline',
    '按时 on time',
  ];
  const rows = status.assignments.map((a) => [
    a.dataSet,
    a.assignee,
    a.assigneeName,
    a.state,
    a.submittedAt ?? '-',
    a.deadline,
    a.onTime === null ? '-' : a.onTime ? 'yes' : 'no',
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c)))
      .join('  ')
      .trimEnd();
  const lines = [
    `期间 period ${status.period}: ${status.assignments.length} assignments`,
    line(header),
    ...rows.map(line),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `qunce collect status --period P [--format json|table]`: every assignment of the period with its
 * state (open, submitted, returned, accepted, reopened) and whether it was on time. Exit 0; 2 for
 * bad arguments.
 */
export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'status') throw new CliUsageError(usage);
  let period: string | undefined;
  let format = 'table';
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (value === undefined) throw new CliUsageError(usage);
    if (flag === '--period') period = value;
    else if (flag === '--format') format = value;
    else throw new CliUsageError(usage);
  }
  if (!period || !isValidPeriod(period)) {
    throw new CliUsageError(
      '期间应为 2024、2024Q3 或 2024M09YTD / --period must be 2024, 2024Q3 or 2024M09YTD',
    );
  }
  if (format !== 'json' && format !== 'table') throw new CliUsageError(usage);
  const config = loadConfig(io.env);
  const database = await openCliDatabase(config, io, 'qunce collect status');
  try {
    const status = await collectStatus(database.db, period, new Date());
    io.stdout.write(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : formatStatusTable(status));
    return 0;
  } finally {
    await database.close();
  }
};
