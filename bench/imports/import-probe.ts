/**
 * Child process of the imports suite: one import on a fresh database, then its time, throughput and
 * the process's peak RSS as JSON on stdout. A fresh process per case, so that peaks do not mix.
 *
 *   import-probe.ts '{"case":"roster"|"observations","db":"pglite"|"postgres","databaseUrl"?,
 *                     "pgliteDir"?, "roster": file, "observations"?: file}'
 *
 * `roster`: times `importEnterprises` of the roster file (.xlsx). `observations`: imports the roster
 * (a CSV, untimed), then times `importObservations` of the observations CSV; on PostgreSQL it then
 * times PostgreSQL's own `COPY … FROM STDIN (FORMAT csv)` of the same file into a table of the same
 * five columns with the same unique key, the ceiling the issue asks to compare with, and then (for
 * information) the same COPY into a table shaped like `observations` (all its indexes and its
 * foreign key).
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
// The Fastify type augmentations the server modules imported here rely on.
import type {} from '../../packages/server/src/app.ts';
import { openDatabase, runMigrations } from '../../packages/server/src/db/client.ts';
import { importEnterprises } from '../../packages/server/src/modules/imports/enterprise-import.service.ts';
import { importObservations } from '../../packages/server/src/modules/imports/observation-import.service.ts';
import { seedMetricCatalogue } from '../../packages/server/src/modules/metrics/metrics.service.ts';
import { recomputeClusterMetrics } from '../../packages/server/src/modules/metrics/metrics-rollup.service.ts';
import { seedReferenceData } from '../../packages/server/src/modules/reference/reference.seed.ts';

type ProbeInput = {
  case: 'roster' | 'observations';
  db: 'pglite' | 'postgres';
  databaseUrl?: string;
  pgliteDir?: string;
  roster: string;
  observations?: string;
};

const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;
const actor = { actorId: null, actorName: 'bench', ip: null, at: new Date() };
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const maxRssMiB = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;

const database = await openDatabase(
  input.db === 'postgres'
    ? { databaseUrl: input.databaseUrl, poolMax: 2 }
    : { pgliteDir: input.pgliteDir ?? 'memory://' },
);
try {
  await runMigrations(database);
  await seedReferenceData(database.db);
  await seedMetricCatalogue(database.db, actor.at);
  const common = { actor, scope: { kind: 'all' as const }, dryRun: false, limit: 1024 * 1024 * 1024 };
  let timed: () => Promise<{ rows: number; committed: boolean; issues: number }>;
  let pending: { period: string; metrics: string[] }[] = [];
  if (input.case === 'roster') {
    timed = async () => {
      const r = await importEnterprises(
        database.db,
        { path: input.roster },
        { ...common, fileName: input.roster },
      );
      return { rows: r.counts.rows, committed: r.committed, issues: r.issues.length };
    };
  } else {
    const roster = await importEnterprises(
      database.db,
      { path: input.roster },
      { ...common, fileName: input.roster },
    );
    if (!roster.committed) throw new Error(`roster refused: ${JSON.stringify(roster.issues.slice(0, 3))}`);
    const file = input.observations ?? '';
    timed = async () => {
      // the roll-up afterwards reads every enterprise value of the period (it grows with the registry,
      // not with the file): timed and measured apart
      const r = await importObservations(
        database.db,
        { path: file },
        { ...common, fileName: file, pool: database.pool, recompute: false },
      );
      pending = r.pendingRecompute;
      return { rows: r.counts.rows, committed: r.committed, issues: r.issues.length };
    };
  }
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await timed();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const importMaxRssMiB = maxRssMiB();
  const r0 = process.hrtime.bigint();
  for (const item of pending) await recomputeClusterMetrics(database.db, item, actor);
  const recomputeMs = pending.length > 0 ? Number(process.hrtime.bigint() - r0) / 1e6 : null;
  let copyMs: number | null = null;
  let copyShapedMs: number | null = null;
  if (input.case === 'observations' && database.pool) {
    const client = await database.pool.connect();
    try {
      await client.query(`create table bench_copy_target (subject_type text not null, subject_code text not null,
        metric_code text not null, period text not null, value double precision not null,
        unique (subject_type, subject_code, metric_code, period))`);
      const c0 = process.hrtime.bigint();
      await pipeline(
        createReadStream(input.observations ?? ''),
        client.query(copyFrom('copy bench_copy_target from stdin (format csv, header true)')),
      );
      copyMs = Number(process.hrtime.bigint() - c0) / 1e6;
      // a second, informative reference: COPY of the same rows into a table shaped like
      // `observations` itself (uuid key, natural key and two more indexes, the foreign key to the
      // metric catalogue): what PostgreSQL spends on the real table whoever loads it
      await client.query(
        `create table bench_copy_observations (like observations including defaults including indexes)`,
      );
      await client.query(`alter table bench_copy_observations
        alter column period_kind set default 'year', alter column period_end set default '2025-12-31',
        alter column source set default 'imported', alter column status set default 'provisional',
        alter column created_at set default now(), alter column updated_at set default now(),
        add foreign key (metric_code) references metric_definitions (code)`);
      const f0 = process.hrtime.bigint();
      await pipeline(
        createReadStream(input.observations ?? ''),
        client.query(
          copyFrom(
            'copy bench_copy_observations (metric_code, subject_type, subject_code, period, value) from stdin (format csv, header true)',
          ),
        ),
      );
      copyShapedMs = Number(process.hrtime.bigint() - f0) / 1e6;
    } finally {
      client.release();
    }
  }
  process.stdout.write(
    JSON.stringify({
      ...result,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      copyMs,
      copyShapedMs,
      rssBeforeMiB: mib(rssBefore),
      maxRssMiB: importMaxRssMiB,
      recomputeMs,
      recomputePeriods: pending.map((p) => p.period),
      maxRssWithRecomputeMiB: maxRssMiB(),
    }),
  );
} finally {
  await database.close();
}
