/**
 * Evaluation frameworks and runs (issue 7, items 1–2; docs/evaluations.md). Routes validate and
 * authorise; this coordinates, scopes and audits; the engine work is in evaluations.compute.ts.
 *
 * Contract for the recognition round (keep exactly): `getRunResults(db, runId)` and
 * `scoreClusterAbsolute(db, { frameworkVersion, clusterCode, period })`.
 */
import { AppError } from '@qunce/core';
import { type EvaluationSpec, parseEvaluationSpec } from '@qunce/core/evaluation';
import {
  assertFormulasResolve,
  buildFrameworkV1,
  type ClusterResult,
  type CreateEvaluationRunRequest,
  type EvaluationRunSummary,
  type EvaluationRunView,
  type IndicatorValue,
} from '@qunce/core/frameworks';
import type { FastifyInstance } from 'fastify';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { EvaluationFrameworkRow, EvaluationRunRow } from '../../db/schema/evaluations.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { SessionUser } from '../auth/auth.hooks.ts';
import { startJob } from '../jobs/jobs.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  buildSnapshot,
  type ComputeOptions,
  canonicalWithHash,
  computeResults,
  type DataSnapshot,
  type StoredResults,
} from './evaluations.compute.ts';
import {
  deleteUnpublishedRun,
  findFrameworkRow,
  findRunRow,
  insertFramework,
  insertFrameworkIfMissing,
  insertRun,
  listClusterRowsByCode,
  listEvaluatedClusterRows,
  listFrameworkRows,
  listMetricCodes,
  listRunRows,
  lockFramework,
  publishRunRow,
  updateUnpublishedRun,
} from './evaluations.repository.ts';

const notFound = (what: string) => new AppError('not_found', `未找到 / not found: ${what}`, { what });

// ---------------------------------------------------------------------------------------------------
// Frameworks

export type FrameworkVersion = {
  row: EvaluationFrameworkRow;
  spec: EvaluationSpec;
};

/** Inserts the built-in framework versions that are missing (v1). Idempotent; stored versions never change. */
export async function ensureBuiltInFrameworks(db: DbOrTx, at: Date = new Date()): Promise<void> {
  const v1 = buildFrameworkV1();
  const spec = canonicalWithHash(v1.spec);
  await insertFrameworkIfMissing(db, {
    version: v1.version,
    name: v1.name,
    nameEn: v1.nameEn,
    description: v1.description,
    specJson: spec.json,
    specHash: spec.hash,
    reviewLine: v1.reviewLine,
    referencePeriod: v1.referencePeriod,
    illustrative: v1.illustrative,
    createdAt: at,
    createdBy: 'system',
  });
}

export async function getFramework(db: DbOrTx, version: string): Promise<FrameworkVersion> {
  await ensureBuiltInFrameworks(db);
  const row = await findFrameworkRow(db, version);
  if (!row) throw notFound(`framework ${version}`);
  return { row, spec: parseEvaluationSpec(JSON.parse(row.specJson)) };
}

