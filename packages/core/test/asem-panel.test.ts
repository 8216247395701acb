import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coinrMetaToNodes, readCoinrData, readCoinrMeta } from '../src/evaluation/pipeline/coinr-layout.ts';
import { preparePipeline } from '../src/evaluation/pipeline/prepare.ts';
import { runPipeline } from '../src/evaluation/pipeline/run-pipeline.ts';
import {
  type EvaluationSpecInput,
  parseEvaluationSpec,
} from '../src/evaluation/spec/evaluation-spec.schema.ts';

const example = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../examples/asem/${name}`, import.meta.url)), 'utf8');

describe('ASEM panel (5 years): COINr layout with a Time column', () => {
  const meta = readCoinrMeta(example('ASEM_iMeta.csv'));
  const data = readCoinrData(example('ASEM_iData_p.csv'), meta);

  it('the latest year is the evaluation period, the other four are the panel', () => {
    expect(data.period).toBe('2022');
    expect(data.panel?.map((p) => p.period)).toEqual(['2018', '2019', '2020', '2021']);
    expect(data.units).toHaveLength(51);
  });

  it('a growth formula reads the previous period: AUT Goods 608.96 / 424.34 − 1 = 0.4351', () => {
    const spec: EvaluationSpecInput = {
      version: 1,
      nodes: [
        { code: 'Index', kind: 'aggregate', parent: null },
        { code: 'GoodsGrowth', kind: 'indicator', parent: 'Index', formula: 'Goods[t] / Goods[t-1] - 1' },
        { code: 'LPI', kind: 'indicator', parent: 'Index' },
      ],
      normalisation: { method: 'zscore' },
    };
    const prepared = preparePipeline(parseEvaluationSpec(spec), data);
    const aut = prepared.unitCodes.indexOf('AUT');
    expect(prepared.raw[aut * prepared.indicatorCodes.length]).toBeCloseTo(
      608.9639280589741 / 424.3449161788317 - 1,
      12,
    );
    expect(prepared.raw[aut * prepared.indicatorCodes.length]).toBeCloseTo(0.4351, 4);
    expect(runPipeline(spec, data).steps.availability.indicators[0]?.availability).toBe(1);
  });

  it('latest-year carry-forward fills a cell missing in 2022 from an earlier year when there is one', () => {
    const spec = {
      version: 1 as const,
      nodes: coinrMetaToNodes(meta),
      imputation: { method: 'latest' as const },
    };
    const none = runPipeline({ ...spec, imputation: { method: 'none' } }, data);
    const latest = runPipeline(spec, data);
    const missingBefore = none.steps.imputation.stillMissing;
    expect(latest.steps.imputation.stillMissing + latest.steps.imputation.cells.length).toBe(missingBefore);
    for (const cell of latest.steps.imputation.cells) {
      const u = data.units.findIndex((x) => x.code === cell.unit);
      const earlier = (data.panel ?? [])
        .map((p) => p.values[cell.indicator]?.[u])
        .filter((v): v is number => typeof v === 'number');
      expect(earlier.length).toBeGreaterThan(0);
    }
  });
});
