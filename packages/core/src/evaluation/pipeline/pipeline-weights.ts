/**
 * The pipeline's weighting step: every node's weight within its parent, written into tree.weight, and a
 * report per parent of which weights were used and where they came from.
 *
 * - given / equal / frozen: set by buildFrameworkArrays (spec/framework-tree.ts, `baseWeight`);
 * - derived: each aggregate's indicator weights by entropy, CRITIC or PCA (derive-weights.ts);
 * - ahp: the children of each listed parent weighted by `ahpWeights` on the judgements (eigenvector,
 *   geometric or approximate derivation; λmax, CI, CR against the chosen RI table reported; CR > 0.1
 *   refused or warned by `onInconsistent`); other parents keep their given weights;
 * - combined: per aggregate, its indicator children's subjective weights s (given, equal, frozen or AHP)
 *   and objective weights o (derived from the data or frozen) combined by `combineWeights`
 *   (multiplicative s·o / Σ s·o, or linear α s + (1 − α) o), scaled to the children's subjective total
 *   so that siblings of another kind keep their place; aggregates of aggregates keep the subjective
 *   weights. See docs/methods/aggregation.md, ahp.md and combined-weights.md.
 */
import { AppError } from '../../errors.ts';
import type {
  AhpWeightingSpec,
  EvaluationSpec,
  FrozenWeightingSpec,
  WeightingSpec,
} from '../spec/evaluation-spec.schema.ts';
import type { FrameworkArrays } from '../spec/framework-tree.ts';
import { type AhpConsistency, type AhpResult, ahpWeights } from '../weights/ahp.ts';
import { combineWeights } from '../weights/combined.ts';
import { type DerivedWeightsGroup, deriveGroupWeights } from './derive-weights.ts';

/** Where a node's weight within its parent came from. */
export type WeightSource =
  | 'given'
  | 'equal'
  | 'frozen'
  | 'entropy'
  | 'critic'
  | 'pca'
  | 'ahp'
  | 'combined'
  | 'left_out';

export type AhpGroupReport = {
  derivation: AhpResult['derivation'];
  /** The random-index table used and its value RI(n) for this parent's n children. */
  riTable: AhpResult['riTable'];
  ri: number;
  lambdaMax: number;
  ci: number;
  cr: number;
  consistent: boolean;
  /** The matrix the weights came from (the element-wise geometric mean for several experts). */
  matrix: number[][];
  experts?: AhpConsistency[];
};

/** The weights of one parent's children, as used by the aggregation. */
export type WeightGroup = {
  parent: string;
  /** How this parent's children were weighted (children of another kind may say otherwise in `source`). */
  method: Exclude<WeightSource, 'left_out'>;
  /** e.g. "given", "entropy/…", "ahp/eigenvector/ri=saaty", "combined/multiplicative: ahp × entropy". */
  variant: string;
  /** In tree order: weight within the parent (0 when left out; only ratios matter) and its source. */
  children: { code: string; weight: number; source: WeightSource }[];
  /** Combined weighting: the two sides, each normalised over the combined children. */
  subjective?: Record<string, number>;
  objective?: Record<string, number>;
  ahp?: AhpGroupReport;
  /** Frozen weights: where they were derived (method, reference data set). */
  derivedFrom?: FrozenWeightingSpec['derivedFrom'];
  notes: string[];
};

export type WeightingOutcome = {
  /** Data-derived groups when spec.weighting is 'derived' (as before). */
  derivedWeights: DerivedWeightsGroup[];
  groups: WeightGroup[];
  warnings: string[];
};

type GroupState = {
  method: WeightGroup['method'];
  variant: string;
  subjective?: Record<string, number>;
  objective?: Record<string, number>;
  ahp?: AhpGroupReport;
  derivedFrom?: FrozenWeightingSpec['derivedFrom'];
  notes: string[];
};

const invalid = (message: string, details: Record<string, unknown>) =>
  new AppError('invalid_input', message, { step: 'weighting', ...details });

/** Re-throws an AppError of a weighting function with the parent's code in front. */
function inParent<T>(parent: string, method: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError(error.code, `${parent}: ${error.message}`, {
        ...error.details,
        node: parent,
        step: 'weighting',
        method,
      });
    throw error;
  }
}

