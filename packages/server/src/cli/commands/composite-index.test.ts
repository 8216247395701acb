import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';

const asem = (name: string) =>
  fileURLToPath(new URL(`../../../../../examples/asem/${name}`, import.meta.url));

const qunce = (args: string[]) => runCli(args);

type Output = {
  units: { code: string; scores: Record<string, number>; ranks: Record<string, number> }[];
  hash: string;
};

describe('qunce index', () => {
  it('reproduces COINr ASEM: CHE Index 68.38 = (Conn 62.79 + Sust 73.98) / 2, ranked first', async () => {
    const { code, stdout } = await qunce([
      'index',
      '--data',
      asem('ASEM_iData.csv'),
      '--meta',
      asem('ASEM_iMeta.csv'),
      '--spec',
      asem('spec.json'),
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Output;
    const che = out.units[0];
    expect(che?.code).toBe('CHE');
    expect(che?.scores.Index).toBeCloseTo(68.38, 2);
    expect(che?.scores.Conn).toBeCloseTo(62.79, 2);
    expect(che?.scores.Sust).toBeCloseTo(73.98, 2);
    expect(out.units.map((u) => u.code).slice(0, 6)).toEqual(['CHE', 'NLD', 'DNK', 'NOR', 'BEL', 'SWE']);
    expect(out.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints the same bytes twice for the same inputs', async () => {
    const args = ['index', '--data', asem('ASEM_iData.csv'), '--meta', asem('ASEM_iMeta.csv')];
    const first = await qunce(args);
    const second = await qunce(args);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('exits 2 with a one-line message naming the cell for a non-numeric value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qunce-index-'));
    const data = join(dir, 'data.csv');
    const meta = join(dir, 'meta.csv');
    writeFileSync(
      meta,
      'Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type\n1,A,A,1,1,,NA,NA,Index,Indicator\n1,B,B,1,1,,NA,NA,Index,Indicator\n2,Index,Index,1,1,,NA,NA,NA,Aggregate\n',
    );
    writeFileSync(data, 'uName,uCode,A,B\nOne,U1,1,2\nTwo,U2,abc,3\n');
    const { code, stderr } = await qunce(['index', '--data', data, '--meta', meta]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('row 3, column A');
  });

  it('exits 2 without --data, and for a malformed --uncertainty', async () => {
    expect((await qunce(['index'])).code).toBe(2);
    const bad = await qunce([
      'index',
      '--data',
      asem('ASEM_iData.csv'),
      '--meta',
      asem('ASEM_iMeta.csv'),
      '--uncertainty',
      'runs=x',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('runs=N');
  });
});

describe('qunce index --uncertainty', () => {
  it('adds each unit’s median rank and 5–95 % interval, the same for the same seed', async () => {
    const args = [
      'index',
      '--data',
      asem('ASEM_iData.csv'),
      '--meta',
      asem('ASEM_iMeta.csv'),
      '--spec',
      asem('spec.json'),
      '--uncertainty',
      'runs=50,seed=7',
    ];
    const first = await qunce(args);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as {
      units: { code: string; medianRank: number; rankInterval: [number, number] }[];
      uncertainty: { runs: number; seed: number };
    };
    expect(out.uncertainty).toMatchObject({ runs: 50, seed: 7 });
    for (const unit of out.units) {
      expect(unit.rankInterval[0]).toBeLessThanOrEqual(unit.medianRank);
      expect(unit.medianRank).toBeLessThanOrEqual(unit.rankInterval[1]);
    }
    expect((await qunce(args)).stdout).toBe(first.stdout);
  });
});
