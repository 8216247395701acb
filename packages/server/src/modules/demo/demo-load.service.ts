import type { Job } from '@qunce/core';
import { type DemoData, generateDemoData } from '@qunce/core/demo';
import type { FastifyInstance } from 'fastify';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  clusterHistory,
  clusterMemberships,
  clusters,
  designations,
  enterprises,
  observations,
} from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { seedCarriersParksDemo } from '../carriers/carriers-parks.demo.ts';
import { seedCollectionDemo } from '../collection/collection.demo.ts';
import { seedEvaluationsDemo } from '../evaluations/evaluations.demo.ts';
import { type JobProgress, startJob } from '../jobs/jobs.service.ts';
import { recomputeClusterMetrics } from '../metrics/metrics-rollup.service.ts';
import { seedPromotingOrgsDemo } from '../promoting-orgs/promoting-orgs.demo.ts';
import { seedRecognitionDemo } from '../recognition/recognition.demo.ts';
import { seedTargetsDemo } from '../targets/targets.demo.ts';
import {
  advanceDemoCursor,
  createDemoState,
  findDemoState,
  finishDemoState,
  isRegistryEmpty,
} from './demo-load.repository.ts';
import { readDemoReference } from './demo-reference.ts';

/** Size of the start-up demo data set (docs/methods/demo-data.md). */
export type DemoLoadOptions = {
  seed: number;
  enterprises: number;
  clusters: number;
  years: number;
  endYear: number;
};

export type DemoLoadCounts = {
  clusters: number;
  clusterHistory: number;
  enterprises: number;
  memberships: number;
  designations: number;
  observations: number;
  periods: number;
};

export type DemoLoadHooks = {
  report?: (update: JobProgress) => void;
  /** Called between batches; throwing stops the load (cancellation, or a test cutting it short). */
  throwIfCancelled?: () => void;
  /** Rows per multi-row INSERT, each batch its own transaction (default 1000). */
  batchSize?: number;
};

