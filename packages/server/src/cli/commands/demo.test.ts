import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidCreditCode } from '@qunce/core/validators';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';
import { openSpreadsheet, type SheetCell } from '../../spreadsheet/index.ts';

const kinds = [
  'clusters',
  'cluster-history',
  'organisations',
  'enterprises',
  'memberships',
  'designations',
  'observations',
] as const;

async function readRows(path: string): Promise<SheetCell[][]> {
  const source = await openSpreadsheet({ path });
  try {
    const rows: SheetCell[][] = [];
    for await (const row of source.readSheet(0)) rows.push(row.cells);
    return rows;
  } finally {
    await source.close();
  }
}

/** Rows per file as the summary prints them: "  <dir>/enterprises.csv  300 rows  12 ms". */
function printedCounts(stdout: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of stdout.matchAll(/([a-z-]+)\.(?:csv|xlsx) {2}(\d+) rows/g)) {
    counts[match[1] ?? ''] = Number(match[2]);
  }
  return counts;
}

const small = ['--enterprises', '300', '--clusters', '25', '--years', '3', '--seed', '11'];

describe('qunce demo generate', () => {
  it('writes seven CSV files with Chinese headers that read back with as many rows as the summary says', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qunce-demo-'));
    const { code, stdout } = await runCli(['demo', 'generate', ...small, '--out', out]);
    expect(code).toBe(0);
    const counts = printedCounts(stdout);
    expect(Object.keys(counts)).toEqual([...kinds]);
    expect(counts.enterprises).toBe(300);
    expect(counts.clusters).toBe(25);
    for (const kind of kinds) {
      const rows = await readRows(join(out, `${kind}.csv`));
      expect(rows.length - 1, kind).toBe(counts[kind]);
    }
    const enterprises = await readRows(join(out, 'enterprises.csv'));
    expect(enterprises[0]?.slice(0, 3)).toEqual(['统一社会信用代码', '企业名称', '城市代码']);
    for (const row of enterprises.slice(1)) {
      expect(isValidCreditCode(String(row[0]))).toBe(true);
      expect(String(row[1])).toContain('示例');
    }
    // Observations: 300 enterprises × 7 metrics × up to 3 years, plus 3 province-level values.
    expect(counts.observations).toBeGreaterThan(300 * 7 * 2);
    expect(counts.observations).toBeLessThanOrEqual(300 * 7 * 3 + 3);
    expect(stdout).toMatch(/完成 \/ done in \d+\.\d s/);
  });

  it('the same seed writes the same bytes; another seed writes other enterprises', async () => {
    const [a, b, c] = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'qunce-demo-')));
    if (!a || !b || !c) throw new Error('temporary directories');
    expect((await runCli(['demo', 'generate', ...small, '--out', a])).code).toBe(0);
    expect((await runCli(['demo', 'generate', ...small, '--out', b])).code).toBe(0);
    expect((await runCli(['demo', 'generate', ...small.slice(0, -1), '12', '--out', c])).code).toBe(0);
    for (const kind of kinds) {
      expect(readFileSync(join(b, `${kind}.csv`)).equals(readFileSync(join(a, `${kind}.csv`))), kind).toBe(
        true,
      );
    }
    expect(readFileSync(join(c, 'enterprises.csv')).equals(readFileSync(join(a, 'enterprises.csv')))).toBe(
      false,
    );
  });

  it('--format xlsx writes workbooks whose sheets hold the same rows as the CSV', async () => {
    const csv = mkdtempSync(join(tmpdir(), 'qunce-demo-'));
    const xlsx = mkdtempSync(join(tmpdir(), 'qunce-demo-'));
    expect((await runCli(['demo', 'generate', ...small, '--out', csv])).code).toBe(0);
    const { code, stdout } = await runCli(['demo', 'generate', ...small, '--format', 'xlsx', '--out', xlsx]);
    expect(code).toBe(0);
    expect(printedCounts(stdout).designations).toBeGreaterThan(0);
    for (const kind of ['enterprises', 'designations', 'memberships'] as const) {
      const fromCsv = await readRows(join(csv, `${kind}.csv`));
      const fromXlsx = await readRows(join(xlsx, `${kind}.xlsx`));
      // CSV cells are text; compare as text. Empty cells are null in both, but a workbook row ends
      // at its last written cell, so trailing empties are dropped before comparing.
      const text = (rows: SheetCell[][]) =>
        rows.map((r) => {
          const cells = r.map((cell) => (cell === null ? null : String(cell)));
          while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
          return cells;
        });
      expect(text(fromXlsx), kind).toEqual(text(fromCsv));
    }
  });

  it.each([
    [['demo'], /unknown subcommand/],
    [['demo', 'generate'], /--out is required/],
    [['demo', 'generate', '--out', 'x', '--format', 'pdf'], /--format must be csv or xlsx/],
    [
      ['demo', 'generate', '--out', 'x', '--enterprises', 'many'],
      /--enterprises must be a non-negative integer/,
    ],
    [['demo', 'generate', '--out', 'x', '--clusters', '5'], /invalid demo option clusters/],
    [['demo', 'generate', '--out', 'x', '--colour', 'red'], /Unknown option '--colour'/],
  ])('%j exits 2 with one line', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
