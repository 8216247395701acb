/**
 * The `imports` benchmark suite (issue 4, "Speed"): the enterprise roster (.xlsx written from the
 * demo generator) and observations (CSV) imported for real — one streamed read (two for the roster),
 * one commit transaction — on PGlite and, when DATABASE_URL is set, on PostgreSQL, each case in a
 * fresh child process (import-probe.ts) so that its peak RSS is its own. Two file sizes per kind show
 * whether memory grows with the file. On PostgreSQL the observation case also times PostgreSQL's own
 * `COPY` of the same CSV into a table of the same columns and key: the ceiling.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { generateDemoData } from '@qunce/core/demo';
import pg from 'pg';
import { demoFiles } from '../../packages/server/src/cli/commands/demo.ts';
import { readDemoReference } from '../../packages/server/src/modules/demo/demo-reference.ts';
import {
  type ExportRows,
  writeCsvExport,
  writeXlsxExport,
} from '../../packages/server/src/spreadsheet/index.ts';
import { type BenchCase, describeMachine, repoRoot, type SuiteResult } from '../bench-harness.ts';

export type SuiteOptions = { quick?: boolean; log?: (line: string) => void };

type ProbeOutput = {
  rows: number;
  committed: boolean;
  issues: number;
  ms: number;
  cpuMs: number;
  copyMs: number | null;
  copyShapedMs: number | null;
  rssBeforeMiB: number;
  maxRssMiB: number;
  recomputeMs: number | null;
  recomputePeriods: string[];
  maxRssWithRecomputeMiB: number;
};

/** Metrics × periods written per enterprise: 5 × 2 = 10 observations each. */
const observationMetrics = [
  'revenue',
  'rd-expense',
  'high-tech-product-revenue',
  'purchases',
  'local-purchases',
];
const observationPeriods = ['2024', '2025'];

async function* firstRows(rows: ExportRows, count: number) {
  let i = 0;
  for await (const row of rows) {
    if (i++ >= count) return;
    yield row;
  }
}

async function writeRoster(
  file: string,
  format: 'xlsx' | 'csv',
  enterprises: ReturnType<typeof generateDemoData>,
  reference: ReturnType<typeof readDemoReference>,
  count: number,
): Promise<void> {
  const spec = demoFiles(enterprises, reference).find((f) => f.kind === 'enterprises');
  if (!spec) throw new Error('demo generator has no enterprises file');
  const out = createWriteStream(file);
  const rows = firstRows(spec.rows(), count);
  if (format === 'xlsx')
    await writeXlsxExport(out, { sheetName: spec.sheetName, columns: spec.columns, rows });
  else await writeCsvExport(out, { columns: spec.columns, rows });
  out.end();
  await finished(out);
}

async function writeObservations(file: string, creditCodes: readonly string[], rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('指标代码,主体类型,主体代码,期间,数值\n');
  let written = 0;
  let chunk = '';
  outer: for (const period of observationPeriods) {
    for (const metric of observationMetrics) {
      for (const [i, code] of creditCodes.entries()) {
        if (written >= rows) break outer;
        chunk += `${metric},enterprise,${code},${period},${((i * 7919) % 100_000) / 10 + 1}\n`;
        written++;
        if (chunk.length > 1 << 20) {
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          chunk = '';
        }
      }
    }
  }
  out.end(chunk);
  await finished(out);
}

function runProbe(input: Record<string, unknown>): ProbeOutput {
  const probe = join(repoRoot, 'bench', 'imports', 'import-probe.ts');
  const out = spawnSync(process.execPath, ['--import', 'tsx', probe, JSON.stringify(input)], {
    encoding: 'utf8',
    cwd: repoRoot,
    maxBuffer: 1 << 24,
  });
  if (out.status !== 0) throw new Error(`import probe failed: ${out.stderr.slice(-2000)}`);
  return JSON.parse(out.stdout) as ProbeOutput;
}

