/**
 * Demo data for targets and tasks (docs/targets.md, "Demo data"): baselines, yearly values of the
 * reported targets, the policy industries' output and a few task reports, chosen so that every status
 * class appears — on 2024-12-31 (mid-term: on_track, needs_acceleration, limited_progress,
 * deteriorating, no_data) and after the deadline (achieved, not_achieved). Idempotent: existing rows
 * and baselines are left alone. Registry-bound targets take their baseline from the demo registry on
 * 2022-12-31 and their actuals live from it.
 */
import { policyUnitCodes } from '@qunce/core';
import type { TargetBaseline } from '@qunce/core/targets';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { observations, targetDefinitions, targetReportedValues, taskReports } from '../../db/schema/index.ts';
import type { Actor } from '../attachments/attachments.service.ts';
import { seedMetricCatalogue } from '../metrics/metrics.service.ts';
import { scheduleDuties } from '../tasks/tasks.service.ts';
import {
  clusterStates,
  ensurePolicyTargetSet,
  industryOutputMetric,
  loadTargetSet,
  policySetCode,
  readPolicyDocument,
  registryValueOn,
} from './targets.service.ts';

const baselineDate = '2022-12-31';

/**
 * Reported targets: 2022 baseline, then 2023, 2024, 2025 (null: not reported). On 2024-12-31:
 * T07 (2.6/yr vs 2.33 needed: ratio 1.11) on_track; T11 (5/yr vs 6.67: 0.75) needs_acceleration;
 * T08 (0.1/yr vs 0.2: 0.5) limited_progress; T23 (−1/yr vs +2: −0.5) deteriorating.
 * After 2025: T07 45.3 ≥ 45 achieved; T08 1.2 outside 1.5 ± 0.15 and T11 97 < 100 not_achieved; T23
 * not reported for 2025 (provisionally not_achieved on its 2024 value).
 */
export const demoReportedSeries: Record<string, [number, number, number, number | null]> = {
  T07: [38, 40.5, 43.2, 45.3],
  T08: [0.9, 1.0, 1.1, 1.2],
  T11: [80, 88, 90, 97],
  T23: [44, 43, 42, null],
};

/** Yearly output (亿元) 2022–2025 of the policy industries (demo figures). */
export const demoIndustryOutput: Record<string, [number, number, number, number]> = {
  'power-equipment': [4300, 4700, 5100, 5400],
  'high-end-aluminium': [4000, 4400, 4800, 5200],
  'smart-appliances': [3800, 4100, 4500, 5050],
  biomedicine: [2500, 2800, 3050, 3300],
  'new-gen-it': [2900, 3200, 3400, 3600],
  'advanced-metals': [3300, 3500, 3700, 3900],
  'chemical-new-materials': [2800, 3000, 3250, 3500],
  nev: [1500, 1900, 2300, 2600],
  food: [2700, 2850, 3000, 3200],
  'new-energy-equipment': [2000, 2400, 2800, 3100],
  'intelligent-manufacturing-equipment': [1200, 1350, 1500, 1650],
  'offshore-equipment': [800, 900, 1000, 1100],
  'rail-transit': [700, 780, 860, 950],
  'modern-textiles': [2600, 2650, 2700, 2750],
  'eco-environmental': [900, 980, 1050, 1120],
  'machine-tools': [600, 680, 760, 850],
  'engineering-machinery': [1800, 1900, 2000, 2100],
};

/** Registry-bound target left without a baseline, so that `no_data` shows. */
export const demoTargetWithoutBaseline = 'T14';

const years = ['2022', '2023', '2024', '2025'] as const;

