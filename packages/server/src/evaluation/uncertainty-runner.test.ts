import { AppError } from '@qunce/core';
import {
  analyseUncertainty,
  buildUncertaintyTree,
  type MeanMethod,
  type TreeNodeInput,
  type UncertaintyModel,
} from '@qunce/core/evaluation';
import { afterAll, describe, expect, it } from 'vitest';
import { runUncertaintyInWorkers, splitRuns, UncertaintyWorkerPool } from './uncertainty-runner.ts';

/** 30 units × 12 indicators in 2 levels of aggregates, two normalisations, arithmetic or geometric. */
function buildModel(overrides: Partial<UncertaintyModel> = {}): UncertaintyModel {
  const nodes: TreeNodeInput[] = [{ code: 'Index', parent: null, weight: 1 }];
  for (let p = 0; p < 3; p++) {
    nodes.push({ code: `P${p}`, parent: 'Index', weight: 1 + p });
    for (let i = 0; i < 4; i++) nodes.push({ code: `P${p}_${i}`, parent: `P${p}`, weight: 1 + (i % 2) });
  }
  const tree = buildUncertaintyTree(nodes);
  const units = 30;
  // Deterministic data: a 31-bit linear congruential sequence (Park–Miller), scaled to [0, 1).
  let state = 2024;
  const raw = Float64Array.from({ length: units * tree.indicatorCount }, () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  });
  const scaled = raw.map((x) => 1 + 99 * x);
  const squared = raw.map((x) => 1 + 99 * x * x);
  const all = (m: MeanMethod): MeanMethod[] => Array.from({ length: tree.codes.length }, () => m);
  return {
    seed: 7,
    runs: 1001,
    sensitivity: true,
    unitCodes: Array.from({ length: units }, (_, u) => `C${String(u).padStart(2, '0')}`),
    tree,
    imputations: ['none'],
    normalisations: ['linear', 'squared'],
    matrices: [scaled, squared],
    aggregations: [
      { label: 'arithmetic', method: all('arithmetic'), p: new Float64Array(tree.codes.length) },
      { label: 'geometric', method: all('geometric'), p: new Float64Array(tree.codes.length) },
    ],
    weightSpread: 0.25,
    weightLevels: [1, 2],
    fixed: [],
    notes: [],
    ...overrides,
  };
}

const pool = new UncertaintyWorkerPool(2);
afterAll(() => pool.close());

describe('worker-thread uncertainty runner', () => {
  it('splits 1001 runs over 2 workers as [0, 501) and [501, 1001)', () => {
    expect(splitRuns(1001, 2)).toEqual([
      { from: 0, to: 501 },
      { from: 501, to: 1001 },
    ]);
    expect(splitRuns(3, 8)).toHaveLength(3);
  });

  it('one worker, two workers and the calling thread give byte-identical JSON', async () => {
    const model = buildModel();
    const inThread = JSON.stringify(analyseUncertainty(model));
    const one = JSON.stringify(await runUncertaintyInWorkers(model, { workers: 1 }));
    const two = JSON.stringify(await pool.analyse(model));
    expect(one).toBe(inThread);
    expect(two).toBe(inThread);
    expect(JSON.parse(two).evaluations).toBe(1001 * (4 + 2));
  });

  it('passes an AppError from a worker back with its code', async () => {
    const model = buildModel({ runs: 10 });
    const zero = Float64Array.from(model.matrices[0] as Float64Array);
    zero[0] = 0;
    const rejected = pool.analyse({ ...model, matrices: [zero, model.matrices[1] as Float64Array] });
    await expect(rejected).rejects.toBeInstanceOf(AppError);
    await expect(rejected).rejects.toMatchObject({ code: 'rule_violated' });
  });

  it('reports progress over 20 ranges handed to whichever worker is free, with the same JSON', async () => {
    const model = buildModel({ runs: 400, sensitivity: false });
    const progress: number[] = [];
    const result = await pool.analyse(model, { onProgress: (done) => progress.push(done) });
    expect(progress).toHaveLength(20);
    expect(progress.at(-1)).toBe(400);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(JSON.stringify(result)).toBe(JSON.stringify(analyseUncertainty(model)));
  });
});