/** Children of node n (indices), in tree order. */
function childrenOf(tree: FrameworkArrays, n: number): number[] {
  const out: number[] = [];
  for (let c = tree.childStart[n] as number; c < (tree.childStart[n + 1] as number); c++)
    out.push(tree.childIndex[c] as number);
  return out;
}

function baseSource(weighting: WeightingSpec, code: string): WeightSource {
  if (weighting.method === 'equal') return 'equal';
  if (weighting.method === 'frozen') return code in weighting.weights ? 'frozen' : 'given';
  if (weighting.method === 'combined') return baseSource(weighting.subjective, code);
  return 'given';
}

function baseMethod(weighting: WeightingSpec): WeightGroup['method'] {
  if (weighting.method === 'equal' || weighting.method === 'frozen') return weighting.method;
  if (weighting.method === 'combined') return baseMethod(weighting.subjective);
  return 'given';
}

function refuseSingleUnit(unitCount: number, derivation: string): void {
  if (unitCount < 2)
    throw new AppError(
      'rule_violated',
      `由数据推导的权重 (${derivation}) 至少需要两个单元；请先在参照数据集上冻结权重 (freezeWeights) / weights derived from the data (${derivation}) need at least two units: freeze them on a reference data set first (freezeWeights)`,
      { step: 'weighting', derivation, units: unitCount },
    );
}

/**
 * AHP weights for the judged parents, written into `weight`. Children must be exactly the parent's
 * children in the framework (any order; the matrix rows follow `children`).
 */
function applyAhp(
  ahp: AhpWeightingSpec,
  tree: FrameworkArrays,
  leftOut: ReadonlySet<string>,
  weight: Float64Array,
  states: (GroupState | undefined)[],
  source: WeightSource[],
  warnings: string[],
): void {
  const index = new Map(tree.codes.map((code, n) => [code, n]));
  for (const [parent, judgement] of Object.entries(ahp.judgements)) {
    const field = `weighting.judgements.${parent}`;
    const n = index.get(parent);
    if (n === undefined)
      throw invalid(`AHP：节点 ${parent} 不存在 / AHP judgements for unknown node ${parent}`, {
        node: parent,
        field,
      });
    if (n < tree.indicatorCount)
      throw invalid(
        `AHP：${parent} 是指标，没有下级 / AHP judgements for ${parent}, an indicator (no children)`,
        {
          node: parent,
          field,
        },
      );
    const actual = childrenOf(tree, n).map((c) => tree.codes[c] as string);
    const listed = judgement.children;
    const duplicated = listed.filter((c, k) => listed.indexOf(c) !== k);
    const missing = actual.filter((c) => !listed.includes(c));
    const extra = listed.filter((c) => !actual.includes(c));
    if (duplicated.length > 0 || missing.length > 0 || extra.length > 0)
      throw invalid(
        `AHP ${parent}：判断的下级与框架不符 / the judged children do not match the framework's children of ${parent}` +
          (missing.length > 0 ? `; missing ${missing.join(', ')}` : '') +
          (extra.length > 0 ? `; not children of ${parent}: ${extra.join(', ')}` : '') +
          (duplicated.length > 0 ? `; listed twice: ${[...new Set(duplicated)].join(', ')}` : ''),
        { node: parent, field: `${field}.children`, expected: actual, missing, extra, duplicated },
      );
    const pairwise = judgement.pairwise;
    const matrices = (Array.isArray(pairwise[0]?.[0]) ? pairwise : [pairwise]) as unknown[][];
    matrices.forEach((m, k) => {
      if (m.length !== listed.length)
        throw invalid(
          `AHP ${parent}：判断矩阵为 ${m.length} 阶，应为 ${listed.length} 阶（每个下级一行）/ pairwise matrix${matrices.length > 1 ? ` of expert ${k + 1}` : ''} has ${m.length} rows, expected ${listed.length} (one per child)`,
          { node: parent, field: `${field}.pairwise`, size: m.length, expected: listed.length },
        );
    });
    const result = inParent(parent, 'ahp', () =>
      ahpWeights(pairwise, { derivation: judgement.derivation, riTable: judgement.riTable }),
    );
    const cr = result.cr.toFixed(3);
    if (!result.consistent) {
      if (ahp.onInconsistent === 'refuse')
        throw new AppError(
          'rule_violated',
          `${parent}: AHP 判断不一致 (CR = ${cr} > 0.1)，按设置拒绝 / the AHP judgements are inconsistent (CR = ${cr} > 0.1): refused (onInconsistent: refuse)`,
          {
            node: parent,
            step: 'weighting',
            method: 'ahp',
            cr: result.cr,
            ci: result.ci,
            lambdaMax: result.lambdaMax,
            ri: result.ri,
            riTable: result.riTable,
          },
        );
      warnings.push(
        `${parent}: AHP 判断不一致 (CR = ${cr} > 0.1)，仍使用其权重，请复核 / the AHP judgements are inconsistent (CR = ${cr} > 0.1): weights used, review the judgements`,
      );
    }
    listed.forEach((code, k) => {
      const c = index.get(code) as number;
      weight[c] = leftOut.has(code) ? 0 : (result.weights[k] as number);
      if (!leftOut.has(code)) source[c] = 'ahp';
    });
    states[n] = {
      method: 'ahp',
      variant: result.variant,
      ahp: {
        derivation: result.derivation,
        riTable: result.riTable,
        ri: result.ri,
        lambdaMax: result.lambdaMax,
        ci: result.ci,
        cr: result.cr,
        consistent: result.consistent,
        matrix: result.matrix,
        ...(result.experts ? { experts: result.experts } : {}),
      },
      notes: result.notes,
    };
  }
}