export async function seedTargetsDemo(db: Db, actor: Actor): Promise<void> {
  await ensurePolicyTargetSet(db, actor.at);
  await seedMetricCatalogue(db, actor.at); // the industry output metric; idempotent
  const loaded = await loadTargetSet(db, policySetCode);
  const states = await clusterStates(db);

  // Industry output observations (T04, T05, the 3830 view).
  const industryRows = Object.entries(demoIndustryOutput).flatMap(([code, values]) =>
    values.map((value, i) => ({
      subjectType: 'industry' as const,
      subjectCode: code,
      metricCode: industryOutputMetric,
      period: years[i] ?? '2022',
      periodKind: 'year' as const,
      periodEnd: `${years[i] ?? '2022'}-12-31`,
      value,
      source: 'entered' as const,
      status: 'accepted' as const,
      createdAt: actor.at,
      updatedAt: actor.at,
      updatedBy: 'demo',
    })),
  );
  await db.insert(observations).values(industryRows).onConflictDoNothing();

  const policy = readPolicyDocument();
  for (const target of loaded.set.targets) {
    if (target.baseline || target.code === demoTargetWithoutBaseline) continue;
    let value: number | null = null;
    if (target.binding.kind === 'reported') value = demoReportedSeries[target.code]?.[0] ?? null;
    else if (target.binding.kind === 'registry')
      value = await registryValueOn(db, states, target.binding, baselineDate);
    else {
      const group = policy.scaleTargets.find(
        (g) => g.code === (target.binding as { scaleGroup: string }).scaleGroup,
      );
      const names = new Set(group?.industries ?? []);
      const threshold = group ? Number(group.threshold.replace('亿元', '')) : Number.POSITIVE_INFINITY;
      value = policy.industries.filter(
        (i) => names.has(i.name) && (demoIndustryOutput[i.code]?.[0] ?? 0) >= threshold,
      ).length;
    }
    if (value === null) continue;
    const baseline: TargetBaseline = { period: '2022', date: baselineDate, value };
    await db
      .update(targetDefinitions)
      .set({ definition: { ...target, baseline } })
      .where(
        and(
          eq(targetDefinitions.setCode, loaded.set.code),
          eq(targetDefinitions.setVersion, loaded.set.version),
          eq(targetDefinitions.code, target.code),
        ),
      );
  }

  const reported = Object.entries(demoReportedSeries).flatMap(([code, series]) =>
    series.slice(1).flatMap((value, i) => {
      const year = years[i + 1];
      if (value === null || !year) return [];
      return [
        {
          setCode: loaded.set.code,
          targetCode: code,
          period: year,
          valueDate: `${year}-12-31`,
          value,
          note: '演示数据 / demo figure',
          departmentCode: policyUnitCodes.省工业和信息化厅,
          reportedBy: 'demo',
          reportedAt: actor.at,
        },
      ];
    }),
  );
  await db.insert(targetReportedValues).values(reported).onConflictDoNothing();

  // Tasks: the 2025 and 2026 duties, and reports in each review state.
  await scheduleDuties(db, loaded.set.code, 2025, actor);
  await scheduleDuties(db, loaded.set.code, 2026, actor);
  const report = (
    taskCode: string,
    departmentCode: string,
    period: string,
    status: 'submitted' | 'accepted' | 'returned',
    text: string,
    returnReason: string | null = null,
  ) => ({
    setCode: loaded.set.code,
    taskCode,
    departmentCode,
    period,
    text,
    figures: [],
    status,
    returnReason,
    submittedAt: actor.at,
    submittedBy: 'demo',
    reviewedAt: status === 'submitted' ? null : actor.at,
    reviewedBy: status === 'submitted' ? null : 'demo',
  });
  await db
    .insert(taskReports)
    .values([
      report(
        '2.1.1',
        'dept-miit',
        '2025-H2',
        'accepted',
        '演示：集群协同创新网络建设进展。/ Demo: progress on the innovation network.',
      ),
      report(
        '2.1.2',
        'dept-sti',
        '2025-H2',
        'submitted',
        '演示：创新载体建设进展。/ Demo: progress on innovation carriers.',
      ),
      report(
        '2.1.1',
        'dept-sti',
        '2025-H2',
        'returned',
        '演示：协同创新进展。/ Demo: progress.',
        '请补充研发投入数据 / please add the R&D figures',
      ),
    ])
    .onConflictDoNothing();
}
