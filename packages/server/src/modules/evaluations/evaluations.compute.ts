/**
 * The computing half of an evaluation run: read the accepted figures into a data snapshot, run the
 * engine (pipeline, Monte Carlo rank intervals, score spread, tiering) and shape the stored results.
 * Everything stored is canonical JSON (RFC 8785), so recomputing a run from its stored spec and snapshot
 * gives the same bytes and the same SHA-256 (docs/adr/0014-evaluation-runs.md).
 */
import { AppError } from '@qunce/core';
import {
  buildUncertaintyModel,
  canonicalJson,
  type EvaluationData,
  type EvaluationSpec,
  parseEvaluationSpec,
  preparePipeline,
  runPipeline,
  sha256Hex,
  tierPipelineResult,
} from '@qunce/core/evaluation';
import {
  type ClusterResult,
  formulaNameOf,
  frameworkMetricCodes,
  type IndicatorValue,
  indexScoreSpread,
  indicatorMetricsOf,
  type RunSensitivity,
} from '@qunce/core/frameworks';
import type { DbOrTx } from '../../db/client.ts';
import type { ClusterRow } from '../../db/schema/registry.ts';
import { runUncertaintyInWorkers } from '../../evaluation/uncertainty-runner.ts';
import { countPromotingActivities } from '../promoting-orgs/promoting-orgs.service.ts';
import { listAcceptedClusterObservations } from './evaluations.repository.ts';
import { acceptedRollupValues, listRollupMetrics } from './evaluations.rollup.ts';

const activityMetric = 'promoting-org-activities';

export type SnapshotCluster = {
  code: string;
  name: string;
  tier: string;
  status: string;
  cityCodes: string[];
  promotingOrganisationCode: string | null;
};

export type DataSnapshot = {
  period: string;
  /** Every cluster asked for, sorted by code (also those without enough accepted figures). */
  clusters: SnapshotCluster[];
  /** Catalogue metric codes read (accepted figures only). */
  metrics: string[];
  /** Clusters left out: no index score from their accepted figures. */
  unscored: string[];
  /** Clusters whose promoting-organisation activity count came from the activity log (no accepted figure). */
  activityFromLog: string[];
  /** `cluster|metric|period` values rolled up from accepted enterprise figures (no accepted cluster figure). */
  rolledUp: string[];
  /** The engine's input: scored clusters only, metrics under their formula names. */
  data: EvaluationData;
};

export type StoredResults = {
  engine: string;
  specHash: string;
  dataHash: string;
  pipelineHash: string;
  seed: number;
  uncertaintyRuns: number;
  uncertainty: {
    method: string;
    runs: number;
    evaluations: number;
    varied: { input: string; how: string }[];
    quantiles: string;
    meanAbsRankShift: number;
  } | null;
  tiers: { method: string; tiers: string[]; rest: string; boundaries: unknown[] } | null;
  /** Present only when the run asked for sensitivity indices (runs without it keep their bytes). */
  sensitivity?: RunSensitivity;
  weights: { code: string; parent: string | null; effectiveWeight: number }[];
  warnings: string[];
  /** Indicators without a value for any cluster, left out of this run (their weight goes to their siblings). */
  leftOut: string[];
  unscored: string[];
  results: ClusterResult[];
};

const yearOffset = (period: string, lag: number): string => String(Number(period) - lag);