export function toFrameworkSummary(row: EvaluationFrameworkRow) {
  return {
    version: row.version,
    name: row.name,
    nameEn: row.nameEn,
    description: row.description,
    specHash: row.specHash,
    reviewLine: row.reviewLine,
    referencePeriod: row.referencePeriod,
    illustrative: row.illustrative,
    locked: row.lockedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listFrameworks(db: DbOrTx) {
  await ensureBuiltInFrameworks(db);
  return { items: (await listFrameworkRows(db)).map(toFrameworkSummary) };
}

export type CreateFrameworkInput = {
  version: string;
  name: string;
  nameEn: string;
  description: string;
  spec: unknown;
  reviewLine: number;
  referencePeriod: string;
  illustrative: boolean;
};

/**
 * A new framework version. Versions are never edited (a change is a new version), so a version used by
 * a published run stays what it was. The spec must validate with the engine, its formulas must read
 * catalogue metrics only, and its weights must not depend on the run's data (given, equal or frozen).
 */
export async function createFramework(db: Db, input: CreateFrameworkInput, actor: Actor) {
  await ensureBuiltInFrameworks(db, actor.at);
  const spec = parseEvaluationSpec(input.spec);
  if (!['given', 'equal', 'frozen'].includes(spec.weighting.method))
    throw new AppError(
      'rule_violated',
      '框架版本的权重须冻结（given、equal 或 frozen）；数据派生权重请先在参考数据上冻结 / a framework version needs weights that do not depend on the run’s data (given, equal or frozen): freeze data-derived weights on a reference data set first',
      { weighting: spec.weighting.method },
    );
  if (spec.normalisation.method !== 'goalposts')
    throw new AppError(
      'rule_violated',
      '框架版本须用目标区间（goalposts）标准化，单个集群才能按绝对尺度复核 / a framework version must normalise by goalposts so that one cluster can be scored alone',
      { normalisation: spec.normalisation.method },
    );
  assertFormulasResolve(spec, await listMetricCodes(db));
  const stored = canonicalWithHash(spec);
  return db.transaction(async (tx) => {
    if (await findFrameworkRow(tx, input.version))
      throw new AppError('conflict', `框架版本已存在 / framework version exists: ${input.version}`, {
        version: input.version,
      });
    const row = await insertFramework(tx, {
      version: input.version,
      name: input.name,
      nameEn: input.nameEn,
      description: input.description,
      specJson: stored.json,
      specHash: stored.hash,
      reviewLine: input.reviewLine,
      referencePeriod: input.referencePeriod,
      illustrative: input.illustrative,
      createdAt: actor.at,
      createdBy: actor.actorName,
    });
    const summary = toFrameworkSummary(row);
    await appendAudit(tx, {
      ...actor,
      action: 'framework.created',
      entityType: 'evaluation_framework',
      entityId: row.version,
      after: { ...summary },
    });
    return { ...summary, spec };
  });
}

// ---------------------------------------------------------------------------------------------------
// Scope: who sees which cluster's result

/** Whether the user may see this cluster's result: province and departments all; a city its cities' clusters; a cluster organisation its own. */
export function canSeeClusterResult(
  user: SessionUser,
  cluster: { code: string; cityCodes: readonly string[]; promotingOrganisationCode: string | null },
): boolean {
  const { scope } = user;
  if (scope.kind === 'province' || scope.kind === 'department') return true;
  if (scope.kind === 'city') return cluster.cityCodes.some((c) => (scope.cityCodes ?? []).includes(c));
  if (scope.kind === 'cluster')
    return (
      (scope.clusterCodes ?? []).includes(cluster.code) ||
      (user.organisation !== null &&
        user.organisation !== undefined &&
        cluster.promotingOrganisationCode === user.organisation.code)
    );
  return false;
}

const seesAllRuns = (user: SessionUser): boolean =>
  user.permissions.includes('evaluations.run') &&
  (user.scope.kind === 'province' || user.scope.kind === 'department');

// ---------------------------------------------------------------------------------------------------
// Runs

function readSnapshot(row: EvaluationRunRow): DataSnapshot | null {
  return row.snapshotJson === null ? null : (JSON.parse(row.snapshotJson) as DataSnapshot);
}

function readResults(row: EvaluationRunRow): StoredResults | null {
  return row.resultsJson === null ? null : (JSON.parse(row.resultsJson) as StoredResults);
}

export function toRunSummary(
  row: EvaluationRunRow,
  clusterCount: number | null = null,
): EvaluationRunSummary {
  return {
    id: row.id,
    frameworkVersion: row.frameworkVersion,
    period: row.period,
    status: row.status,
    requestedClusters: row.requestedClusters,
    seed: row.seed,
    uncertaintyRuns: row.uncertaintyRuns,
    jobId: row.jobId,
    specHash: row.specHash,
    snapshotHash: row.snapshotHash,
    resultsHash: row.resultsHash,
    clusterCount,
    error: row.error ? { code: row.error.code, message: row.error.message } : null,
    createdAt: row.createdAt.toISOString(),
    computedAt: row.computedAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/**
 * The run as the user may see it, or 404: the province sees every run; anyone else published runs only,
 * with only the clusters in their scope (a cluster organisation: its own result, never another's).
 */
async function getRunRowForUser(
  db: DbOrTx,
  user: SessionUser,
  id: string,
): Promise<{ row: EvaluationRunRow; visible: (code: string) => boolean }> {
  const row = await findRunRow(db, id);
  if (!row) throw notFound(`evaluation run ${id}`);
  if (seesAllRuns(user)) return { row, visible: () => true };
  const snapshot = readSnapshot(row);
  if (row.status !== 'published' || !snapshot) throw notFound(`evaluation run ${id}`);
  const allowed = new Set(snapshot.clusters.filter((c) => canSeeClusterResult(user, c)).map((c) => c.code));
  if (allowed.size === 0) throw notFound(`evaluation run ${id}`);
  return { row, visible: (code) => allowed.has(code) };
}

export async function listRuns(
  db: DbOrTx,
  user: SessionUser,
  query: { period?: string | undefined; frameworkVersion?: string | undefined },
): Promise<{ items: EvaluationRunSummary[] }> {
  const all = seesAllRuns(user);
  const rows = await listRunRows(db, {
    publishedOnly: !all,
    ...(query.period ? { period: query.period } : {}),
    ...(query.frameworkVersion ? { frameworkVersion: query.frameworkVersion } : {}),
  });
  const items = rows.flatMap((row) => {
    const snapshot = readSnapshot(row);
    const results = readResults(row);
    if (all) return [toRunSummary(row, results?.results.length ?? null)];
    const visible = snapshot?.clusters.filter((c) => canSeeClusterResult(user, c)) ?? [];
    return visible.length > 0 ? [toRunSummary(row, null)] : [];
  });
  return { items };
}

export async function getRun(db: DbOrTx, user: SessionUser, id: string): Promise<EvaluationRunView> {
  const { row, visible } = await getRunRowForUser(db, user, id);
  const results = readResults(row);
  const all = seesAllRuns(user);
  const shown = (results?.results ?? []).filter((r) => visible(r.clusterCode));
  return {
    ...toRunSummary(row, all ? (results?.results.length ?? null) : null),
    results: shown,
    unscored: (results?.unscored ?? []).filter(visible),
    tiers: results?.tiers
      ? {
          method: results.tiers.method,
          tiers: results.tiers.tiers,
          rest: results.tiers.rest,
          boundaries: all ? storedBoundaries(results.tiers.boundaries) : [],
        }
      : null,
    sensitivity: results?.sensitivity ?? null,
    uncertainty: results?.uncertainty
      ? {
          method: results.uncertainty.method,
          runs: results.uncertainty.runs,
          varied: results.uncertainty.varied,
          quantiles: results.uncertainty.quantiles,
        }
      : null,
    weights: results?.weights ?? [],
  };
}

/** The stored tier boundaries as the view gives them (a score that is not finite becomes null). */
function storedBoundaries(
  boundaries: readonly unknown[],
): { upper: string; lower: string; afterRank: number; score: number | null }[] {
  return boundaries.flatMap((b) => {
    if (typeof b !== 'object' || b === null) return [];
    const { upper, lower, afterRank, score } = b as Record<string, unknown>;
    if (typeof upper !== 'string' || typeof lower !== 'string' || typeof afterRank !== 'number') return [];
    return [
      { upper, lower, afterRank, score: typeof score === 'number' && Number.isFinite(score) ? score : null },
    ];
  });
}

/** One cluster's result in a run (404 outside the user's scope or when the cluster was not scored). */
export async function getClusterResult(
  db: DbOrTx,
  user: SessionUser,
  id: string,
  clusterCode: string,
): Promise<{ run: EvaluationRunSummary; result: ClusterResult; tiers: StoredResults['tiers'] }> {
  const { row, visible } = await getRunRowForUser(db, user, id);
  if (!visible(clusterCode)) throw notFound(`cluster ${clusterCode} in evaluation run ${id}`);
  const results = readResults(row);
  const result = results?.results.find((r) => r.clusterCode === clusterCode);
  if (!results || !result) throw notFound(`cluster ${clusterCode} in evaluation run ${id}`);
  return {
    run: toRunSummary(row),
    result,
    tiers: results.tiers
      ? { ...results.tiers, boundaries: seesAllRuns(user) ? results.tiers.boundaries : [] }
      : null,
  };
}

export type StartRunResult = { run: EvaluationRunSummary; job: { id: string; status: string } };

/**
 * Records the run (queued) and starts the job that reads the accepted figures, computes and stores
 * the results; the run is then a draft until published.
 */
export async function createRun(
  app: FastifyInstance,
  user: SessionUser,
  input: CreateEvaluationRunRequest,
  actor: Actor,
): Promise<StartRunResult> {
  const db = app.deps.database.db;
  const framework = await getFramework(db, input.frameworkVersion);
  const requested = input.clusters ? [...new Set(input.clusters)].sort() : null;
  if (requested) {
    const found = new Set((await listClusterRowsByCode(db, requested)).map((c) => c.code));
    const missing = requested.filter((c) => !found.has(c));
    if (missing.length > 0)
      throw new AppError('invalid_input', `未知集群 / unknown clusters: ${missing.join(', ')}`, {
        field: 'clusters',
        missing,
      });
  }
  const runs = input.uncertainty?.runs ?? 1000;
  const seed = input.uncertainty?.seed ?? 1;
  const sensitivityRuns = input.sensitivity?.runs ?? 0;
  const row = await db.transaction(async (tx) => {
    const inserted = await insertRun(tx, {
      frameworkVersion: framework.row.version,
      period: input.period,
      requestedClusters: requested,
      seed,
      uncertaintyRuns: runs,
      status: 'queued',
      specHash: framework.row.specHash,
      createdBy: actor.actorName,
      createdAt: actor.at,
    });
    await appendAudit(tx, {
      ...actor,
      action: 'evaluation.run_started',
      entityType: 'evaluation_run',
      entityId: inserted.id,
      after: { ...toRunSummary(inserted), sensitivityRuns },
    });
    return inserted;
  });
  const job = await startJob(
    app,
    { type: 'evaluation-run', ownerId: user.id, input: { runId: row.id, sensitivityRuns } },
    async ({ input: jobInput, report, db: jobDb }) => {
      report({ progress: 0.05, message: '读取已审核数据 / reading accepted figures' });
      // progress: Monte Carlo 0.1–0.95, or 0.1–0.5 then sensitivity 0.5–0.95 when both run
      const withSensitivity = jobInput.sensitivityRuns > 0;
      try {
        const stored = await computeRun(
          jobDb,
          jobInput.runId,
          (done, total, stage) => {
            const share = done / Math.max(1, total);
            if (stage === 'sensitivity')
              report({
                progress: 0.5 + 0.45 * share,
                message: `敏感性分析 ${done}/${total} / sensitivity ${done}/${total}`,
              });
            else
              report({
                progress: 0.1 + (withSensitivity ? 0.4 : 0.85) * share,
                message: `蒙特卡洛 ${done}/${total} / Monte Carlo ${done}/${total}`,
              });
          },
          jobInput.sensitivityRuns,
        );
        report({ progress: 1, message: '完成 / done', counters: { clusters: stored.results.length } });
        return {
          runId: jobInput.runId,
          resultsHash: canonicalWithHash(stored).hash,
          clusters: stored.results.length,
        };
      } catch (error) {
        const e =
          error instanceof AppError
            ? { code: error.code, message: error.message, details: error.details }
            : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
        await updateUnpublishedRun(jobDb, jobInput.runId, { status: 'failed', error: e });
        throw error;
      }
    },
  );
  const withJob = (await updateUnpublishedRun(db, row.id, { jobId: job.id })) ?? row;
  return { run: toRunSummary(withJob), job: { id: job.id, status: job.status } };
}

/** Snapshot → results of a run, stored as canonical JSON with their hashes; the run becomes a draft. */
export async function computeRun(
  db: Db,
  runId: string,
  onProgress?: ComputeOptions['onProgress'],
  sensitivityRuns = 0,
): Promise<StoredResults> {
  const row = await findRunRow(db, runId);
  if (!row) throw notFound(`evaluation run ${runId}`);
  const framework = await getFramework(db, row.frameworkVersion);
  const clusterRows = row.requestedClusters
    ? await listClusterRowsByCode(db, row.requestedClusters)
    : await listEvaluatedClusterRows(db);
  const snapshot = await buildSnapshot(db, framework.spec, row.period, clusterRows);
  const results = await computeResults(framework.spec, snapshot, {
    runs: row.uncertaintyRuns,
    seed: row.seed,
    sensitivityRuns,
    ...(onProgress ? { onProgress } : {}),
  });
  const storedSnapshot = canonicalWithHash(snapshot);
  const storedResults = canonicalWithHash(results);
  await db.transaction(async (tx) => {
    const updated = await updateUnpublishedRun(tx, runId, {
      status: 'draft',
      snapshotJson: storedSnapshot.json,
      snapshotHash: storedSnapshot.hash,
      resultsJson: storedResults.json,
      resultsHash: storedResults.hash,
      error: null,
      computedAt: new Date(),
    });
    if (!updated) throw new AppError('conflict', `评价已发布 / the run is published: ${runId}`, { runId });
    await appendAudit(tx, {
      actorId: null,
      actorName: 'system',
      action: 'evaluation.run_computed',
      entityType: 'evaluation_run',
      entityId: runId,
      after: {
        snapshotHash: storedSnapshot.hash,
        resultsHash: storedResults.hash,
        clusters: results.results.length,
        unscored: results.unscored,
      },
    });
  });
  return results;
}

/**
 * Recomputes a computed run from its stored spec (the framework version, checked by hash) and stored
 * snapshot, and compares with the stored results byte for byte. Changes nothing.
 */
export async function verifyRun(db: DbOrTx, id: string) {
  const row = await findRunRow(db, id);
  if (!row) throw notFound(`evaluation run ${id}`);
  const snapshot = readSnapshot(row);
  if (!snapshot || row.resultsHash === null)
    throw new AppError('rule_violated', `评价尚未完成计算 / the run has not been computed: ${id}`, {
      status: row.status,
    });
  const framework = await getFramework(db, row.frameworkVersion);
  if (framework.row.specHash !== row.specHash)
    throw new AppError(
      'internal',
      `框架版本 ${row.frameworkVersion} 的内容已变 / framework spec hash differs`,
    );
  // the sensitivity analysis's base samples are recorded in the stored results
  const sensitivityRuns = readResults(row)?.sensitivity?.baseSamples ?? 0;
  const results = await computeResults(framework.spec, snapshot, {
    runs: row.uncertaintyRuns,
    seed: row.seed,
    sensitivityRuns,
  });
  const recomputed = canonicalWithHash(results);
  return {
    resultsHash: row.resultsHash,
    recomputedHash: recomputed.hash,
    identical: recomputed.json === row.resultsJson,
  };
}

export async function publishRun(db: Db, id: string, actor: Actor): Promise<EvaluationRunSummary> {
  return db.transaction(async (tx) => {
    const current = await findRunRow(tx, id);
    if (!current) throw notFound(`evaluation run ${id}`);
    if (current.status === 'published')
      throw new AppError('conflict', `评价已发布，不可更改 / the run is published and cannot change: ${id}`, {
        status: current.status,
      });
    if (current.status !== 'draft')
      throw new AppError(
        'rule_violated',
        `只能发布已计算的评价 / only a computed run can be published: ${id}`,
        {
          status: current.status,
        },
      );
    const row = await publishRunRow(tx, id, actor.at, actor.actorName);
    if (!row) throw new AppError('conflict', `评价状态已变 / the run changed meanwhile: ${id}`);
    await lockFramework(tx, row.frameworkVersion, actor.at);
    const summary = toRunSummary(row);
    await appendAudit(tx, {
      ...actor,
      action: 'evaluation.published',
      entityType: 'evaluation_run',
      entityId: id,
      before: toRunSummary(current),
      after: summary,
    });
    return summary;
  });
}

/** Deletes a draft or failed run; a published run is immutable (409). */
export async function deleteRun(db: Db, id: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await findRunRow(tx, id);
    if (!current) throw notFound(`evaluation run ${id}`);
    if (current.status === 'published' || !(await deleteUnpublishedRun(tx, id)))
      throw new AppError(
        'conflict',
        `评价已发布，不可删除 / the run is published and cannot be deleted: ${id}`,
        {
          status: current.status,
        },
      );
    await appendAudit(tx, {
      ...actor,
      action: 'evaluation.deleted',
      entityType: 'evaluation_run',
      entityId: id,
      before: toRunSummary(current),
    });
  });
}

export async function compareRuns(db: DbOrTx, user: SessionUser, a: string, b: string) {
  const left = await getRunRowForUser(db, user, a);
  const right = await getRunRowForUser(db, user, b);
  const ra = new Map((readResults(left.row)?.results ?? []).map((r) => [r.clusterCode, r]));
  const rb = new Map((readResults(right.row)?.results ?? []).map((r) => [r.clusterCode, r]));
  const codes = [...new Set([...ra.keys(), ...rb.keys()])]
    .filter((code) => left.visible(code) && right.visible(code))
    .sort();
  const brief = (r: ClusterResult | undefined) => (r ? { score: r.score, rank: r.rank, tier: r.tier } : null);
  return {
    a: toRunSummary(left.row),
    b: toRunSummary(right.row),
    clusters: codes.map((code) => {
      const x = ra.get(code);
      const y = rb.get(code);
      return {
        clusterCode: code,
        a: brief(x),
        b: brief(y),
        scoreChange: x && y ? y.score - x.score : null,
        rankChange: x && y ? y.rank - x.rank : null,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Contract for the recognition round (docs/evaluations.md): keep these shapes exactly.

export type RunResults = {
  runId: string;
  status: 'draft' | 'published';
  frameworkVersion: string;
  period: string;
  hash: string;
  results: Array<{
    clusterCode: string;
    score: number;
    rank: number;
    rankLow: number;
    rankHigh: number;
    scoreSd: number;
    indicators: Record<string, { raw: number | null; normalised: number | null }>;
  }>;
};

/** A computed run's results (no scoping: the caller authorises). 404 unknown, 422 not computed yet. */
export async function getRunResults(db: DbOrTx, runId: string): Promise<RunResults> {
  const row = await findRunRow(db, runId);
  if (!row) throw notFound(`evaluation run ${runId}`);
  const results = readResults(row);
  if ((row.status !== 'draft' && row.status !== 'published') || !results || row.resultsHash === null)
    throw new AppError('rule_violated', `评价尚未完成计算 / the run has not been computed: ${runId}`, {
      status: row.status,
    });
  return {
    runId: row.id,
    status: row.status,
    frameworkVersion: row.frameworkVersion,
    period: row.period,
    hash: row.resultsHash,
    results: results.results.map((r) => ({
      clusterCode: r.clusterCode,
      score: r.score,
      rank: r.rank,
      rankLow: r.rankLow,
      rankHigh: r.rankHigh,
      scoreSd: r.scoreSd,
      indicators: r.indicators,
    })),
  };
}

export type AbsoluteScore = {
  score: number;
  indicators: Record<string, { raw: number | null; normalised: number | null }>;
  belowReviewLine: boolean;
};

export type AbsoluteScoreDetail = AbsoluteScore & {
  reviewLine: number;
  areas: Record<string, number | null>;
  snapshotHash: string;
  specHash: string;
};

/** One cluster scored alone on the framework's absolute (goalpost) scale, with the detail reviews keep. */
export async function scoreClusterAlone(
  db: DbOrTx,
  input: { frameworkVersion: string; clusterCode: string; period: string },
): Promise<AbsoluteScoreDetail> {
  const framework = await getFramework(db, input.frameworkVersion);
  const [cluster] = await listClusterRowsByCode(db, [input.clusterCode]);
  if (!cluster) throw notFound(`cluster ${input.clusterCode}`);
  const snapshot = await buildSnapshot(db, framework.spec, input.period, [cluster]);
  if (snapshot.data.units.length === 0)
    throw new AppError(
      'rule_violated',
      `集群 ${input.clusterCode} 在 ${input.period} 没有足以计分的已审核数据 / cluster ${input.clusterCode} has no accepted figures enough to be scored for ${input.period}`,
      { clusterCode: input.clusterCode, period: input.period },
    );
  const results = await computeResults(framework.spec, snapshot, { runs: 0, seed: 0 });
  const [result] = results.results;
  if (!result) throw new AppError('internal', 'single-cluster score missing');
  return {
    score: result.score,
    indicators: result.indicators as Record<string, IndicatorValue>,
    belowReviewLine: result.score < framework.row.reviewLine,
    reviewLine: framework.row.reviewLine,
    areas: result.areas,
    snapshotHash: canonicalWithHash(snapshot).hash,
    specHash: framework.row.specHash,
  };
}

/** Contract: goalposts, one cluster alone → { score, indicators, belowReviewLine }. */
export async function scoreClusterAbsolute(
  db: DbOrTx,
  input: { frameworkVersion: string; clusterCode: string; period: string },
): Promise<AbsoluteScore> {
  const detail = await scoreClusterAlone(db, input);
  return { score: detail.score, indicators: detail.indicators, belowReviewLine: detail.belowReviewLine };
}