function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} 须为不小于 ${min} 的整数 / ${name} must be an integer ≥ ${min}: "${raw}"`);
  }
  return value;
}

/** QUNCE_DEMO_ENTERPRISES (default 20000; 0 loads nothing), QUNCE_DEMO_CLUSTERS (40), QUNCE_DEMO_YEARS (5), QUNCE_DEMO_SEED (1). */
export function demoLoadOptionsFromEnv(env: NodeJS.ProcessEnv): DemoLoadOptions {
  return {
    seed: envInt(env, 'QUNCE_DEMO_SEED', 1, 0),
    enterprises: envInt(env, 'QUNCE_DEMO_ENTERPRISES', 20_000, 0),
    clusters: envInt(env, 'QUNCE_DEMO_CLUSTERS', 40, 1),
    years: envInt(env, 'QUNCE_DEMO_YEARS', 5, 1),
    endYear: 2025,
  };
}

export function generateDemoSet(options: DemoLoadOptions): DemoData {
  return generateDemoData({ ...options, reference: readDemoReference() });
}

/**
 * PGlite runs queries on this thread and resolves them as microtasks: a loop of batches would never
 * let the event loop poll sockets, and the server would stop answering until the load ends. One
 * macrotask turn per batch lets waiting requests in.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

function* skip<T>(items: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const item of items) {
    if (i++ >= n) yield item;
  }
}

/**
 * Inserts the generated demo data set step by step (clusters, cluster history, enterprises,
 * memberships, designations, observations), `batchSize` rows per multi-row INSERT, each batch in its
 * own short transaction together with the step's cursor in `demo_state`, so other requests interleave
 * (PGlite serves one session at a time) and a load cut short resumes after its last committed batch.
 * Then recomputes the derived cluster metrics of every year and appends `demo.loaded` with the counts.
 * The `demo_state` row must exist (`createDemoState`); `at` stamps the rows' created/updated times.
 */
export async function loadDemoData(
  db: Db,
  options: DemoLoadOptions,
  at: Date,
  hooks: DemoLoadHooks = {},
): Promise<DemoLoadCounts> {
  const batchSize = hooks.batchSize ?? 1000;
  const data = generateDemoSet(options);
  const state = await findDemoState(db);
  if (!state) throw new Error('demo_state row missing');
  if (state.finishedAt) return countsOf(data, options, state.cursor.observations ?? 0);
  const cursor = { ...state.cursor };
  const stamps = { createdAt: at, updatedAt: at };

  let observationTotal = 0;
  for (const _ of data.observations()) observationTotal++;
  const total =
    data.clusters.length +
    data.clusterHistory.length +
    data.enterprises.length +
    data.memberships.length +
    data.designations.length +
    observationTotal;
  let done = Object.values(cursor).reduce((sum, n) => sum + n, 0);

  const step = async <T>(
    name: string,
    items: Iterable<T>,
    insert: (tx: DbOrTx, rows: T[]) => Promise<void>,
  ) => {
    let committed = cursor[name] ?? 0;
    for (const rows of chunks(skip(items, committed), batchSize)) {
      hooks.throwIfCancelled?.();
      committed += rows.length;
      await db.transaction(async (tx) => {
        await insert(tx, rows);
        await advanceDemoCursor(tx, name, committed);
      });
      cursor[name] = committed;
      done += rows.length;
      await yieldToEventLoop();
      hooks.report?.({
        progress: (0.9 * done) / total,
        message: `示例数据：${name} ${committed} 行 / demo data: ${name} ${committed} rows`,
        counters: { ...cursor },
      });
    }
  };

  await step('clusters', data.clusters, async (tx, rows) => {
    await tx.insert(clusters).values(
      rows.map((c) => ({
        code: c.code,
        name: c.name,
        nameEn: c.nameEn ?? null,
        leadIndustry: c.leadIndustry,
        tier: c.tier,
        cultivationTarget: c.cultivationTarget,
        status: c.status,
        cityCodes: c.cityCodes,
        leadCityCode: c.leadCityCode,
        // Promoting organisations are not loaded yet (their types differ from the organisation table's).
        promotingOrganisationCode: null,
        chainMasterCreditCodes: c.chainMasterCreditCodes ?? [],
        isDemo: c.isDemo,
        ...stamps,
      })),
    );
  });
  await step('clusterHistory', data.clusterHistory, async (tx, rows) => {
    await tx.insert(clusterHistory).values(
      rows.map((h) => ({
        clusterCode: h.clusterCode,
        changedOn: h.changedOn,
        field: h.field,
        fromValue: h.from,
        toValue: h.to,
        documentNumber: h.documentNumber,
        recordedAt: at,
        recordedBy: 'system',
      })),
    );
  });
  await step('enterprises', data.enterprises, async (tx, rows) => {
    await tx.insert(enterprises).values(
      rows.map((e) => ({
        creditCode: e.creditCode,
        name: e.name,
        cityCode: e.cityCode,
        countyCode: e.countyCode,
        industryDivision: e.industryDivision,
        isAboveScale: e.isAboveScale,
        isKeyEnterprise: e.isKeyEnterprise,
        has5g: e.has5g,
        isDemo: true,
        ...stamps,
      })),
    );
  });
  await step('memberships', data.memberships, async (tx, rows) => {
    await tx.insert(clusterMemberships).values(rows.map((m) => ({ ...m, ...stamps })));
  });
  await step('designations', data.designations, async (tx, rows) => {
    await tx.insert(designations).values(rows.map((d) => ({ ...d, ...stamps })));
  });
  await step('observations', data.observations(), async (tx, rows) => {
    await tx.insert(observations).values(
      rows.map((o) => ({
        subjectType: o.subjectType,
        subjectCode: o.subjectCode,
        metricCode: o.metric,
        period: o.period,
        periodKind: 'year' as const,
        periodEnd: `${o.period}-12-31`,
        value: o.value,
        source: o.subjectType === 'province' ? ('published' as const) : ('imported' as const),
        status: 'accepted' as const,
        updatedBy: 'system',
        ...stamps,
      })),
    );
  });

  // Derived cluster metrics, one year at a time (each recompute reads outside, writes in one transaction).
  const firstYear = options.endYear - options.years + 1;
  const actor = { actorId: null, actorName: 'system', ip: null, at };
  for (let year = firstYear + (cursor.periods ?? 0); year <= options.endYear; year++) {
    hooks.throwIfCancelled?.();
    await recomputeClusterMetrics(db, { period: String(year) }, actor);
    await yieldToEventLoop();
    cursor.periods = year - firstYear + 1;
    await advanceDemoCursor(db, 'periods', cursor.periods);
    hooks.report?.({
      progress: 0.9 + (0.1 * cursor.periods) / options.years,
      message: `示例数据：汇总 ${year} / demo data: roll-up ${year}`,
      counters: { ...cursor },
    });
  }

  // Targets and tasks: baselines from this registry, reported values, industry output, task reports.
  await seedTargetsDemo(db, actor);
  // Evaluations: the published annual evaluation of the last demo year (framework v1).
  await seedEvaluationsDemo(db, { period: String(options.endYear), actor });
  // Carriers and parks agreeing with the carrier and eco-park figures the evaluation seeding entered.
  await seedCarriersParksDemo(db, { period: String(options.endYear), at });
  // Promoting organisations: profile, members and activity log of each cluster's organisation.
  await seedPromotingOrgsDemo(db, data, at);
  // Data collection: period 2025 of enterprise-annual assigned to the cities, in every state.
  await seedCollectionDemo(db, actor);
  // Recognition: holiday calendar, expert pool, this year's provincial round with its first panel drawn.
  await seedRecognitionDemo(db, actor);
  const counts = countsOf(data, options, observationTotal);
  await db.transaction(async (tx) => {
    await finishDemoState(tx, new Date());
    await appendAudit(tx, {
      ...actor,
      action: 'demo.loaded',
      entityType: 'demo',
      entityId: null,
      after: { options, counts },
    });
  });
  return counts;
}

function countsOf(data: DemoData, options: DemoLoadOptions, observationTotal: number): DemoLoadCounts {
  return {
    clusters: data.clusters.length,
    clusterHistory: data.clusterHistory.length,
    enterprises: data.enterprises.length,
    memberships: data.memberships.length,
    designations: data.designations.length,
    observations: observationTotal,
    periods: options.years,
  };
}

/**
 * Start-up (`qunce serve --demo`, after the server listens): starts the system job `demo-load` when the
 * registry is empty, or when an earlier load was cut short (its `demo_state` row is not finished: the
 * load resumes after its last committed batch). Returns the job, or null when there is nothing to do.
 */
export async function startDemoLoadIfNeeded(
  app: FastifyInstance,
  db: Db,
  options: DemoLoadOptions,
  at: Date = new Date(),
): Promise<Job | null> {
  let state = await findDemoState(db);
  if (state?.finishedAt) return null;
  if (!state && options.enterprises === 0) return null;
  if (!state) {
    if (!(await isRegistryEmpty(db))) return null;
    if (!(await createDemoState(db, { ...options }, at))) return null;
    state = await findDemoState(db);
  }
  if (!state) return null;
  // A resumed load keeps the options it started with, so the rows it adds belong to the same data set.
  const resumed = state.options as DemoLoadOptions;
  return startJob(app, { type: 'demo-load', ownerId: null, input: resumed }, async (context) =>
    loadDemoData(context.db, context.input, state.startedAt, {
      report: context.report,
      throwIfCancelled: context.throwIfCancelled,
    }),
  );
}