/** Reads the accepted figures of the clusters for the period (and the earlier years formulas reach back to). */
export async function buildSnapshot(
  db: DbOrTx,
  spec: EvaluationSpec,
  period: string,
  clusterRows: readonly ClusterRow[],
): Promise<DataSnapshot> {
  const metrics = frameworkMetricCodes(spec);
  const maxLag = Math.max(0, ...indicatorMetricsOf(spec).map((i) => i.maxLag));
  const periods = Array.from({ length: maxLag + 1 }, (_, lag) => yearOffset(period, lag));
  const sorted = [...clusterRows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows = await listAcceptedClusterObservations(db, {
    clusterCodes: sorted.map((c) => c.code),
    metrics,
    periods,
  });
  const value = new Map(rows.map((r) => [`${r.subjectCode}|${r.metricCode}|${r.period}`, r.value]));
  // Derived metrics without an accepted cluster figure: rolled up from accepted enterprise figures.
  const rollupMetrics = await listRollupMetrics(db, metrics);
  const rolledUp: string[] = [];
  for (const p of periods) {
    const derived = await acceptedRollupValues(db, {
      clusterCodes: sorted.map((c) => c.code),
      metrics: rollupMetrics,
      period: p,
    });
    for (const [key, v] of derived)
      if (!value.has(key)) {
        value.set(key, v);
        rolledUp.push(key);
      }
  }
  // A cluster takes part when it has accepted figures for the period: an accepted cluster figure, or a
  // roll-up of accepted enterprise figures (sums, ratios); counts of members and designations alone
  // (registry facts, 0 for a cluster nobody reported on) do not make it evaluable.
  const figureMetrics = new Set(
    rollupMetrics
      .filter(
        (m) => m.derivation?.kind === 'rollup' && ['sum', 'ratio_of_sums'].includes(m.derivation.rule.kind),
      )
      .map((m) => m.code),
  );
  const accepted = new Set(
    rows.filter((r) => r.period === period).map((r) => `${r.subjectCode}|${r.metricCode}`),
  );
  const hasFigures = (code: string) =>
    metrics.some(
      (m) => accepted.has(`${code}|${m}`) || (figureMetrics.has(m) && value.has(`${code}|${m}|${period}`)),
    );
  // Promoting-organisation activity: the accepted figure when there is one, else the registry's
  // activity log count of the year (clusters with other accepted figures only).
  const activityFilled: string[] = [];
  if (metrics.includes(activityMetric))
    for (const c of sorted) {
      const key = `${c.code}|${activityMetric}|${period}`;
      if (value.has(key) || !hasFigures(c.code)) continue;
      value.set(key, await countPromotingActivities(db, { clusterCode: c.code, year: Number(period) }));
      activityFilled.push(c.code);
    }
  const clusters = sorted.map((c) => ({
    code: c.code,
    name: c.name,
    tier: c.tier,
    status: c.status,
    cityCodes: [...c.cityCodes],
    promotingOrganisationCode: c.promotingOrganisationCode,
  }));
  const dataFor = (codes: string[]): EvaluationData => {
    const column = (metric: string, p: string) =>
      codes.map((code) => value.get(`${code}|${metric}|${p}`) ?? null);
    return {
      units: codes.map((code) => ({ code, name: clusters.find((c) => c.code === code)?.name ?? code })),
      period,
      values: Object.fromEntries(metrics.map((m) => [formulaNameOf(m), column(m, period)])),
      ...(maxLag > 0
        ? {
            panel: periods.slice(1).map((p) => ({
              period: p,
              values: Object.fromEntries(metrics.map((m) => [formulaNameOf(m), column(m, p)])),
            })),
          }
        : {}),
    };
  };
  const all = clusters.map((c) => c.code);
  const withFigures = all.filter((code) => activityFilled.includes(code) || hasFigures(code));
  let scored = withFigures;
  if (withFigures.length > 0) {
    const trialData = dataFor(withFigures);
    const trial = runPipeline(runSpecFor(spec, trialData).spec, trialData);
    const root = rootOf(spec);
    scored = trial.units
      .filter((u) => u.scores[root] !== null && u.scores[root] !== undefined)
      .map((u) => u.code);
  }
  return {
    period,
    clusters,
    metrics,
    unscored: all.filter((code) => !scored.includes(code)),
    activityFromLog: activityFilled,
    rolledUp: rolledUp.sort(),
    data: dataFor(scored),
  };
}

export function rootOf(spec: EvaluationSpec): string {
  const root = spec.nodes.find((n) => n.parent === null);
  if (!root) throw new AppError('internal', 'spec without an index node');
  return root.code;
}

/**
 * The spec a run uses on its data: the framework's spec without the indicators that have no value for
 * any cluster (no accepted figure anywhere: the engine refuses an empty column), and without areas left
 * with no indicator. Each cluster's missing indicators weigh nothing in its own score either way (no
 * imputation; weights renormalise over the indicators with a value), so a cluster's score is the same
 * alone or among others. Deterministic: same spec and data, same result.
 */
export function runSpecFor(
  spec: EvaluationSpec,
  data: EvaluationData,
): { spec: EvaluationSpec; leftOut: string[] } {
  const leftOut: string[] = [];
  let current = spec;
  for (let guard = 0; guard <= spec.nodes.length; guard++) {
    try {
      preparePipeline(current, data);
      return { spec: current, leftOut };
    } catch (error) {
      const indicator = error instanceof AppError ? error.details?.indicator : undefined;
      if (
        !(error instanceof AppError) ||
        error.details?.step !== 'checks' ||
        typeof indicator !== 'string' ||
        leftOut.includes(indicator)
      )
        throw error;
      leftOut.push(indicator);
      current = withoutNodes(current, [indicator]);
    }
  }
  throw new AppError('internal', 'runSpecFor: no progress');
}

function withoutNodes(spec: EvaluationSpec, codes: readonly string[]): EvaluationSpec {
  let nodes = spec.nodes.filter((n) => !codes.includes(n.code));
  // drop aggregates left without children (not the root)
  for (;;) {
    const parents = new Set(nodes.map((n) => n.parent));
    const empty = nodes.filter((n) => n.kind === 'aggregate' && n.parent !== null && !parents.has(n.code));
    if (empty.length === 0) break;
    nodes = nodes.filter((n) => !empty.includes(n));
  }
  const kept = new Set(nodes.map((n) => n.code));
  const weighting =
    spec.weighting.method === 'frozen'
      ? {
          ...spec.weighting,
          weights: Object.fromEntries(
            Object.entries(spec.weighting.weights).filter(([code]) => kept.has(code)),
          ),
        }
      : spec.weighting;
  return parseEvaluationSpec({ ...spec, nodes, weighting });
}

/** Each unit's indicators: raw value (after the formula) and normalised value (absolute scale). */
function indicatorValues(
  spec: EvaluationSpec,
  data: EvaluationData,
): Map<string, Record<string, IndicatorValue>> {
  const prepared = preparePipeline(spec, data);
  const normalised = prepared.normalisedMatrix();
  const J = prepared.indicatorCodes.length;
  const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
  return new Map(
    prepared.unitCodes.map((code, u) => [
      code,
      Object.fromEntries(
        prepared.indicatorCodes.map((indicator, j) => [
          indicator,
          { raw: finite(prepared.raw[u * J + j]), normalised: finite(normalised[u * J + j]) },
        ]),
      ),
    ]),
  );
}

/** Best and worst `count` indicators by normalised value (ties by code), among those with a value. */
export function strengthsAndWeaknesses(
  indicators: Record<string, IndicatorValue>,
  count = 3,
): { strengths: string[]; weaknesses: string[] } {
  const valued = Object.entries(indicators)
    .filter((e): e is [string, { raw: number | null; normalised: number }] => e[1].normalised !== null)
    .sort((a, b) => b[1].normalised - a[1].normalised || (a[0] < b[0] ? -1 : 1));
  const n = Math.min(count, Math.floor(valued.length / 2));
  return {
    strengths: valued.slice(0, n).map(([code]) => code),
    weaknesses: valued
      .slice(valued.length - n)
      .reverse()
      .map(([code]) => code),
  };
}

export type ComputeOptions = {
  runs: number;
  seed: number;
  /** Base samples N of the sensitivity analysis (0 or absent: none). */
  sensitivityRuns?: number;
  onProgress?: (done: number, total: number, stage: 'uncertainty' | 'sensitivity') => void;
};

/** Workers only pay off for large analyses (starting them costs more than small ones take). */
const workersFor = (evaluations: number, units: number): number | undefined =>
  evaluations * units > 2_000_000 ? undefined : 0;

/**
 * Variance-based sensitivity of the ranking: the spec's uncertainty model (weights of every level
 * × U(0.75, 1.25), one input per level: `weights.level1` indicator weights, `weights.level2` area
 * weights; plus any method alternatives the spec lists) with Saltelli sampling, N(k + 2) evaluations.
 * Same seed as the run, so a recomputation gives the same indices.
 */
async function computeSensitivity(
  spec: EvaluationSpec,
  data: EvaluationData,
  options: ComputeOptions & { sensitivityRuns: number },
): Promise<RunSensitivity> {
  const model = buildUncertaintyModel(spec, data, {
    runs: options.sensitivityRuns,
    seed: options.seed,
    sensitivity: true,
  });
  const onProgress = options.onProgress;
  const result = await runUncertaintyInWorkers(model, {
    workers: workersFor(options.sensitivityRuns * 4, data.units.length),
    ...(onProgress
      ? { onProgress: (done: number, total: number) => onProgress(done, total, 'sensitivity') }
      : {}),
  });
  const s = result.sensitivity;
  if (!s) throw new AppError('internal', 'sensitivity analysis returned no indices');
  return {
    method: result.method,
    seed: result.seed,
    baseSamples: s.baseSamples,
    evaluations: s.evaluations,
    inputs: s.inputs,
    varied: result.varied.map((v) => ({ input: v.input, how: v.how })),
    output: s.output,
    estimators: s.estimators,
    first: s.first,
    total: s.total,
    units: s.units,
  };
}

/** Pipeline + uncertainty + tiering on a snapshot: the stored results (deterministic). */
export async function computeResults(
  frameworkSpec: EvaluationSpec,
  snapshot: DataSnapshot,
  options: ComputeOptions,
): Promise<StoredResults> {
  if (snapshot.data.units.length === 0)
    throw new AppError(
      'rule_violated',
      `评价期 ${snapshot.period} 没有可评价的集群（无已审核数据）/ no cluster has accepted figures enough to be scored for ${snapshot.period}`,
      { period: snapshot.period, unscored: snapshot.unscored },
    );
  const { spec: runSpec, leftOut } = runSpecFor(frameworkSpec, snapshot.data);
  const spec = runSpec;
  const root = rootOf(spec);
  const pipeline = runPipeline(spec, snapshot.data);
  const uncertainty =
    options.runs > 0
      ? await runUncertaintyInWorkers(
          buildUncertaintyModel(spec, snapshot.data, { runs: options.runs, seed: options.seed }),
          {
            // small analyses in the calling thread (starting workers costs more than they save)
            workers: workersFor(options.runs, snapshot.data.units.length),
            ...(options.onProgress
              ? {
                  onProgress: (done: number, total: number) =>
                    options.onProgress?.(done, total, 'uncertainty'),
                }
              : {}),
          },
        )
      : undefined;
  const sensitivityRuns = options.sensitivityRuns ?? 0;
  const sensitivity =
    sensitivityRuns > 0
      ? await computeSensitivity(spec, snapshot.data, { ...options, sensitivityRuns })
      : undefined;
  const spread =
    options.runs > 1
      ? indexScoreSpread(spec, snapshot.data, { runs: options.runs, seed: options.seed })
      : undefined;
  const tiering =
    spec.tiers !== undefined
      ? tierPipelineResult(spec, pipeline, uncertainty ? { uncertainty } : {})
      : undefined;
  const tiered = new Map((tiering?.units ?? []).map((u) => [u.code, u]));
  const intervals = new Map((uncertainty?.units ?? []).map((u) => [u.code, u]));
  const indicators = indicatorValues(spec, snapshot.data);
  const areas = frameworkSpec.nodes.filter((n) => n.parent === root).map((n) => n.code);
  const names = new Map(snapshot.clusters.map((c) => [c.code, c.name]));
  const results: ClusterResult[] = pipeline.units.flatMap((u) => {
    const score = u.scores[root];
    const rank = u.ranks[root];
    if (score === null || score === undefined || rank === null || rank === undefined) return [];
    const interval = intervals.get(u.code);
    const tier = tiered.get(u.code);
    const values: Record<string, IndicatorValue> = {
      ...Object.fromEntries(leftOut.map((code) => [code, { raw: null, normalised: null }])),
      ...(indicators.get(u.code) ?? {}),
    };
    return [
      {
        clusterCode: u.code,
        name: names.get(u.code) ?? u.code,
        score,
        rank,
        rankLow: interval ? interval.rankInterval[0] : rank,
        rankHigh: interval ? interval.rankInterval[1] : rank,
        medianRank: interval ? interval.medianRank : rank,
        scoreSd: spread?.sd[u.code] ?? 0,
        tier: tier?.tier ?? 'none',
        borderline: tier ? tier.borderline : null,
        gap: tier?.gap
          ? {
              toTier: tier.gap.toTier,
              points: tier.gap.points,
              closers: tier.gap.closers.map((c) => ({
                indicator: c.indicator,
                potentialGain: c.potentialGain,
                aloneNeeds: c.aloneNeeds,
              })),
              closable: tier.gap.closable,
            }
          : null,
        areas: Object.fromEntries(areas.map((a) => [a, u.scores[a] ?? null])),
        ...strengthsAndWeaknesses(values),
        contributions: u.contributions,
        indicators: values,
      },
    ];
  });
  results.sort((a, b) => a.rank - b.rank || (a.clusterCode < b.clusterCode ? -1 : 1));
  return {
    engine: pipeline.engine,
    specHash: pipeline.specHash,
    dataHash: pipeline.dataHash,
    pipelineHash: pipeline.hash,
    seed: options.seed,
    uncertaintyRuns: options.runs,
    uncertainty: uncertainty
      ? {
          method: uncertainty.method,
          runs: uncertainty.runs,
          evaluations: uncertainty.evaluations,
          varied: uncertainty.varied.map((v) => ({ input: v.input, how: v.how })),
          quantiles: uncertainty.quantiles,
          meanAbsRankShift: uncertainty.meanAbsRankShift,
        }
      : null,
    tiers: tiering
      ? { method: tiering.method, tiers: tiering.tiers, rest: tiering.rest, boundaries: tiering.boundaries }
      : null,
    ...(sensitivity ? { sensitivity } : {}),
    weights: pipeline.nodes.map((n) => ({
      code: n.code,
      parent: n.parent,
      effectiveWeight: n.effectiveWeight,
    })),
    warnings: pipeline.warnings,
    leftOut,
    unscored: snapshot.unscored,
    results,
  };
}

/** Canonical JSON text and its SHA-256. */
export function canonicalWithHash(value: unknown): { json: string; hash: string } {
  const json = canonicalJson(value);
  return { json, hash: sha256Hex(json) };
}
