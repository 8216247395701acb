/**
 * Shared benchmark plumbing: machine description, median timings, results files and the tables in
 * docs/BENCHMARKS.md (one section per suite between markers, regenerated on every run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export type Machine = {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  python: string | null;
  numpy: string | null;
  date: string;
  /** 1-minute load average when the suite started and ended (other processes share the cores). */
  loadAverage: [number, number];
};

export function describeMachine(loadAtStart: number = loadavg()[0] ?? 0): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const match = /^model name\s*:\s*(.+)$/m.exec(info);
    if (match?.[1]) cpu = match[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  const py = spawnSync(
    'python3',
    ['-c', 'import sys, numpy; print(sys.version.split()[0], numpy.__version__)'],
    {
      encoding: 'utf8',
    },
  );
  const [python, numpy] = py.status === 0 ? py.stdout.trim().split(' ') : [null, null];
  return {
    cores: availableParallelism(),
    cpu,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    python: python ?? null,
    numpy: numpy ?? null,
    date: new Date().toISOString(),
    loadAverage: [round1(loadAtStart), round1(loadavg()[0] ?? 0)],
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export type Timing = {
  /** Median wall time, milliseconds. */
  ms: number;
  /** Median CPU time of the whole process (all threads, user + system), milliseconds: less sensitive to other load. */
  cpuMs: number;
};

/** The middle value (the upper one of the two middles for an even count), as every suite reports. */
export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Median wall and CPU time of `repeats` calls after `warmup` calls. */
export async function measure(
  fn: () => unknown | Promise<unknown>,
  repeats: number,
  warmup = Math.min(3, repeats),
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

export type BenchCase = {
  id: string;
  name: string;
  /** The engine's median wall time, milliseconds. */
  ms: number;
  /** The engine's median process CPU time (all threads), milliseconds. */
  cpuMs: number;
  /** The reference's median wall time in the same command, when there is one. */
  referenceMs: number | null;
  referenceCpuMs: number | null;
  target: string | null;
  /** Whether the target is met (null: no target). */
  meetsTarget: boolean | null;
  notes: string;
};

export type SuiteResult = {
  suite: string;
  machine: Machine;
  reference: string;
  cases: BenchCase[];
  memory?: { runs: number; maxRssMiB: number; heapUsedMiB: number }[];
  checks: { name: string; ok: boolean; detail: string }[];
};

export function writeSuiteResult(result: SuiteResult): string {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.suite}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  updateBenchmarksDoc(result);
  return file;
}

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(3) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0));

export function renderSuite(result: SuiteResult): string {
  const m = result.machine;
  const lines = [
    `### Suite \`${result.suite}\``,
    '',
    `Measured ${m.date} on ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, Python ${m.python ?? '–'}, NumPy ${m.numpy ?? '–'}; 1-minute load average ${m.loadAverage[0]} at the start and ${m.loadAverage[1]} at the end${m.loadAverage[0] > m.cores ? ' (**the machine was shared with other work: absolute times are inflated; both implementations ran under the same load**)' : ''}.`,
    `Reference: ${result.reference}`,
    '',
    'Wall = elapsed time (median); CPU = CPU time of the whole process, all threads (median), which other load on the machine inflates much less. Targets are judged on wall time.',
    '',
    '| case | Qunce wall (ms) | Qunce CPU (ms) | NumPy wall (ms) | NumPy CPU (ms) | NumPy ÷ Qunce (wall) | NumPy ÷ Qunce (CPU) | target | met | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|---|',
    ...result.cases.map(
      (c) =>
        `| ${c.name} | ${fmt(c.ms)} | ${fmt(c.cpuMs)} | ${c.referenceMs === null ? '–' : fmt(c.referenceMs)} | ${
          c.referenceCpuMs === null ? '–' : fmt(c.referenceCpuMs)
        } | ${c.referenceMs === null ? '–' : `${(c.referenceMs / c.ms).toFixed(2)}×`} | ${
          c.referenceCpuMs === null ? '–' : `${(c.referenceCpuMs / c.cpuMs).toFixed(2)}×`
        } | ${c.target ?? '–'} | ${c.meetsTarget === null ? '–' : c.meetsTarget ? 'yes' : '**no**'} | ${c.notes} |`,
    ),
  ];
  if (result.memory) {
    lines.push(
      '',
      '| Monte Carlo runs (national, 1 thread) | peak RSS (MiB) | heap used after (MiB) |',
      '|---:|---:|---:|',
    );
    for (const row of result.memory)
      lines.push(`| ${row.runs} | ${row.maxRssMiB.toFixed(1)} | ${row.heapUsedMiB.toFixed(1)} |`);
  }
  if (result.checks.length > 0) {
    lines.push('', 'Cross-checks run with the benchmark:', '');
    for (const c of result.checks) lines.push(`- ${c.ok ? 'ok' : '**FAILED**'}: ${c.name} (${c.detail})`);
  }
  return lines.join('\n');
}

function updateBenchmarksDoc(result: SuiteResult): void {
  const file = join(repoRoot, 'docs', 'BENCHMARKS.md');
  const start = `<!-- bench:${result.suite}:start -->`;
  const end = `<!-- bench:${result.suite}:end -->`;
  const header =
    '# Benchmarks\n\nRegenerated by `npm run bench` (or `npx qunce bench <suite>`); the raw numbers are in `bench/results/<suite>.json`. Ratios are NumPy time ÷ Qunce time (above 1: Qunce is faster), both measured in the same command on the same machine. Timings are medians; nothing here is asserted by tests.\n';
  let text = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const section = `${start}\n${renderSuite(result)}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text =
    i >= 0 && j > i
      ? `${text.slice(0, i)}${section}${text.slice(j + end.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}
