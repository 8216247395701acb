/**
 * The `services` benchmark suite (issue 2, shared services): `qunce db backup` / `restore` throughput
 * on many small rows and on files (attachments are bytea in the database), and what progress
 * reporting costs a job. PGlite in memory; PostgreSQL too when DATABASE_URL is set. No reference
 * implementation: the numbers are absolute.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
// The Fastify type augmentations (request.user, app.deps) the server modules imported here rely on.
import type {} from '../../packages/server/src/app.ts';
import { backupDatabase, restoreDatabase } from '../../packages/server/src/db/backup.ts';
import { type Database, openDatabase, runMigrations } from '../../packages/server/src/db/client.ts';
import { JobRunner } from '../../packages/server/src/modules/jobs/jobs.service.ts';
import { type BenchCase, describeMachine, measure, type SuiteResult } from '../bench-harness.ts';

export type SuiteOptions = { quick?: boolean; log?: (line: string) => void };

async function openBenchDatabase(
  kind: 'pglite' | 'postgres',
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    await runMigrations(database);
    return { database, drop: () => database.close() };
  }
  const base = process.env.DATABASE_URL ?? '';
  const name = `qunce_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 2 });
  await runMigrations(database);
  return {
    database,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Rows shaped like observations: text keys, a numeric value, a jsonb detail, a timestamp. */
async function fillRows(database: Database, rows: number): Promise<void> {
  await database.db.execute(sql`CREATE TABLE bench_rows (id bigint PRIMARY KEY, subject text NOT NULL,
    metric text NOT NULL, value numeric, detail jsonb, at timestamptz NOT NULL)`);
  await database.db.execute(sql`INSERT INTO bench_rows
    SELECT g, 'enterprise-' || (g % 5000), 'metric-' || (g % 60), round((random() * 1e6)::numeric, 4),
           jsonb_build_object('source', '统计局', 'period', '2024', 'n', g), now()
    FROM generate_series(1, ${rows}) AS g`);
}

async function fillFiles(database: Database, files: number, bytes: number): Promise<void> {
  await database.db.execute(sql`INSERT INTO attachments (id, filename, kind, content_type, size, sha256, created_at)
    SELECT gen_random_uuid(), 'file-' || g || '.pdf', 'pdf', 'application/pdf', ${bytes}, 'x', now()
    FROM generate_series(1, ${files}) AS g`);
  await database.db.execute(sql`INSERT INTO attachment_contents (attachment_id, content)
    SELECT id, decode((SELECT string_agg(md5(random()::text || a.id::text || g), '') FROM generate_series(1, ${bytes / 16}) AS g), 'hex')
    FROM attachments a`);
}

export async function runServicesSuite(options: SuiteOptions = {}): Promise<SuiteResult> {
  const loadAtStart = loadavg()[0] ?? 0;
  const log = options.log ?? (() => {});
  const rows = options.quick ? 20_000 : 100_000;
  const files = options.quick ? 5 : 20;
  const fileBytes = 1024 * 1024;
  const repeats = options.quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), 'qunce-bench-'));
  const cases: BenchCase[] = [];
  const checks: SuiteResult['checks'] = [];
  const kinds: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  try {
    for (const kind of kinds) {
      for (const shape of ['rows', 'files'] as const) {
        log(`services: ${kind} backup/restore of ${shape}`);
        const { database, drop } = await openBenchDatabase(kind);
        try {
          if (shape === 'rows') await fillRows(database, rows);
          else await fillFiles(database, files, fileBytes);
          const file = join(dir, `${kind}-${shape}.qunce`);
          const backup = await measure(() => backupDatabase(database, file), repeats, 0);
          const size = statSync(file).size / 2 ** 20;
          const restore = await measure(() => restoreDatabase(database, file), repeats, 0);
          const what = shape === 'rows' ? `${rows.toLocaleString('en')} rows` : `${files} files of 1 MiB`;
          const rate = (ms: number) =>
            shape === 'rows'
              ? `${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s`
              : `${((files * fileBytes) / 2 ** 20 / (ms / 1000)).toFixed(1)} MiB/s of files`;
          cases.push(
            {
              id: `${kind}-backup-${shape}`,
              name: `${kind}: qunce db backup, ${what}`,
              ...backup,
              referenceMs: null,
              referenceCpuMs: null,
              target: null,
              meetsTarget: null,
              notes: `${rate(backup.ms)}; file ${size.toFixed(1)} MiB`,
            },
            {
              id: `${kind}-restore-${shape}`,
              name: `${kind}: qunce db restore, ${what}`,
              ...restore,
              referenceMs: null,
              referenceCpuMs: null,
              target: null,
              meetsTarget: null,
              notes: `${rate(restore.ms)}; one transaction, verified first (two reads of the file)`,
            },
          );
          const count = (await database.db.execute(
            shape === 'rows'
              ? sql`SELECT count(*)::int AS n FROM bench_rows`
              : sql`SELECT count(*)::int AS n FROM attachment_contents WHERE length(content) = ${fileBytes}`,
          )) as unknown as { rows: { n: number }[] };
          const expected = shape === 'rows' ? rows : files;
          checks.push({
            name: `${kind} ${shape}: every row back after restore`,
            ok: count.rows[0]?.n === expected,
            detail: `${count.rows[0]?.n} of ${expected}`,
          });
        } finally {
          await drop();
        }
      }
    }

    log('services: job progress reporting');
    const { database, drop } = await openBenchDatabase('pglite');
    try {
      const runner = new JobRunner(database);
      const reports = 1_000_000;
      const spin = async (withReports: boolean) => {
        await runner.start({ type: 'bench', ownerId: null, input: null }, async (context) => {
          let sum = 0;
          for (let index = 0; index < reports; index++) {
            sum += index;
            if (withReports) context.report({ progress: index / reports, counters: { done: index } });
          }
          return sum;
        });
        await runner.idle();
      };
      const bare = await measure(() => spin(false), repeats + 2, 1);
      const reporting = await measure(() => spin(true), repeats + 2, 1);
      cases.push(
        {
          id: 'job-bare',
          name: `job of ${reports.toLocaleString('en')} loop steps, no progress reports (start to succeeded)`,
          ...bare,
          referenceMs: null,
          referenceCpuMs: null,
          target: null,
          meetsTarget: null,
          notes: 'queue, row insert, running and final updates',
        },
        {
          id: 'job-reporting',
          name: `the same job calling report() at every step (${reports.toLocaleString('en')} calls)`,
          ...reporting,
          referenceMs: null,
          referenceCpuMs: null,
          target: '< 1 µs per report()',
          meetsTarget: (reporting.ms - bare.ms) / reports < 0.001,
          notes: `${(((reporting.ms - bare.ms) / reports) * 1e6).toFixed(0)} ns per report(); writes throttled to 4/s`,
        },
      );
      await runner.close();
    } finally {
      await drop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    suite: 'services',
    machine: describeMachine(loadAtStart),
    reference: 'none (absolute numbers; the NumPy columns do not apply)',
    cases,
    checks,
  };
}