/**
 * Objective weights per aggregate (indicator children only): derived from the matrix, or read from a
 * frozen table (a parent is combined when all its kept indicator children are in the table).
 */
function objectiveGroups(
  objective: Extract<WeightingSpec, { method: 'derived' | 'frozen' }>,
  tree: FrameworkArrays,
  weight: Float64Array,
  matrixOf: () => ArrayLike<number>,
  unitCount: number,
): { parent: number; children: number[]; weights: number[]; variant: string; notes: string[] }[] {
  const J = tree.indicatorCount;
  if (objective.method === 'derived') {
    refuseSingleUnit(unitCount, objective.derivation);
    // Children selected on the subjective weights (tree.weight, > 0), objective weights into a scratch copy.
    const scratch = Float64Array.from(weight);
    const derived = deriveGroupWeights(tree, matrixOf(), unitCount, objective.derivation, scratch);
    const index = new Map(tree.codes.map((code, n) => [code, n]));
    return derived.map((g) => {
      const children = Object.keys(g.weights).map((code) => index.get(code) as number);
      return {
        parent: index.get(g.parent) as number,
        children,
        weights: children.map((c) => scratch[c] as number),
        variant: g.variant,
        notes: g.notes,
      };
    });
  }
  const out: ReturnType<typeof objectiveGroups> = [];
  for (let n = J; n < tree.codes.length; n++) {
    const children = childrenOf(tree, n).filter((c) => c < J && (weight[c] as number) > 0);
    const listed = children.filter((c) => (tree.codes[c] as string) in objective.weights);
    if (listed.length === 0 || children.length < 2) continue;
    if (listed.length < children.length) {
      const missing = children.filter((c) => !listed.includes(c)).map((c) => tree.codes[c] as string);
      throw invalid(
        `${tree.codes[n]}: 客观固定权重缺少 ${missing.join(', ')} / the frozen objective weights miss ${missing.join(', ')} under ${tree.codes[n]}`,
        { node: tree.codes[n], field: 'weighting.objective.weights', missing },
      );
    }
    out.push({
      parent: n,
      children,
      weights: children.map((c) => objective.weights[tree.codes[c] as string] as number),
      variant: `frozen${objective.derivedFrom ? ` (${objective.derivedFrom.method}${objective.derivedFrom.reference ? ` on ${objective.derivedFrom.reference}` : ''})` : ''}`,
      notes: [],
    });
  }
  return out;
}

function normalised(codes: readonly string[], values: readonly number[]): Record<string, number> {
  const total = values.reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  codes.forEach((code, k) => {
    out[code] = total > 0 ? (values[k] as number) / total : 0;
  });
  return out;
}

/**
 * Applies spec.weighting to tree.weight (which holds the base weights from buildFrameworkArrays) and
 * reports, per aggregate, the weights of its children and their source. `matrixOf` gives the run's
 * normalised matrix (units × indicators) and is called only for weights derived from the data.
 */
