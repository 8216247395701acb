/**
 * The whole composite-indicator pipeline: checks and screening → denomination → imputation → outlier
 * treatment → normalisation → weighting → aggregation → results (scores and ranks at every node, ranks
 * within groups, strengths and weaknesses, contributions, correlations, Cronbach's alpha). Same inputs
 * give a byte-identical result; it carries the SHA-256 of the canonical JSON of the spec and the data.
 */

import { AppError } from '../../errors.ts';
import { canonicalJson } from '../canonical-json.ts';
import { sha256Hex } from '../sha256.ts';
import { type EvaluationData, evaluationDataSchema } from '../spec/evaluation-data.schema.ts';
import {
  type AggregationMethod,
  type EvaluationSpec,
  type EvaluationSpecInput,
  parseEvaluationSpec,
} from '../spec/evaluation-spec.schema.ts';
import type { FrameworkArrays } from '../spec/framework-tree.ts';
import { pearson, rankValues, variance } from '../stats.ts';
import type { DerivedWeightsGroup } from './derive-weights.ts';
import type { WeightGroup, WeightSource } from './pipeline-weights.ts';
import {
  type AvailabilityReport,
  type DroppedIndicator,
  type PreparedPipeline,
  preparePipeline,
} from './prepare.ts';
import type { TreatmentReport } from './treat.ts';

export const ENGINE_VERSION = 'qunce-ci/1';

export type UnitResult = {
  code: string;
  name?: string;
  groups: Record<string, string>;
  scores: Record<string, number | null>;
  ranks: Record<string, number | null>;
  /** Ranks within each grouping column (e.g. groupRanks.EurAsia_group.Index). */
  groupRanks: Record<string, Record<string, number | null>>;
  /** The unit's best and worst indicators by its rank among units (up to `strengthCount` each). */
  strengths: string[];
  weaknesses: string[];
  /** Each indicator's share of the index score (points): sums to the index when every level is arithmetic; else null. */
  contributions: Record<string, number | null>;
};

export type NodeResult = {
  code: string;
  name?: string;
  kind: 'indicator' | 'aggregate';
  level: number;
  parent: string | null;
  /** Weight within the parent from the spec's weighting (0 when left out). */
  weight: number;
  /** The weight as a share of the parent's total weight. */
  effectiveWeight: number;
  /** How this node aggregates its children (null for indicators). */
  aggregation: AggregationMethod | null;
  /** Where its weight came from (null for the index); details per parent in steps.weightGroups. */
  weightSource: WeightSource | null;
};

export type PipelineResult = {
  engine: typeof ENGINE_VERSION;
  seed: number;
  specHash: string;
  dataHash: string;
  /** SHA-256 of the canonical JSON (RFC 8785) of { data, spec }. */
  hash: string;
  period: string | null;
  units: UnitResult[];
  nodes: NodeResult[];
  steps: {
    availability: AvailabilityReport;
    screenedOut: string[];
    dropped: DroppedIndicator[];
    denominated: { indicator: string; denominator: string; factor: number }[];
    imputation: {
      method: string;
      group: string | null;
      cells: { indicator: string; unit: string; value: number }[];
      stillMissing: number;
    };
    treatment: ({ indicator: string } & Omit<TreatmentReport, 'winsorisedHigh' | 'winsorisedLow'> & {
        winsorisedHigh: string[];
        winsorisedLow: string[];
      })[];
    normalisation: EvaluationSpec['normalisation'];
    weighting: EvaluationSpec['weighting'];
    /** Indicator weights derived from the data (weighting 'derived'), per aggregate. */
    derivedWeights: DerivedWeightsGroup[];
    /** Per aggregate: its children's weights, each one's source, AHP consistency, combined sides. */
    weightGroups: WeightGroup[];
    aggregation: EvaluationSpec['aggregation'];
  };
  correlations: { withParent: Record<string, number | null>; withIndex: Record<string, number | null> };
  cronbachAlpha: Record<string, number | null>;
  warnings: string[];
};

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export type RunOptions = { strengthCount?: number };

