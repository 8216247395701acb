/**
 * The `evaluation` benchmark suite (issue 3): a provincial evaluation (41 clusters × 60 indicators,
 * 4 levels), its uncertainty analysis with 10,000 Monte Carlo runs on one thread and on two workers, a
 * national one (1,000 clusters × 60 indicators, 10,000 runs) on two workers, and peak memory for 1,000
 * vs 10,000 runs; each against the NumPy reference (bench/reference/evaluation_reference.py) run in the
 * same command on the same synthetic data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyseUncertainty,
  buildUncertaintyModel,
  parseEvaluationSpec,
  preparePipeline,
  runPipeline,
  type UncertaintyResult,
} from '@qunce/core/evaluation';
import { rankValues } from '../../packages/core/src/evaluation/stats.ts';
import { UncertaintyWorkerPool } from '../../packages/server/src/evaluation/uncertainty-runner.ts';
import { type BenchCase, describeMachine, measure, repoRoot, type SuiteResult } from '../bench-harness.ts';
import { type SyntheticSet, syntheticSet } from './synthetic-data.ts';

export type SuiteOptions = { quick?: boolean; log?: (line: string) => void };

type ReferenceOutput = {
  numpy: string;
  singleMs: number;
  singleCpuMs: number;
  monteCarloMs: number;
  monteCarloCpuMs: number;
  nominalRanks: number[];
  medianRanks: number[];
  meanAbsRankShift: number;
  batch: number;
};

/** Runs the NumPy reference; null (reported, not fatal) when python3 or NumPy is not installed. */
function runReference(
  file: string,
  runs: number,
  repeats: number,
  singleRepeats: number,
): ReferenceOutput | null {
  const script = join(repoRoot, 'bench', 'reference', 'evaluation_reference.py');
  const out = spawnSync('python3', [script, file, String(runs), String(repeats), String(singleRepeats)], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    // One BLAS thread: the reference runs on one core, like the engine's single-thread case.
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (out.error || /No module named .?numpy/.test(out.stderr ?? '')) return null;
  if (out.status !== 0) throw new Error(`NumPy reference failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as ReferenceOutput;
}

function memoryProbe(runs: number): { runs: number; maxRssMiB: number; heapUsedMiB: number } {
  const probe = join(repoRoot, 'bench', 'evaluation', 'memory-probe.ts');
  const out = spawnSync(process.execPath, ['--import', 'tsx', probe, String(runs)], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`memory probe failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { runs: number; maxRssMiB: number; heapUsedMiB: number };
}

const sameRanks = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((r, i) => r === b[i]);

function meanMedianGap(result: UncertaintyResult, reference: ReferenceOutput): number {
  let total = 0;
  result.units.forEach((u, i) => {
    total += Math.abs(u.medianRank - (reference.medianRanks[i] as number));
  });
  return total / result.units.length;
}

export async function runEvaluationSuite(options: SuiteOptions = {}): Promise<SuiteResult> {
  const log = options.log ?? (() => {});
  const loadAtStart = loadavg()[0] ?? 0;
  const quick = options.quick ?? false;
  const runs = quick ? 1000 : 10_000;
  const repeats = quick ? 2 : 5;
  const provincial = syntheticSet(41, 20260101, runs);
  const national = syntheticSet(1000, 20260102, runs);
  const dir = mkdtempSync(join(tmpdir(), 'qunce-bench-'));
  const write = (name: string, set: SyntheticSet) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(set.reference));
    return file;
  };
  const provincialFile = write('provincial.json', provincial);
  const nationalFile = write('national.json', national);
  const cases: BenchCase[] = [];
  const checks: SuiteResult['checks'] = [];

  try {
    log('NumPy reference: provincial …');
    const refProvincial = runReference(provincialFile, runs, repeats, quick ? 50 : 500);
    log('NumPy reference: national …');
    const refNational = runReference(nationalFile, runs, quick ? 1 : 3, quick ? 5 : 20);

    log('single provincial evaluation …');
    const spec = parseEvaluationSpec(provincial.spec);
    const pipelineT = await measure(() => runPipeline(spec, provincial.data), quick ? 50 : 500, 20);
    const coreT = await measure(
      () => {
        const prepared = preparePipeline(spec, provincial.data);
        const scores = prepared.aggregate(prepared.normalisedMatrix());
        const N = prepared.tree.codes.length;
        return rankValues(
          prepared.unitCodes.map((_, u) => scores[u * N + prepared.tree.rootIndex] as number),
        );
      },
      quick ? 50 : 500,
      20,
    );
    cases.push(
      {
        id: 'provincial-single-core',
        name: 'provincial evaluation (41 × 60, 4 levels): prepare, min-max, aggregate, rank',
        ms: coreT.ms,
        cpuMs: coreT.cpuMs,
        referenceMs: refProvincial?.singleMs ?? null,
        referenceCpuMs: refProvincial?.singleCpuMs ?? null,
        target: '< 2 ms',
        meetsTarget: coreT.ms < 2,
        notes: 'like for like with the NumPy pipeline',
      },
      {
        id: 'provincial-single-full',
        name: 'provincial evaluation, full `runPipeline` result',
        ms: pipelineT.ms,
        cpuMs: pipelineT.cpuMs,
        referenceMs: null,
        referenceCpuMs: null,
        target: '< 2 ms',
        meetsTarget: pipelineT.ms < 2,
        notes:
          'adds spec/data validation, SHA-256 of canonical JSON, contributions, correlations, Cronbach α',
      },
    );
    const pipelineRanks = runPipeline(spec, provincial.data).units.map((u) => u.ranks.Index ?? 0);
    if (refProvincial)
      checks.push({
        name: 'provincial nominal ranking identical in Qunce and NumPy',
        ok: sameRanks(pipelineRanks, refProvincial.nominalRanks),
        detail: `${provincial.reference.units.length} units`,
      });

    log('provincial uncertainty, one thread …');
    let oneThread: UncertaintyResult | null = null;
    const oneT = await measure(
      () => {
        oneThread = analyseUncertainty(buildUncertaintyModel(provincial.spec, provincial.data));
      },
      repeats,
      1,
    );
    cases.push({
      id: 'provincial-mc-1',
      name: `provincial uncertainty, ${runs.toLocaleString('en')} runs (weights ±25 %, 2 normalisations × 2 aggregations), 1 thread`,
      ms: oneT.ms,
      cpuMs: oneT.cpuMs,
      referenceMs: refProvincial?.monteCarloMs ?? null,
      referenceCpuMs: refProvincial?.monteCarloCpuMs ?? null,
      target: '< 500 ms',
      meetsTarget: oneT.ms < 500,
      notes: 'includes building the model (prepare + both normalised matrices)',
    });

    log('provincial uncertainty, two workers …');
    const pool = new UncertaintyWorkerPool(2);
    try {
      let twoWorkers: UncertaintyResult | null = null;
      const twoT = await measure(
        async () => {
          twoWorkers = await pool.analyse(buildUncertaintyModel(provincial.spec, provincial.data));
        },
        repeats,
        // Worker isolates reach full speed after a few calls (their JIT warms up per isolate): 3 warm-ups.
        quick ? 1 : 3,
      );
      cases.push({
        id: 'provincial-mc-2',
        name: `provincial uncertainty, ${runs.toLocaleString('en')} runs, 2 worker threads`,
        ms: twoT.ms,
        cpuMs: twoT.cpuMs,
        referenceMs: refProvincial?.monteCarloMs ?? null,
        referenceCpuMs: refProvincial?.monteCarloCpuMs ?? null,
        target: `faster than 1 thread (${oneT.ms.toFixed(1)} ms)`,
        meetsTarget: twoT.ms < oneT.ms,
        notes: 'warm pool (workers started once and warmed by 3 analyses, as in a long-running server)',
      });
      checks.push({
        name: 'one thread and two workers give byte-identical JSON',
        ok: JSON.stringify(oneThread) === JSON.stringify(twoWorkers),
        detail: `${runs} runs, seed ${provincial.reference.seed}`,
      });
      const one = oneThread as UncertaintyResult | null;
      if (one && refProvincial)
        checks.push({
          name: 'median ranks agree with NumPy (independent random streams)',
          ok: meanMedianGap(one, refProvincial) <= 1,
          detail: `mean |Δ median rank| = ${meanMedianGap(one, refProvincial).toFixed(3)}; mean |rank shift| Qunce ${one.meanAbsRankShift.toFixed(3)}, NumPy ${refProvincial.meanAbsRankShift.toFixed(3)}`,
        });

      log('provincial sensitivity, two workers …');
      const saModel = () => buildUncertaintyModel(provincial.spec, provincial.data, { sensitivity: true });
      let evaluations = 0;
      const saT = await measure(
        async () => {
          evaluations = (await pool.analyse(saModel())).evaluations;
        },
        quick ? 1 : 3,
        1,
      );
      cases.push({
        id: 'provincial-sa-2',
        name: `provincial sensitivity (Saltelli/Jansen), N = ${runs.toLocaleString('en')}, k = 5: ${evaluations.toLocaleString('en')} evaluations, 2 workers`,
        ms: saT.ms,
        cpuMs: saT.cpuMs,
        referenceMs: null,
        referenceCpuMs: null,
        target: null,
        meetsTarget: null,
        notes: 'no NumPy counterpart',
      });

      log('national uncertainty, two workers …');
      let nationalResult: UncertaintyResult | null = null;
      const nationalT = await measure(
        async () => {
          nationalResult = await pool.analyse(buildUncertaintyModel(national.spec, national.data));
        },
        quick ? 1 : 3,
        quick ? 1 : 3,
      );
      cases.push({
        id: 'national-mc-2',
        name: `national uncertainty (1,000 × 60), ${runs.toLocaleString('en')} runs, 2 worker threads`,
        ms: nationalT.ms,
        cpuMs: nationalT.cpuMs,
        referenceMs: refNational?.monteCarloMs ?? null,
        referenceCpuMs: refNational?.monteCarloCpuMs ?? null,
        target: '< 10 s',
        meetsTarget: nationalT.ms < 10_000,
        notes: refNational
          ? `NumPy on 1 BLAS thread, batches of ${refNational.batch} runs`
          : 'NumPy not available',
      });
      const nat = nationalResult as UncertaintyResult | null;
      if (nat && refNational)
        checks.push({
          name: 'national nominal ranking identical in Qunce and NumPy',
          ok: sameRanks(
            nat.units.map((u) => u.nominalRank),
            refNational.nominalRanks,
          ),
          detail: `1,000 units; mean |Δ median rank| ${meanMedianGap(nat, refNational).toFixed(3)}`,
        });
    } finally {
      await pool.close();
    }

    log('cold start of two workers …');
    const coldCpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const cold = new UncertaintyWorkerPool(2);
    await cold.analyse(buildUncertaintyModel(provincial.spec, provincial.data, { runs: 10 }));
    await cold.close();
    cases.push({
      id: 'workers-cold-start',
      name: 'starting 2 worker threads (tsx) and a 10-run analysis',
      ms: Number(process.hrtime.bigint() - t0) / 1e6,
      cpuMs: (() => {
        const c = process.cpuUsage(coldCpu);
        return (c.user + c.system) / 1000;
      })(),
      referenceMs: null,
      referenceCpuMs: null,
      target: null,
      meetsTarget: null,
      notes: 'paid once per server process',
    });

    log('memory, 1,000 vs 10,000 runs …');
    const memory = [memoryProbe(1000), memoryProbe(quick ? 2000 : 10_000)];
    const [small, large] = memory as [(typeof memory)[0], (typeof memory)[0]];
    checks.push({
      name: 'memory flat in the number of runs',
      ok: large.maxRssMiB < small.maxRssMiB * 1.25,
      detail: `peak RSS ${small.maxRssMiB.toFixed(1)} MiB at ${small.runs} runs, ${large.maxRssMiB.toFixed(1)} MiB at ${large.runs}`,
    });

    return {
      suite: 'evaluation',
      machine: describeMachine(loadAtStart),
      reference: refProvincial
        ? `NumPy ${refProvincial.numpy}, vectorised over runs (bench/reference/evaluation_reference.py), one BLAS thread`
        : 'not run: python3 with NumPy is not installed (bench/reference/evaluation_reference.py needs it)',
      cases,
      memory: memory.map(({ runs: r, maxRssMiB, heapUsedMiB }) => ({ runs: r, maxRssMiB, heapUsedMiB })),
      checks,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