export function applyWeighting(
  spec: EvaluationSpec,
  tree: FrameworkArrays,
  leftOut: ReadonlySet<string>,
  matrixOf: () => ArrayLike<number>,
  unitCount: number,
): WeightingOutcome {
  const weighting = spec.weighting;
  const J = tree.indicatorCount;
  const N = tree.codes.length;
  const weight = tree.weight;
  const warnings: string[] = [];
  const states: (GroupState | undefined)[] = new Array(N);
  const source: WeightSource[] = tree.codes.map((code) =>
    leftOut.has(code) ? 'left_out' : baseSource(weighting, code),
  );
  let derivedWeights: DerivedWeightsGroup[] = [];

  if (weighting.method === 'derived') {
    refuseSingleUnit(unitCount, weighting.derivation);
    derivedWeights = deriveGroupWeights(tree, matrixOf(), unitCount, weighting.derivation, weight);
    const index = new Map(tree.codes.map((code, n) => [code, n]));
    for (const g of derivedWeights) {
      for (const code of Object.keys(g.weights)) source[index.get(code) as number] = g.method;
      states[index.get(g.parent) as number] = { method: g.method, variant: g.variant, notes: g.notes };
    }
  } else if (weighting.method === 'ahp') {
    applyAhp(weighting, tree, leftOut, weight, states, source, warnings);
  } else if (weighting.method === 'combined') {
    const subjective = weighting.subjective;
    if (subjective.method === 'ahp') applyAhp(subjective, tree, leftOut, weight, states, source, warnings);
    const objective = weighting.objective;
    const objectiveName = objective.method === 'derived' ? objective.derivation : 'frozen';
    for (const group of objectiveGroups(objective, tree, weight, matrixOf, unitCount)) {
      const parent = tree.codes[group.parent] as string;
      const codes = group.children.map((c) => tree.codes[c] as string);
      const s = group.children.map((c) => weight[c] as number);
      const subjectiveTotal = s.reduce((a, b) => a + b, 0);
      const combined = inParent(parent, 'combined', () =>
        combineWeights(s, group.weights, {
          rule: weighting.rule,
          ...(weighting.alpha !== undefined ? { alpha: weighting.alpha } : {}),
        }),
      );
      group.children.forEach((c, k) => {
        weight[c] = subjectiveTotal * (combined.weights[k] as number);
        source[c] = 'combined';
      });
      const before = states[group.parent];
      const subjectiveName = before?.method ?? baseMethod(subjective);
      states[group.parent] = {
        method: 'combined',
        variant: `${combined.variant}: ${subjectiveName} × ${objectiveName}`,
        subjective: normalised(codes, s),
        objective: normalised(codes, group.weights),
        ...(before?.ahp ? { ahp: before.ahp } : {}),
        ...(subjective.method === 'frozen' && subjective.derivedFrom
          ? { derivedFrom: subjective.derivedFrom }
          : {}),
        notes: [...(before?.notes ?? []), ...group.notes.map((note) => `${objectiveName}: ${note}`)],
      };
    }
  }

  const frozen: FrozenWeightingSpec | undefined =
    weighting.method === 'frozen'
      ? weighting
      : weighting.method === 'combined' && weighting.subjective.method === 'frozen'
        ? weighting.subjective
        : undefined;
  const groups: WeightGroup[] = [];
  for (let n = J; n < N; n++) {
    const state = states[n] ?? {
      method: baseMethod(weighting),
      variant: baseMethod(weighting),
      ...(frozen?.derivedFrom ? { derivedFrom: frozen.derivedFrom } : {}),
      notes: [],
    };
    groups.push({
      parent: tree.codes[n] as string,
      method: state.method,
      variant: state.variant,
      children: childrenOf(tree, n).map((c) => ({
        code: tree.codes[c] as string,
        weight: weight[c] as number,
        source: source[c] as WeightSource,
      })),
      ...(state.subjective ? { subjective: state.subjective } : {}),
      ...(state.objective ? { objective: state.objective } : {}),
      ...(state.ahp ? { ahp: state.ahp } : {}),
      ...(state.derivedFrom ? { derivedFrom: state.derivedFrom } : {}),
      notes: state.notes,
    });
  }
  return { derivedWeights, groups, warnings };
}
