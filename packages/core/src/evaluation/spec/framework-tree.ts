/**
 * The framework tree of a spec as flat typed arrays, the form the aggregation loop and the Monte Carlo
 * analysis use (see docs/briefs/engine-contract.md): indicators first (matrix column j = node j), then
 * aggregates bottom-up (children before their parent), the index last; children in CSR form.
 */
import { AppError } from '../../errors.ts';
import type {
  AggregationMethod,
  EvaluationSpec,
  FrozenWeightingSpec,
  SpecNode,
  WeightingSpec,
} from './evaluation-spec.schema.ts';

export type FrameworkArrays = {
  codes: string[];
  indicatorCount: number;
  rootIndex: number;
  parent: Int32Array;
  level: Int32Array;
  weight: Float64Array;
  childStart: Int32Array;
  childIndex: Int32Array;
  method: AggregationMethod[];
  p: Float64Array;
  minAvailability: number;
};

const invalid = (message: string, details: Record<string, unknown>) =>
  new AppError('invalid_input', message, details);

/** Checks the tree (one root, known parents, indicators are leaves, aggregates have children, no cycle). */
export function checkFrameworkTree(nodes: readonly SpecNode[]): { levels: Map<string, number> } {
  const byCode = new Map<string, SpecNode>();
  for (const node of nodes) {
    if (byCode.has(node.code))
      throw invalid(`节点代码重复 / duplicate node code: ${node.code}`, { node: node.code });
    byCode.set(node.code, node);
  }
  const roots = nodes.filter((n) => n.parent === null);
  if (roots.length !== 1)
    throw invalid(`框架须有且仅有一个根节点 / the framework needs exactly one root (found ${roots.length})`, {
      roots: roots.map((r) => r.code),
    });
  const children = new Map<string, SpecNode[]>();
  for (const node of nodes) {
    if (node.parent === null) continue;
    const parent = byCode.get(node.parent);
    if (!parent)
      throw invalid(`${node.code}: 父节点不存在 / unknown parent ${node.parent}`, { node: node.code });
    if (parent.kind !== 'aggregate')
      throw invalid(`${node.code}: 父节点 ${parent.code} 是指标 / parent ${parent.code} is an indicator`, {
        node: node.code,
      });
    const list = children.get(parent.code) ?? [];
    list.push(node);
    children.set(parent.code, list);
  }
  for (const node of nodes)
    if (node.kind === 'aggregate' && !children.has(node.code))
      throw invalid(`${node.code}: 汇总节点没有下级 / aggregate has no children`, { node: node.code });
  const levels = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (node: SpecNode): number => {
    const known = levels.get(node.code);
    if (known !== undefined) return known;
    if (visiting.has(node.code))
      throw invalid(`${node.code}: 框架存在循环 / cycle in the framework`, { node: node.code });
    visiting.add(node.code);
    let level = 1;
    for (const child of children.get(node.code) ?? []) level = Math.max(level, levelOf(child) + 1);
    visiting.delete(node.code);
    levels.set(node.code, level);
    return level;
  };
  for (const node of nodes) levelOf(node);
  // A cycle not reachable from the root leaves nodes whose chain never ends at the root.
  for (const node of nodes) {
    let cursor: SpecNode | undefined = node;
    let steps = 0;
    while (cursor && cursor.parent !== null && steps <= nodes.length) {
      cursor = byCode.get(cursor.parent);
      steps++;
    }
    if (steps > nodes.length)
      throw invalid(`${node.code}: 框架存在循环 / cycle in the framework`, { node: node.code });
  }
  return { levels };
}

/** The frozen weight tables of a weighting (its own, or a combined weighting's subjective / objective). */
function frozenWeightings(weighting: WeightingSpec): FrozenWeightingSpec[] {
  if (weighting.method === 'frozen') return [weighting];
  if (weighting.method !== 'combined') return [];
  return [weighting.subjective, weighting.objective].filter(
    (w): w is FrozenWeightingSpec => w.method === 'frozen',
  );
}

/**
 * A node's weight before any data- or judgement-derived weights: given (node.weight), equal (1) or
 * frozen (the table, else node.weight); AHP and derived start from the given weights and a combined
 * weighting from its subjective side (pipeline/pipeline-weights.ts then writes the derived ones).
 */
