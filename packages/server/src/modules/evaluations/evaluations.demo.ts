/**
 * Demo seeding (docs/evaluations.md): the annual evaluation of the demo registry's clusters (every live, not revoked one) for the last
 * demo year, published, on framework v1. The demo registry has no innovation-carrier, park or activity figures for
 * clusters, so synthetic accepted figures for those four entered metrics are written first (drawn from
 * a hash of cluster code and metric, larger for higher tiers). Idempotent: a published demo run of the year ends it.
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

const tierScale: Record<string, number> = { world: 1, national: 0.75, provincial: 0.5, candidate: 0.25 };

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
    const scale = tierScale[c.tier] ?? 0.25;
    const figure = (metric: string, value: number) => ({
      subjectType: 'cluster' as const,
      subjectCode: c.code,
      metricCode: metric,
      period,
      periodKind: 'year' as const,
      periodEnd: `${period}-12-31`,
      value,
      source: 'entered' as const,
      status: 'accepted' as const,
      updatedBy: 'system',
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    return [
      figure('national-innovation-carriers', Math.round(scale * 10 * draw('national-innovation-carriers'))),
      figure(
        'provincial-innovation-carriers',
        Math.round(scale * 40 * (0.3 + 0.7 * draw('provincial-innovation-carriers'))),
      ),
      figure('eco-industrial-park-share', Math.round(100 * scale * draw('eco-industrial-park-share'))),
      figure(
        'promoting-org-activities',
        Math.round(24 * scale * (0.4 + 0.6 * draw('promoting-org-activities'))),
      ),
    ];
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
