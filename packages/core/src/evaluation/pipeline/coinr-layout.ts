/**
 * Reading COINr's iData / iMeta table layout (as the ASEM example ships it) into Qunce's evaluation data
 * and framework nodes. Pure: takes the CSV text, does no I/O.
 *
 * iData: uName, uCode, grouping columns (iMeta Type "Group"), Time, then one numeric column per
 * denominator and indicator; "NA" or an empty cell is missing. Several Time values make a panel: the
 * latest is the evaluation period, the others go to `panel`.
 * iMeta: Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent, Type
 * (Indicator / Aggregate / Group / Denominator / Other).
 */
import { AppError } from '../../errors.ts';
import type { EvaluationData } from '../spec/evaluation-data.schema.ts';
import type { SpecNode } from '../spec/evaluation-spec.schema.ts';

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (text.charAt(i + 1) === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text.charAt(i + 1) === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

const isMissing = (cell: string): boolean => {
  const t = cell.trim();
  return t === '' || t === 'NA' || t === 'NaN';
};

function cellNumber(cell: string, where: { table: string; row: number; column: string }): number | null {
  if (isMissing(cell)) return null;
  const t = cell.trim();
  const v = Number(t);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || !Number.isFinite(v))
    throw new AppError(
      'invalid_input',
      `${where.table} 第 ${where.row} 行 ${where.column} 列不是数值 / ${where.table} row ${where.row}, column ${where.column}: '${cell}' is not a number`,
      { ...where, value: cell },
    );
  return v;
}

function tableRecords(
  rows: string[][],
  table: string,
): { header: string[]; records: Record<string, string>[] } {
  const [header, ...body] = rows;
  if (!header || header.length === 0)
    throw new AppError('invalid_input', `${table} 为空 / ${table} is empty`, { table });
  const records = body.map((cells, r) => {
    if (cells.length !== header.length)
      throw new AppError(
        'invalid_input',
        `${table} 第 ${r + 2} 行有 ${cells.length} 列，表头有 ${header.length} 列 / ${table} row ${r + 2} has ${cells.length} cells, header has ${header.length}`,
        { table, row: r + 2 },
      );
    const record: Record<string, string> = {};
    header.forEach((h, k) => {
      record[h] = cells[k] ?? '';
    });
    return record;
  });
  return { header, records };
}

export type CoinrMetaRow = {
  code: string;
  name?: string;
  level: number | null;
  type: string;
  direction: number | null;
  weight: number | null;
  unit?: string;
  target: number | null;
  denominator: string | null;
  parent: string | null;
};

export function readCoinrMeta(csv: string): CoinrMetaRow[] {
  const { header, records } = tableRecords(parseCsv(csv), 'iMeta');
  for (const required of ['iCode', 'Parent', 'Type'])
    if (!header.includes(required))
      throw new AppError('invalid_input', `iMeta 缺少 ${required} 列 / iMeta lacks the ${required} column`, {
        table: 'iMeta',
        column: required,
      });
  return records.map((rec, r) => {
    const where = (column: string) => ({ table: 'iMeta', row: r + 2, column });
    const text = (k: string): string | null =>
      rec[k] === undefined || isMissing(rec[k] as string) ? null : (rec[k] as string).trim();
    const code = text('iCode');
    if (code === null)
      throw new AppError(
        'invalid_input',
        `iMeta 第 ${r + 2} 行缺少 iCode / iMeta row ${r + 2} has no iCode`,
        where('iCode'),
      );
    const name = text('iName');
    const unit = text('Unit');
    return {
      code,
      ...(name !== null ? { name } : {}),
      level: cellNumber(rec.Level ?? '', where('Level')),
      type: text('Type') ?? 'Indicator',
      direction: cellNumber(rec.Direction ?? '', where('Direction')),
      weight: cellNumber(rec.Weight ?? '', where('Weight')),
      ...(unit !== null ? { unit } : {}),
      target: cellNumber(rec.Target ?? '', where('Target')),
      denominator: text('Denominator'),
      parent: text('Parent'),
    };
  });
}

