/**
 * Demo seeding (docs/evaluations.md): the annual evaluation of the demo registry's clusters (every live, not revoked one) for the last
 * demo year, published, on framework v1. The demo registry has no innovation-carrier, park or activity figures for
 * clusters, so synthetic accepted figures for those four entered metrics are written first (drawn from
 * a hash of cluster code and metric within a range per tier, `demoFigureRanges`). Idempotent: a published demo run of the year ends it.
 */
import { sha256Hex } from '@qunce/core/evaluation';
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { evaluationRuns } from '../../db/schema/evaluations.ts';
import { observations } from '../../db/schema/metrics.ts';
import { clusters } from '../../db/schema/registry.ts';
import type { Actor } from '../users/users.service.ts';
import { insertRun } from './evaluations.repository.ts';
import { computeRun, ensureBuiltInFrameworks, getFramework, publishRun } from './evaluations.service.ts';

/**
 * Ranges [low, high] of the synthetic figures by tier, the value drawn uniformly in between. Read against
 * the policy (鲁政办字〔2023〕185号) and the province's public counts: some 190 national enterprise
 * technology centres, national innovation centres and key laboratories sit in the 3 + 8 + 30 clusters, so
 * about 5 national carriers a cluster on average, concentrated in the world-class and national ones; a
 * recognised cluster has passed recognition with carriers, eco-industrial parks and an active promoting
 * organisation, so its figures have a floor (uniform draws from 0, as before, gave a world-class cluster
 * no national carrier one time in ten and put recognised provincial clusters below the review line).
 */
export const demoFigureRanges: Record<string, Record<string, [number, number]>> = {
  'national-innovation-carriers': {
    world: [6, 10],
    national: [4, 8],
    provincial: [2, 5],
    candidate: [0, 3],
  },
  'provincial-innovation-carriers': {
    world: [25, 40],
    national: [18, 34],
    provincial: [12, 26],
    candidate: [4, 14],
  },
  'eco-industrial-park-share': {
    world: [60, 100],
    national: [45, 90],
    provincial: [30, 70],
    candidate: [10, 50],
  },
  'promoting-org-activities': {
    world: [16, 24],
    national: [12, 22],
    provincial: [8, 18],
    candidate: [4, 12],
  },
};

export async function seedEvaluationsDemo(db: Db, input: { period: string; actor: Actor }): Promise<void> {
  const { period, actor } = input;
  await ensureBuiltInFrameworks(db, actor.at);
  const [existing] = await db
    .select({ id: evaluationRuns.id })
    .from(evaluationRuns)
    .where(
      and(
        eq(evaluationRuns.isDemo, true),
        eq(evaluationRuns.period, period),
        eq(evaluationRuns.status, 'published'),
      ),
    );
  if (existing) return;
  const demo = await db
    .select({ code: clusters.code, tier: clusters.tier })
    .from(clusters)
    .where(and(isNull(clusters.deletedAt), ne(clusters.status, 'revoked')))
    .orderBy(asc(clusters.code));
  if (demo.length === 0) return;
  const rows = demo.flatMap((c) => {
    // a uniform number in [0, 1) from the hash of cluster code, metric and period (deterministic)
    const draw = (metric: string) =>
      Number.parseInt(sha256Hex(`${c.code}|${metric}|${period}`).slice(0, 8), 16) / 2 ** 32;
    const figure = (metric: string) => {
      const [low, high] = demoFigureRanges[metric]?.[c.tier] ?? demoFigureRanges[metric]?.candidate ?? [0, 0];
      return {
        subjectType: 'cluster' as const,
        subjectCode: c.code,
        metricCode: metric,
        period,
        periodKind: 'year' as const,
        periodEnd: `${period}-12-31`,
        value: Math.round(low + (high - low) * draw(metric)),
        source: 'entered' as const,
        status: 'accepted' as const,
        updatedBy: 'system',
        createdAt: actor.at,
        updatedAt: actor.at,
      };
    };
    return Object.keys(demoFigureRanges).map(figure);
  });
  await db.insert(observations).values(rows).onConflictDoNothing();
  const framework = await getFramework(db, 'v1');
  const run = await insertRun(db, {
    frameworkVersion: 'v1',
    period,
    requestedClusters: null,
    seed: 1,
    uncertaintyRuns: 1000,
    status: 'queued',
    specHash: framework.row.specHash,
    isDemo: true,
    createdBy: actor.actorName,
    createdAt: actor.at,
  });
  await computeRun(db, run.id);
  await publishRun(db, run.id, actor);
}
