import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coinrMetaToNodes, readCoinrData, readCoinrMeta } from '../src/evaluation/pipeline/coinr-layout.ts';
import { runPipeline } from '../src/evaluation/pipeline/run-pipeline.ts';

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../examples/asem/${name}`, import.meta.url)), 'utf8');

/** COINr documentation, build_example_coin(): index and the two sub-index scores (/work/shared/data/asem/README.md). */
const published: [string, number, number, number][] = [
  ['CHE', 68.38, 62.79, 73.98],
  ['NLD', 64.82, 61.94, 67.7],
  ['DNK', 64.8, 57.1, 72.51],
  ['NOR', 64.47, 57.44, 71.5],
  ['BEL', 63.54, 63.99, 63.09],
  ['SWE', 63.0, 53.87, 72.12],
];

describe('ASEM golden test: COINr example pipeline', () => {
  const meta = readCoinrMeta(example('ASEM_iMeta.csv'));
  const data = readCoinrData(example('ASEM_iData.csv'), meta);
  const spec = { ...JSON.parse(example('spec.json')), nodes: coinrMetaToNodes(meta) };
  const result = runPipeline(spec, data);
  const byCode = new Map(result.units.map((u) => [u.code, u]));

  it.each(published)('%s: Index %s, Conn %s, Sust %s (to 2 decimals)', (code, index, conn, sust) => {
    const unit = byCode.get(code);
    expect(unit?.scores.Index).toBeCloseTo(index, 2);
    expect(unit?.scores.Conn).toBeCloseTo(conn, 2);
    expect(unit?.scores.Sust).toBeCloseTo(sust, 2);
  });

  it('ranks the published top six 1..6 in the published order', () => {
    expect(published.map(([code]) => byCode.get(code)?.ranks.Index)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps all 51 units (5 have under 90 % raw data but none after group-mean imputation) and says what it did', () => {
    expect(result.units).toHaveLength(51);
    expect(result.steps.screenedOut).toEqual([]);
    expect(result.steps.availability.units.filter((u) => u.availability < 0.9).map((u) => u.unit)).toEqual([
      'BGD',
      'BRN',
      'KHM',
      'LAO',
      'MMR',
    ]);
    expect(result.steps.denominated).toHaveLength(17);
    // Winsorised indicators (COINr's Dets_Table: none of ASEM needs the log fallback).
    const treated = result.steps.treatment.filter((t) => t.applied !== 'none');
    expect(treated.every((t) => t.applied === 'winsorised' && t.passedAfter)).toBe(true);
    expect(treated.map((t) => [t.indicator, t.winsorisedHigh.length + t.winsorisedLow.length])).toEqual([
      ['Flights', 1],
      ['Bord', 3],
      ['Gas', 3],
      ['Services', 4],
      ['FDI', 2],
      ['ForPort', 3],
      ['CostImpEx', 1],
      ['Tariff', 3],
      ['StMob', 2],
      ['CultServ', 3],
      ['Forest', 2],
      ['Poverty', 3],
      ['NGOs', 3],
      ['FemLab', 1],
      ['PubDebt', 1],
    ]);
    expect(result.steps.imputation.cells).toHaveLength(65);
  });

  it('contributions of the 49 indicators add up to the index (arithmetic at every level)', () => {
    for (const unit of result.units) {
      const total = Object.values(unit.contributions).reduce<number>((a, c) => a + (c ?? 0), 0);
      expect(total).toBeCloseTo(unit.scores.Index ?? Number.NaN, 9);
    }
  });

  it('gives a byte-identical result for the same inputs, with the hash of spec and data', () => {
    const again = runPipeline(spec, data);
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