/** Framework nodes from iMeta rows of type Indicator and Aggregate (denominators as named in iMeta). */
export function coinrMetaToNodes(meta: readonly CoinrMetaRow[]): SpecNode[] {
  return meta
    .filter((m) => m.type === 'Indicator' || m.type === 'Aggregate')
    .map((m): SpecNode => {
      const base = {
        code: m.code,
        ...(m.name !== undefined ? { name: m.name } : {}),
        parent: m.parent,
        weight: m.weight ?? 1,
        direction: m.direction === -1 ? (-1 as const) : (1 as const),
        ...(m.unit !== undefined ? { unit: m.unit } : {}),
      };
      if (m.type === 'Aggregate') return { ...base, kind: 'aggregate' };
      return {
        ...base,
        kind: 'indicator',
        ...(m.denominator !== null ? { denominator: { metric: m.denominator, factor: 1 } } : {}),
        ...(m.target !== null ? { target: m.target } : {}),
      };
    });
}

/** Evaluation data from iData; grouping columns are those iMeta types "Group" (or named *_group). */
export function readCoinrData(csv: string, meta: readonly CoinrMetaRow[]): EvaluationData {
  const { header, records } = tableRecords(parseCsv(csv), 'iData');
  if (!header.includes('uCode'))
    throw new AppError('invalid_input', `iData 缺少 uCode 列 / iData lacks the uCode column`, {
      table: 'iData',
      column: 'uCode',
    });
  const groupColumns = new Set(meta.filter((m) => m.type === 'Group').map((m) => m.code));
  for (const h of header) if (/_group$|^Group_/.test(h)) groupColumns.add(h);
  const skip = new Set(['uName', 'uCode', 'Time', ...groupColumns]);
  const metrics = header.filter((h) => !skip.has(h));
  const hasTime = header.includes('Time');
  const periodOf = (rec: Record<string, string>): string => {
    const t = (rec.Time ?? '').trim();
    return !hasTime || isMissing(t) ? '' : String(Number(t));
  };
  const periods = [...new Set(records.map(periodOf))].sort(
    (a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const unitCodes: string[] = [];
  const unitInfo = new Map<string, EvaluationData['units'][number]>();
  for (const rec of records) {
    const code = (rec.uCode ?? '').trim();
    if (code === '')
      throw new AppError('invalid_input', `iData 有一行缺少 uCode / an iData row has no uCode`, {
        table: 'iData',
      });
    if (!unitInfo.has(code)) {
      unitCodes.push(code);
      const groups: Record<string, string> = {};
      for (const g of groupColumns) {
        const v = rec[g];
        if (v !== undefined && !isMissing(v)) groups[g] = v.trim();
      }
      const name = rec.uName?.trim();
      unitInfo.set(code, {
        code,
        ...(name ? { name } : {}),
        ...(Object.keys(groups).length > 0 ? { groups } : {}),
      });
    }
  }
  const index = new Map(unitCodes.map((c, i) => [c, i]));
  const slices = new Map<string, Record<string, (number | null)[]>>();
  for (const period of periods) {
    const values: Record<string, (number | null)[]> = {};
    for (const m of metrics) values[m] = new Array<number | null>(unitCodes.length).fill(null);
    slices.set(period, values);
  }
  const seen = new Set<string>();
  records.forEach((rec, r) => {
    const code = (rec.uCode ?? '').trim();
    const period = periodOf(rec);
    const key = `${code}\u0000${period}`;
    if (seen.has(key))
      throw new AppError(
        'invalid_input',
        `iData 第 ${r + 2} 行重复 ${code} ${period} / iData row ${r + 2} repeats unit ${code} in period ${period}`,
        {
          table: 'iData',
          row: r + 2,
        },
      );
    seen.add(key);
    const values = slices.get(period) as Record<string, (number | null)[]>;
    const u = index.get(code) as number;
    for (const m of metrics)
      (values[m] as (number | null)[])[u] = cellNumber(rec[m] ?? '', {
        table: 'iData',
        row: r + 2,
        column: m,
      });
  });
  const last = periods[periods.length - 1] ?? '';
  return {
    units: unitCodes.map((c) => unitInfo.get(c) as EvaluationData['units'][number]),
    ...(last !== '' ? { period: last } : {}),
    values: slices.get(last) ?? {},
    ...(periods.length > 1
      ? { panel: periods.slice(0, -1).map((p) => ({ period: p, values: slices.get(p) ?? {} })) }
      : {}),
  };
}