export function baseWeight(weighting: WeightingSpec, node: SpecNode): number {
  if (weighting.method === 'equal') return 1;
  if (weighting.method === 'frozen') return weighting.weights[node.code] ?? node.weight;
  if (weighting.method === 'combined') return baseWeight(weighting.subjective, node);
  return node.weight;
}

/**
 * Builds the arrays. `leftOut` indicators (zero variance, screened out) get weight 0; an aggregate whose
 * children all weigh 0 weighs 0 too. Weights follow spec.weighting through `baseWeight`.
 */
export function buildFrameworkArrays(
  spec: EvaluationSpec,
  leftOut: ReadonlySet<string> = new Set(),
): FrameworkArrays {
  const { levels } = checkFrameworkTree(spec.nodes);
  const indicators = spec.nodes.filter((n) => n.kind === 'indicator');
  const aggregates = spec.nodes
    .map((node, order) => ({ node, order }))
    .filter(({ node }) => node.kind === 'aggregate')
    .sort((a, b) => (levels.get(a.node.code) ?? 0) - (levels.get(b.node.code) ?? 0) || a.order - b.order)
    .map(({ node }) => node);
  // The root has the highest level; move it last among equals.
  const ordered = [
    ...indicators,
    ...aggregates.filter((a) => a.parent !== null),
    ...aggregates.filter((a) => a.parent === null),
  ];
  const count = ordered.length;
  const index = new Map<string, number>();
  ordered.forEach((node, i) => {
    index.set(node.code, i);
  });

  const weighting = spec.weighting;
  for (const frozen of frozenWeightings(weighting))
    for (const code of Object.keys(frozen.weights))
      if (!index.has(code))
        throw invalid(`固定权重指向不存在的节点 / frozen weight for unknown node ${code}`, {
          node: code,
          step: 'weighting',
        });

  const parent = new Int32Array(count);
  const level = new Int32Array(count);
  const weight = new Float64Array(count);
  const p = new Float64Array(count);
  const method: AggregationMethod[] = [];
  ordered.forEach((node, i) => {
    parent[i] = node.parent === null ? -1 : (index.get(node.parent) ?? -1);
    const lv = levels.get(node.code) ?? 1;
    level[i] = lv;
    weight[i] = leftOut.has(node.code) ? 0 : baseWeight(weighting, node);
    const byLevel = spec.aggregation.byLevel?.[String(lv)];
    method.push(byLevel?.method ?? spec.aggregation.method);
    p[i] = byLevel?.p ?? spec.aggregation.p;
  });

  const childCount = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const pi = parent[i] as number;
    if (pi >= 0) childCount[pi + 1] = (childCount[pi + 1] as number) + 1;
  }
  const childStart = new Int32Array(count + 1);
  for (let i = 0; i < count; i++)
    childStart[i + 1] = (childStart[i] as number) + (childCount[i + 1] as number);
  const fillAt = Int32Array.from(childStart);
  const childIndex = new Int32Array(Math.max(count - 1, 0));
  for (let i = 0; i < count; i++) {
    const pi = parent[i] as number;
    if (pi < 0) continue;
    childIndex[fillAt[pi] as number] = i;
    fillAt[pi] = (fillAt[pi] as number) + 1;
  }
  // Aggregates whose children all weigh 0 weigh 0 (bottom-up order makes one pass enough).
  for (let n = indicators.length; n < count; n++) {
    let total = 0;
    for (let c = childStart[n] as number; c < (childStart[n + 1] as number); c++)
      total += weight[childIndex[c] as number] as number;
    if (total === 0) {
      if (parent[n] === -1)
        throw new AppError(
          'rule_violated',
          `所有指标均被剔除或权重为零 / every indicator is left out or weighs 0`,
          {
            node: ordered[n]?.code,
          },
        );
      weight[n] = 0;
    }
  }
  return {
    codes: ordered.map((n) => n.code),
    indicatorCount: indicators.length,
    rootIndex: count - 1,
    parent,
    level,
    weight,
    childStart,
    childIndex,
    method,
    p,
    minAvailability: spec.aggregation.minAvailability,
  };
}