/** Runs the pipeline. Accepts a spec with or without defaults (it is parsed) and validated data. */
export function runPipeline(
  specInput: EvaluationSpec | EvaluationSpecInput,
  dataInput: EvaluationData,
  options: RunOptions = {},
): PipelineResult {
  const spec = parseEvaluationSpec(specInput);
  const parsedData = evaluationDataSchema.safeParse(dataInput);
  if (!parsedData.success) {
    const first = parsedData.error.issues[0];
    throw new AppError(
      'invalid_input',
      `评价数据无效 / invalid evaluation data at ${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`,
      {
        issues: parsedData.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  const data = parsedData.data;
  const prepared = preparePipeline(spec, data);
  const matrix = prepared.normalisedMatrix();
  const scores = prepared.aggregate(matrix);
  return buildResult(spec, data, prepared, scores, options);
}

function buildResult(
  spec: EvaluationSpec,
  data: EvaluationData,
  prepared: PreparedPipeline,
  scores: Float64Array,
  options: RunOptions,
): PipelineResult {
  const { tree, unitCodes, units } = prepared;
  const U = unitCodes.length;
  const N = tree.codes.length;
  const J = tree.indicatorCount;
  const nodeSpec = new Map(spec.nodes.map((n) => [n.code, n]));

  const ranksByNode: number[][] = [];
  const sortBuffer = new Float64Array(U);
  for (let n = 0; n < N; n++) ranksByNode.push(rankColumn(scores, U, N, n, sortBuffer));

  // Ranks within each grouping column.
  const groupKeys = [...new Set(units.flatMap((u) => Object.keys(u.groups ?? {})))].sort();
  const groupRanks: Record<string, Record<string, number | null>>[] = units.map(() => ({}));
  for (const key of groupKeys) {
    const members = new Map<string, number[]>();
    units.forEach((unit, u) => {
      const g = unit.groups?.[key];
      if (g === undefined) return;
      const list = members.get(g) ?? [];
      list.push(u);
      members.set(g, list);
    });
    for (const list of members.values())
      for (let n = 0; n < N; n++) {
        const r = rankValues(list.map((u) => scores[u * N + n] as number));
        list.forEach((u, k) => {
          const target = groupRanks[u] as Record<string, Record<string, number | null>>;
          target[key] ??= {};
          (target[key] as Record<string, number | null>)[tree.codes[n] as string] = finite(r[k] as number);
        });
      }
  }

  // Contributions: value × product of weight shares along the path (arithmetic levels only).
  const allArithmetic = tree.method.slice(J).every((m) => m === 'arithmetic');
  const share = new Float64Array(U * N);
  if (allArithmetic)
    for (let u = 0; u < U; u++)
      for (let n = J; n < N; n++) {
        let total = 0;
        for (let c = tree.childStart[n] as number; c < (tree.childStart[n + 1] as number); c++) {
          const child = tree.childIndex[c] as number;
          if (!Number.isNaN(scores[u * N + child] as number)) total += tree.weight[child] as number;
        }
        for (let c = tree.childStart[n] as number; c < (tree.childStart[n + 1] as number); c++) {
          const child = tree.childIndex[c] as number;
          share[u * N + child] =
            total > 0 && !Number.isNaN(scores[u * N + child] as number)
              ? (tree.weight[child] as number) / total
              : 0;
        }
      }

  const strengthCount = options.strengthCount ?? 3;
  const pathFactor = new Float64Array(N);
  const unitResults: UnitResult[] = units.map((unit, u) => {
    const s: Record<string, number | null> = {};
    const r: Record<string, number | null> = {};
    // Plain expressions rather than helper calls: this loop runs units × nodes times.
    for (let n = 0; n < N; n++) {
      const code = tree.codes[n] as string;
      const score = scores[u * N + n] as number;
      const rank = (ranksByNode[n] as number[])[u] as number;
      s[code] = Number.isFinite(score) ? score : null;
      r[code] = Number.isFinite(rank) ? rank : null;
    }
    const strengths = pickByRank(tree, ranksByNode, u, strengthCount, true);
    const weaknesses = pickByRank(tree, ranksByNode, u, strengthCount, false);
    const contributions: Record<string, number | null> = {};
    // Path factor of every node: the product of weight shares up to the index (parents come after
    // their children in the node order, so one pass from the root down fills it).
    const rootMissing = Number.isNaN(scores[u * N + tree.rootIndex] as number);
    pathFactor[tree.rootIndex] = 1;
    for (let n = tree.rootIndex - 1; n >= 0; n--)
      pathFactor[n] = (pathFactor[tree.parent[n] as number] as number) * (share[u * N + n] as number);
    for (let j = 0; j < J; j++) {
      const x = scores[u * N + j] as number;
      contributions[tree.codes[j] as string] =
        !allArithmetic || (tree.weight[j] as number) === 0 || rootMissing || Number.isNaN(x)
          ? null
          : x * (pathFactor[j] as number);
    }
    return {
      code: unit.code,
      ...(unit.name !== undefined ? { name: unit.name } : {}),
      groups: unit.groups ?? {},
      scores: s,
      ranks: r,
      groupRanks: groupRanks[u] ?? {},
      strengths,
      weaknesses,
      contributions,
    };
  });

  const weightSource = new Map<string, WeightSource>();
  for (const group of prepared.weightGroups)
    for (const child of group.children) weightSource.set(child.code, child.source);
  const nodes: NodeResult[] = tree.codes.map((code, n) => {
    const node = nodeSpec.get(code);
    const parentIndex = tree.parent[n] as number;
    let siblingsTotal = 0;
    if (parentIndex >= 0)
      for (
        let c = tree.childStart[parentIndex] as number;
        c < (tree.childStart[parentIndex + 1] as number);
        c++
      )
        siblingsTotal += tree.weight[tree.childIndex[c] as number] as number;
    const weight = tree.weight[n] as number;
    return {
      code,
      ...(node?.name !== undefined ? { name: node.name } : {}),
      kind: n < J ? 'indicator' : 'aggregate',
      level: tree.level[n] as number,
      parent: parentIndex >= 0 ? (tree.codes[parentIndex] as string) : null,
      weight,
      effectiveWeight: parentIndex < 0 ? 1 : siblingsTotal > 0 ? weight / siblingsTotal : 0,
      aggregation: n < J ? null : (tree.method[n] as AggregationMethod),
      weightSource: weightSource.get(code) ?? null,
    };
  });

  // Correlations of each node with its parent and with the index (units with both values).
  const pairwise = (a: number, b: number): number | null => {
    const x: number[] = [];
    const y: number[] = [];
    for (let u = 0; u < U; u++) {
      const va = scores[u * N + a] as number;
      const vb = scores[u * N + b] as number;
      if (!Number.isNaN(va) && !Number.isNaN(vb)) {
        x.push(va);
        y.push(vb);
      }
    }
    return x.length < 3 ? null : finite(pearson(x, y));
  };
  const withParent: Record<string, number | null> = {};
  const withIndex: Record<string, number | null> = {};
  for (let n = 0; n < N; n++) {
    const code = tree.codes[n] as string;
    const parentIndex = tree.parent[n] as number;
    if (parentIndex >= 0 && (tree.weight[n] as number) > 0) {
      withParent[code] = pairwise(n, parentIndex);
      withIndex[code] = pairwise(n, tree.rootIndex);
    }
  }

  // Cronbach's alpha of each aggregate over its children: k/(k−1) (1 − Σ var_i / var(Σ x_i)), complete units.
  const cronbachAlpha: Record<string, number | null> = {};
  for (let n = J; n < N; n++) {
    const children: number[] = [];
    for (let c = tree.childStart[n] as number; c < (tree.childStart[n + 1] as number); c++) {
      const child = tree.childIndex[c] as number;
      if ((tree.weight[child] as number) > 0) children.push(child);
    }
    const complete: number[] = [];
    for (let u = 0; u < U; u++) {
      let isComplete = true;
      for (const c of children) if (Number.isNaN(scores[u * N + c] as number)) isComplete = false;
      if (isComplete) complete.push(u);
    }
    const k = children.length;
    if (k < 2 || complete.length < 2) {
      cronbachAlpha[tree.codes[n] as string] = null;
      continue;
    }
    let sumVar = 0;
    const values = new Array<number>(complete.length);
    const totals = new Array<number>(complete.length).fill(0);
    for (const c of children) {
      complete.forEach((u, k) => {
        const v = scores[u * N + c] as number;
        values[k] = v;
        totals[k] = (totals[k] as number) + v;
      });
      sumVar += variance(values);
    }
    const totalVar = variance(totals);
    cronbachAlpha[tree.codes[n] as string] =
      totalVar > 0 ? finite((k / (k - 1)) * (1 - sumVar / totalVar)) : null;
  }

  const report = prepared.matrixReport();
  const specJson = canonicalJson(spec);
  const dataJson = canonicalJson(data);
  const specHash = sha256Hex(specJson);
  const dataHash = sha256Hex(dataJson);
  return {
    engine: ENGINE_VERSION,
    seed: spec.seed,
    specHash,
    dataHash,
    // Canonical JSON of { data, spec }: members in code-unit order, so this is exactly canonicalJson({ data, spec }).
    hash: sha256Hex(`{"data":${dataJson},"spec":${specJson}}`),
    period: data.period ?? null,
    units: unitResults,
    nodes,
    steps: {
      availability: prepared.availability,
      screenedOut: prepared.availability.units.filter((u) => u.screenedOut).map((u) => u.unit),
      dropped: prepared.dropped,
      denominated: spec.nodes.flatMap((n) =>
        n.kind === 'indicator' && n.denominator
          ? [{ indicator: n.code, denominator: n.denominator.metric, factor: n.denominator.factor }]
          : [],
      ),
      imputation: {
        method: spec.imputation.method,
        group: spec.imputation.group ?? null,
        cells: report.imputed,
        stillMissing: report.stillMissing,
      },
      treatment: report.treatment.map((t) => ({
        ...t,
        winsorisedHigh: t.winsorisedHigh.map((i) => unitCodes[i] ?? String(i)),
        winsorisedLow: t.winsorisedLow.map((i) => unitCodes[i] ?? String(i)),
      })),
      normalisation: spec.normalisation,
      weighting: spec.weighting,
      derivedWeights: prepared.derivedWeights,
      weightGroups: prepared.weightGroups,
      aggregation: spec.aggregation,
    },
    correlations: { withParent, withIndex },
    cronbachAlpha,
    warnings: prepared.warnings,
  };
}

/**
 * Competition ranks (1 = highest, ties share the lowest rank, NaN stays NaN) of node n's column of the
 * units × nodes score matrix. Native numeric sort of the values, then each unit's rank = 1 + the number of
 * values above it (binary search): no comparator callbacks, which matters for 1,000 units × 80 nodes.
 */
function rankColumn(scores: Float64Array, U: number, N: number, n: number, sorted: Float64Array): number[] {
  let m = 0;
  for (let u = 0; u < U; u++) {
    const v = scores[u * N + n] as number;
    if (!Number.isNaN(v)) sorted[m++] = v;
  }
  const view = sorted.subarray(0, m).sort(); // ascending
  const ranks = new Array<number>(U);
  for (let u = 0; u < U; u++) {
    const v = scores[u * N + n] as number;
    if (Number.isNaN(v)) {
      ranks[u] = Number.NaN;
      continue;
    }
    // first index with view[i] > v; values above v = m − that index
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((view[mid] as number) > v) hi = mid;
      else lo = mid + 1;
    }
    ranks[u] = 1 + (m - lo);
  }
  return ranks;
}

/**
 * The unit's `count` best (or worst) indicators by its rank among units, ties in indicator order;
 * left-out indicators and missing ranks are skipped. Selection by repeated scans: count is small.
 */
function pickByRank(
  tree: FrameworkArrays,
  ranksByNode: readonly number[][],
  u: number,
  count: number,
  best: boolean,
): string[] {
  const picked: string[] = [];
  const taken = new Uint8Array(tree.indicatorCount);
  for (let k = 0; k < count; k++) {
    let pick = -1;
    let pickRank = 0;
    for (let j = 0; j < tree.indicatorCount; j++) {
      if (taken[j] || !((tree.weight[j] as number) > 0)) continue;
      const rank = (ranksByNode[j] as number[])[u] as number;
      if (Number.isNaN(rank)) continue;
      if (pick < 0 || (best ? rank < pickRank : rank > pickRank)) {
        pick = j;
        pickRank = rank;
      }
    }
    if (pick < 0) break;
    taken[pick] = 1;
    picked.push(tree.codes[pick] as string);
  }
  return picked;
}
