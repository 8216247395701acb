import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdentityTestApp, type IdentityTestApp, signIn } from '../../../test/identity-fixtures.ts';
import { client } from '../../../test/registry-fixtures.ts';
import { evaluationRuns } from '../../db/schema/evaluations.ts';
import { observations } from '../../db/schema/metrics.ts';
import { clusters } from '../../db/schema/registry.ts';
import { startDemoLoadIfNeeded } from '../demo/demo-load.service.ts';
import { demoFigureRanges, seedEvaluationsDemo } from './evaluations.demo.ts';

describe('demo: the published annual evaluation of the last demo year', () => {
  let t: IdentityTestApp;
  beforeAll(async () => {
    t = await buildIdentityTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the demo load publishes a v1 run of 2025 over its clusters; seeding again adds nothing', async () => {
    const demoJob = await startDemoLoadIfNeeded(t.app, t.database.db, {
      seed: 1,
      enterprises: 300,
      clusters: 30,
      years: 2,
      endYear: 2025,
    });
    await t.app.jobs.idle();
    const province = client(t, await signIn(t.app, 'demo-province'));
    const job = await province.get(`/api/jobs/${demoJob?.id}`);
    expect(job.body.error).toBeNull();
    const runs = (await province.get('/api/evaluations?period=2025')).body.items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ frameworkVersion: 'v1', status: 'published', uncertaintyRuns: 1000 });
    const run = (await province.get(`/api/evaluations/${runs[0].id}`)).body;
    expect(run.results.length).toBeGreaterThan(5);
    expect(run.results[0].rank).toBe(1);
    expect((await province.post(`/api/evaluations/${runs[0].id}/verify`, {})).body.identical).toBe(true);
    await seedEvaluationsDemo(t.database.db, {
      period: '2025',
      actor: { actorId: null, actorName: 'system', ip: null, at: new Date() },
    });
    const [n] = await t.database.db
      .select({ n: count() })
      .from(evaluationRuns)
      .where(eq(evaluationRuns.isDemo, true));
    expect(n?.n).toBe(1);
  });

  it('synthetic carrier, eco-park and activity figures lie in their tier ranges (a world-class cluster: 6–10 national carriers; a candidate: 0–3)', async () => {
    const rows = await t.database.db
      .select({ tier: clusters.tier, metric: observations.metricCode, value: observations.value })
      .from(observations)
      .innerJoin(clusters, eq(clusters.code, observations.subjectCode))
      .where(
        and(
          eq(observations.subjectType, 'cluster'),
          eq(observations.period, '2025'),
          inArray(observations.metricCode, Object.keys(demoFigureRanges)),
        ),
      );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const [low, high] = demoFigureRanges[r.metric]?.[r.tier] ?? [Number.NaN, Number.NaN];
      expect(r.value).toBeGreaterThanOrEqual(low);
      expect(r.value).toBeLessThanOrEqual(high);
    }
    expect(demoFigureRanges['national-innovation-carriers']).toMatchObject({
      world: [6, 10],
      candidate: [0, 3],
    });
  });
});
