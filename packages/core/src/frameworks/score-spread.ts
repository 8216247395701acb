/**
 * Spread of each unit's index score under the weight uncertainty of the Monte Carlo analysis: in run i
 * (random stream `streamFor(seed, i)`), every non-root weight w becomes w × U(1 − spread, 1 + spread)
 * (default ±25 %, the uncertainty analysis' default), the tree is re-aggregated and the index score
 * recorded; the result is the sample standard deviation over the runs (Welford's running update, so
 * memory stays flat in the number of runs). Deterministic: same spec, data, seed and runs → same bits.
 *
 * The uncertainty analysis (`runUncertainty`) reports ranks; evaluation runs also need a score spread
 * ("scoreSd") to combine the quantitative score with expert scores in a recognition round.
 */
import { AppError } from '../errors.ts';
import { preparePipeline } from '../evaluation/pipeline/prepare.ts';
import { streamFor } from '../evaluation/random.ts';
import type { EvaluationData } from '../evaluation/spec/evaluation-data.schema.ts';
import type { EvaluationSpec } from '../evaluation/spec/evaluation-spec.schema.ts';

export type ScoreSpreadOptions = { runs: number; seed: number; spread?: number };

export type ScoreSpread = {
  runs: number;
  seed: number;
  spread: number;
  /** Unit code → sample standard deviation of its index score (0 when runs < 2). */
  sd: Record<string, number>;
};

export function indexScoreSpread(
  spec: EvaluationSpec,
  data: EvaluationData,
  options: ScoreSpreadOptions,
): ScoreSpread {
  const spread = options.spread ?? 0.25;
  if (!(spread >= 0 && spread < 1))
    throw new AppError('invalid_input', '权重扰动幅度须在 [0, 1) / the weight spread must be in [0, 1)', {
      spread,
    });
  const prepared = preparePipeline(spec, data);
  const { tree } = prepared;
  const nodes = tree.codes.length;
  const units = prepared.unitCodes.length;
  const matrix = prepared.normalisedMatrix();
  const weights = new Float64Array(nodes);
  const out = new Float64Array(units * nodes);
  const mean = new Float64Array(units);
  const m2 = new Float64Array(units);
  const count = new Float64Array(units);
  for (let i = 0; i < options.runs; i++) {
    const random = streamFor(options.seed, i);
    for (let n = 0; n < nodes; n++) {
      const base = tree.weight[n] as number;
      weights[n] = n === tree.rootIndex ? base : base * (1 - spread + 2 * spread * random.next());
    }
    prepared.aggregate(matrix, { weights }, out);
    for (let u = 0; u < units; u++) {
      const x = out[u * nodes + tree.rootIndex] as number;
      if (Number.isNaN(x)) continue;
      const k = (count[u] as number) + 1;
      count[u] = k;
      const delta = x - (mean[u] as number);
      mean[u] = (mean[u] as number) + delta / k;
      m2[u] = (m2[u] as number) + delta * (x - (mean[u] as number));
    }
  }
  const sd: Record<string, number> = {};
  prepared.unitCodes.forEach((code, u) => {
    const k = count[u] as number;
    sd[code] = k > 1 ? Math.sqrt((m2[u] as number) / (k - 1)) : 0;
  });
  return { runs: options.runs, seed: options.seed, spread, sd };
}