async function withPostgresDatabase<T>(run: (url: string) => T): Promise<T> {
  const base = process.env.DATABASE_URL ?? '';
  const name = `qunce_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const mb = (file: string) => Math.round((statSync(file).size / 2 ** 20) * 10) / 10;
const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en-US');

export async function runImportsSuite(options: SuiteOptions = {}): Promise<SuiteResult> {
  const loadAtStart = loadavg()[0] ?? 0;
  const log = options.log ?? (() => {});
  const rosterSizes = options.quick ? [500, 2000] : [25_000, 100_000];
  const observationSizes = options.quick ? [5000, 20_000] : [250_000, 1_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'qunce-bench-imports-'));
  const cases: BenchCase[] = [];
  const checks: SuiteResult['checks'] = [];
  const withPostgres = Boolean(process.env.DATABASE_URL);
  try {
    const maxEnterprises = Math.max(...rosterSizes, ...observationSizes.map((n) => n / 10));
    log(`generating ${maxEnterprises} demo enterprises`);
    const reference = readDemoReference();
    const data = generateDemoData({
      seed: 1,
      enterprises: maxEnterprises,
      clusters: 40,
      years: 1,
      endYear: 2025,
      reference,
    });
    const codes = data.enterprises.map((e) => e.creditCode);

    const rosterFiles = new Map<number, string>();
    for (const n of rosterSizes) {
      const file = join(dir, `roster-${n}.xlsx`);
      await writeRoster(file, 'xlsx', data, reference, n);
      rosterFiles.set(n, file);
      log(`roster ${n}: ${mb(file)} MB`);
    }
    const observationFiles = new Map<number, { roster: string; observations: string }>();
    for (const n of observationSizes) {
      const enterprises = n / 10;
      const roster = join(dir, `roster-${enterprises}.csv`);
      await writeRoster(roster, 'csv', data, reference, enterprises);
      const observations = join(dir, `observations-${n}.csv`);
      await writeObservations(observations, codes.slice(0, enterprises), n);
      observationFiles.set(n, { roster, observations });
      log(`observations ${n}: ${mb(observations)} MB`);
    }

    const engines: ('pglite' | 'postgres')[] = withPostgres ? ['pglite', 'postgres'] : ['pglite'];
    if (!withPostgres) {
      checks.push({ name: 'PostgreSQL cases', ok: true, detail: 'skipped: DATABASE_URL is not set' });
    }
    const peaks = new Map<string, number>();
    for (const engine of engines) {
      const probe = async (input: Record<string, unknown>) => {
        if (engine === 'postgres')
          return withPostgresDatabase((url) => runProbe({ ...input, db: engine, databaseUrl: url }));
        const pgliteDir = mkdtempSync(join(dir, 'pglite-'));
        try {
          return runProbe({ ...input, db: engine, pgliteDir });
        } finally {
          rmSync(pgliteDir, { recursive: true, force: true });
        }
      };
      for (const n of rosterSizes) {
        const file = rosterFiles.get(n) ?? '';
        log(`${engine}: roster ${n}`);
        const r = await probe({ case: 'roster', roster: file });
        peaks.set(`${engine}:roster:${n}`, r.maxRssMiB);
        const isGoal = engine === 'pglite' && n === 100_000;
        cases.push({
          id: `roster-${engine}-${n}`,
          name: `roster ${n.toLocaleString('en-US')} enterprises (.xlsx, ${mb(file)} MB) on ${engine}`,
          ms: r.ms,
          cpuMs: r.cpuMs,
          referenceMs: null,
          referenceCpuMs: null,
          target: isGoal ? 'under 20 s' : null,
          meetsTarget: isGoal ? r.ms < 20_000 : null,
          notes: `${perSecond(r.rows, r.ms)} rows/s; peak RSS ${r.maxRssMiB} MiB; ${r.committed ? 'committed' : `NOT committed (${r.issues} issues)`}`,
        });
      }
      for (const n of observationSizes) {
        const files = observationFiles.get(n);
        if (!files) continue;
        log(`${engine}: observations ${n}`);
        const r = await probe({ case: 'observations', ...files });
        peaks.set(`${engine}:observations:${n}`, r.maxRssMiB);
        const isGoal = engine === 'postgres' && r.copyMs !== null;
        cases.push({
          id: `observations-${engine}-${n}`,
          name: `observations ${n.toLocaleString('en-US')} (CSV, ${mb(files.observations)} MB) on ${engine}`,
          ms: r.ms,
          cpuMs: r.cpuMs,
          referenceMs: r.copyMs,
          referenceCpuMs: null,
          target: isGoal ? 'within 3× of COPY' : null,
          meetsTarget: isGoal && r.copyMs !== null ? r.ms <= 3 * r.copyMs : null,
          notes: `${perSecond(r.rows, r.ms)} rows/s${r.copyMs !== null ? ` (COPY ${perSecond(r.rows, r.copyMs)} rows/s; Qunce ÷ COPY = ${(r.ms / r.copyMs).toFixed(1)}×)` : ''}${r.copyShapedMs !== null ? `; COPY into a table shaped like observations (uuid key, 4 indexes, foreign key): ${(r.copyShapedMs / 1000).toFixed(1)} s, Qunce ÷ that = ${(r.ms / r.copyShapedMs).toFixed(1)}×` : ''}; peak RSS ${r.maxRssMiB} MiB (the roster import before it included); ${r.committed ? 'committed' : `NOT committed (${r.issues} issues)`}; then the roll-up of ${r.recomputePeriods.join(', ') || 'no period'}: ${r.recomputeMs === null ? '–' : `${(r.recomputeMs / 1000).toFixed(1)} s`}, peak RSS ${r.maxRssWithRecomputeMiB} MiB (reads every enterprise value of the period: grows with the registry, not the file)`,
        });
      }
      for (const [kind, sizes] of [
        ['roster', rosterSizes],
        ['observations', observationSizes],
      ] as const) {
        const [small, large] = sizes;
        const a = peaks.get(`${engine}:${kind}:${small}`) ?? 0;
        const b = peaks.get(`${engine}:${kind}:${large}`) ?? 0;
        checks.push({
          name: `${engine}: peak RSS of the ${kind} import does not grow with the file (${small} → ${large} rows, ${(large ?? 0) / (small ?? 1)}× the rows)`,
          ok: b <= a * 1.5,
          detail: `${a} MiB → ${b} MiB (${(b / a).toFixed(2)}×)`,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    suite: 'imports',
    machine: describeMachine(loadAtStart),
    reference:
      'PostgreSQL `COPY … FROM STDIN (FORMAT csv)` of the same observations CSV into a table of the same five columns and unique key, timed in the same probe after the import; the notes add, for information, the same COPY into a table shaped like `observations` (its uuid key, natural key, two more indexes and foreign key) (the "NumPy" columns of this table hold COPY; there is no reference for the roster or on PGlite). Each case is one run in a fresh process on a fresh database: wall time of the whole import (one read that checks, stages and merges batch by batch in one transaction, then the subject, duplicate and lock checks and the audit; for observations the roll-up of derived cluster metrics that follows the commit is timed apart, in the notes). Peak RSS is the probe process\'s, database included on PGlite.',
    cases,
    checks,
  };
}
