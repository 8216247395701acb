/**
 * Tiering of a pipeline result: the rule from the spec's `tiers` section (or given), each unit's index
 * score and rank, its 5–95 % rank interval from an uncertainty result, and per indicator its normalised
 * value, effective weight and the top of its normalised scale (for the gap closers).
 */
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { PipelineResult } from '../pipeline/run-pipeline.ts';
import type { EvaluationSpec, NormalisationSpec } from '../spec/evaluation-spec.schema.ts';
import type { UncertaintyResult } from '../uncertainty/monte-carlo.ts';
import { assignTiers, type TieringIndicator, type TieringResult, type TierRule } from './tiering.ts';

const tierCode = z.string().min(1).max(64);
export const tierRuleSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('thresholds'),
    tiers: z.array(z.object({ code: tierCode, min: z.number() })).min(1),
    rest: tierCode.optional(),
  }),
  z.object({
    method: z.literal('counts'),
    tiers: z.array(z.object({ code: tierCode, count: z.number().int().min(0) })).min(1),
    rest: tierCode.optional(),
  }),
  z.object({
    method: z.literal('quantiles'),
    tiers: z.array(z.object({ code: tierCode, share: z.number().min(0).max(1) })).min(1),
    rest: tierCode.optional(),
  }),
]);

export function parseTierRule(json: unknown): TierRule {
  const parsed = tierRuleSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `分档规则无效 / invalid tier rule at tiers.${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`,
      { issues: parsed.error.issues.map((i) => ({ path: `tiers.${i.path.join('.')}`, message: i.message })) },
    );
  }
  return parsed.data as TierRule;
}

/**
 * Top of an indicator's normalised scale: minmax → the range's upper end; goalposts, target,
 * fractionOfMax, distanceToMax, percentileRank, distanceToReference → the scale; z-score and rank have
 * no fixed top, so the best value observed among the units is used.
 */
function scaleTop(normalisation: NormalisationSpec, observed: number): number {
  switch (normalisation.method) {
    case 'minmax':
      return normalisation.range[1];
    case 'zscore':
    case 'rank':
      return observed;
    default:
      return normalisation.scale;
  }
}

export type TierPipelineOptions = { rule?: TierRule; uncertainty?: UncertaintyResult };

export function tierPipelineResult(
  spec: EvaluationSpec,
  result: PipelineResult,
  options: TierPipelineOptions = {},
): TieringResult & { unscored: string[] } {
  if (!options.rule && spec.tiers === undefined)
    throw new AppError(
      'invalid_input',
      '方案没有分档规则 / the spec has no tiers section and no rule was given',
    );
  const rule = options.rule ?? parseTierRule(spec.tiers);
  const root = result.nodes.find((n) => n.parent === null);
  if (!root) throw new AppError('internal', 'pipeline result without an index node');
  const byNode = new Map(result.nodes.map((n) => [n.code, n]));
  const effective = (code: string): number => {
    let w = 1;
    for (let node = byNode.get(code); node && node.parent !== null; node = byNode.get(node.parent))
      w *= node.effectiveWeight;
    return w;
  };
  const indicators = result.nodes.filter((n) => n.kind === 'indicator' && n.weight > 0);
  const specNodes = new Map(spec.nodes.map((n) => [n.code, n]));
  const tops = new Map(
    indicators.map((n) => {
      let observed = Number.NEGATIVE_INFINITY;
      for (const u of result.units)
        observed = Math.max(observed, u.scores[n.code] ?? Number.NEGATIVE_INFINITY);
      return [n.code, scaleTop(specNodes.get(n.code)?.normalisation ?? spec.normalisation, observed)];
    }),
  );
  const weights = new Map(indicators.map((n) => [n.code, effective(n.code)]));
  const intervals = new Map((options.uncertainty?.units ?? []).map((u) => [u.code, u.rankInterval]));
  const linear = result.nodes.every((n) => n.kind === 'indicator' || n.aggregation === 'arithmetic');
  const unscored: string[] = [];
  const units = result.units.flatMap((u) => {
    const score = u.scores[root.code];
    const rank = u.ranks[root.code];
    if (score === null || score === undefined || rank === null || rank === undefined) {
      unscored.push(u.code);
      return [];
    }
    const interval = intervals.get(u.code);
    return [
      {
        code: u.code,
        score,
        rank,
        ...(interval ? { rankInterval: interval } : {}),
        indicators: indicators.flatMap((n): TieringIndicator[] => {
          const value = u.scores[n.code];
          return value === null || value === undefined
            ? []
            : [
                {
                  code: n.code,
                  value,
                  effectiveWeight: weights.get(n.code) as number,
                  max: tops.get(n.code) as number,
                },
              ];
        }),
      },
    ];
  });
  return { ...assignTiers({ units, rule, linear }), unscored };
}
