import { AppError } from '../../errors.ts';
import type { UncertaintyTree } from './uncertainty-model.ts';

export type TreeNodeInput = { code: string; parent: string | null; weight: number };

/**
 * Builds the tree arrays (the layout of the pipeline's FrameworkArrays) from a flat node list:
 * indicators (nodes without children) first in the given order, then aggregates bottom-up, root last.
 * Used where no pipeline is involved (tests, benchmarks); the pipeline's `prepared.tree` fits as is.
 */
export function buildUncertaintyTree(nodes: readonly TreeNodeInput[], minAvailability = 0): UncertaintyTree {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.parent === null) continue;
    if (!byCode.has(n.parent))
      throw new AppError('invalid_input', `未知父节点 / unknown parent ${n.parent} of ${n.code}`, {
        node: n.code,
      });
    const list = children.get(n.parent) ?? [];
    list.push(n.code);
    children.set(n.parent, list);
  }
  const roots = nodes.filter((n) => n.parent === null);
  if (roots.length !== 1 || !roots[0])
    throw new AppError('invalid_input', '须恰有一个根节点 / exactly one root node', { roots: roots.length });
  const level = new Map<string, number>();
  const levelOf = (code: string): number => {
    const known = level.get(code);
    if (known !== undefined) return known;
    const kids = children.get(code) ?? [];
    const value = kids.length === 0 ? 1 : 1 + Math.max(...kids.map(levelOf));
    level.set(code, value);
    return value;
  };
  const indicators = nodes.filter((n) => !children.has(n.code)).map((n) => n.code);
  const aggregates = nodes
    .filter((n) => children.has(n.code))
    .map((n, i) => ({ code: n.code, level: levelOf(n.code), i }))
    .sort((a, b) => a.level - b.level || a.i - b.i)
    .map((n) => n.code);
  const codes = [...indicators, ...aggregates];
  const index = new Map(codes.map((c, i) => [c, i]));
  const childStart = new Int32Array(codes.length + 1);
  const childIndex: number[] = [];
  codes.forEach((c, i) => {
    childStart[i] = childIndex.length;
    for (const kid of children.get(c) ?? []) childIndex.push(index.get(kid) as number);
  });
  childStart[codes.length] = childIndex.length;
  return {
    codes,
    indicatorCount: indicators.length,
    rootIndex: codes.length - 1,
    parent: Int32Array.from(
      codes.map((c) => {
        const parent = byCode.get(c)?.parent;
        return parent == null ? -1 : (index.get(parent) as number);
      }),
    ),
    level: Int32Array.from(codes.map(levelOf)),
    weight: Float64Array.from(codes.map((c) => byCode.get(c)?.weight ?? 0)),
    childStart,
    childIndex: Int32Array.from(childIndex),
    minAvailability,
  };
}
