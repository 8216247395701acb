/**
 * The quantitative side of a round's ranking: the evaluation engine's score, spread and rank interval
 * per cluster from the run the round records (getRunResults of the evaluations module, the contract in
 * docs/evaluations.md). Kept behind this small type so that the ranking code depends on nothing else.
 */
import type { DbOrTx } from '../../db/client.ts';
import { getRunResults } from '../evaluations/evaluations.service.ts';

export type QuantitativeScore = {
  score: number;
  sd: number;
  rank: number;
  rankLow: number;
  rankHigh: number;
};

export type QuantitativeScores = {
  runId: string;
  runHash: string;
  frameworkVersion: string;
  period: string;
  status: 'draft' | 'published';
  byCluster: ReadonlyMap<string, QuantitativeScore>;
};

export async function loadQuantitativeScores(db: DbOrTx, runId: string): Promise<QuantitativeScores> {
  const run = await getRunResults(db, runId);
  return {
    runId: run.runId,
    runHash: run.hash,
    frameworkVersion: run.frameworkVersion,
    period: run.period,
    status: run.status,
    byCluster: new Map(
      run.results.map((r) => [
        r.clusterCode,
        { score: r.score, sd: r.scoreSd, rank: r.rank, rankLow: r.rankLow, rankHigh: r.rankHigh },
      ]),
    ),
  };
}
