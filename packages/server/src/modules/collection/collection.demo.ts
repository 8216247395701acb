/**
 * Demo data for data collection (docs/data-collection.md, "Demo data"): the data set
 * `enterprise-annual` (revenue and R&D of cluster enterprises, with the rules of the worked example),
 * its period 2025 due 2026-03-31 assigned to the 16 city bureaus, and every state on the
 * completeness page: accepted (figures locked), submitted on time, submitted late, returned with a
 * reason, and open past the deadline. Staged figures are copied from the demo registry's 2025
 * observations. Idempotent: nothing happens when the data set exists.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  collectionDataSets,
  collectionEvents,
  collectionPeriods,
  collectionSubmissions,
  collectionValues,
  observationLocks,
  observations,
  organisations,
} from '../../db/schema/index.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { seedMetricCatalogue } from '../metrics/metrics.service.ts';
import type { Actor } from '../users/users.service.ts';

export const demoDataSetCode = 'enterprise-annual';
const demoPeriod = '2025';
const demoDeadline = new Date('2026-03-31T15:59:59.000Z'); // 23:59:59 in China
const onTimeAt = new Date('2026-03-20T02:00:00.000Z');
const lateAt = new Date('2026-04-08T02:00:00.000Z');
const reviewedAt = new Date('2026-04-15T02:00:00.000Z');

/** State of the i-th city bureau (by code) in the demo: 5 accepted, 4 submitted, 1 late, 2 returned, the rest open. */
function demoStateOf(i: number): 'accepted' | 'submitted' | 'late' | 'returned' | 'open' {
  if (i < 5) return 'accepted';
  if (i < 9) return 'submitted';
  if (i < 10) return 'late';
  if (i < 12) return 'returned';
  return 'open';
}

export async function seedCollectionDemo(db: Db, actor: Actor): Promise<{ submissions: number }> {
  const [existing] = await db
    .select({ code: collectionDataSets.code })
    .from(collectionDataSets)
    .where(eq(collectionDataSets.code, demoDataSetCode));
  if (existing) return { submissions: 0 };
  await seedMetricCatalogue(db, actor.at);
  const cities = await db
    .select({ code: organisations.code, regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.type, 'city'))
    .orderBy(asc(organisations.code));
  return db.transaction(async (tx) => {
    await tx.insert(collectionDataSets).values({
      code: demoDataSetCode,
      name: '集群企业年度报表',
      nameEn: 'Cluster enterprises, annual report',
      subjectType: 'enterprise',
      metrics: ['revenue', 'rd-expense'],
      periodKind: 'year',
      allowFuture: false,
      cityReview: false,
      rules: {
        required: ['revenue'],
        ranges: [{ metric: 'revenue', min: 0 }],
        crossField: [
          { formula: 'rd-expense <= revenue', message: '研发费用不得超过营业收入 / R&D ≤ revenue' },
        ],
        outliers: [{ metric: 'revenue', sdMultiple: 3, yoyBound: 0.5, minHistory: 3 }],
      },
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const [period] = await tx
      .insert(collectionPeriods)
      .values({
        dataSetCode: demoDataSetCode,
        period: demoPeriod,
        deadline: demoDeadline,
        openedAt: new Date('2026-01-05T01:00:00.000Z'),
        openedBy: 'demo-province',
      })
      .returning();
    if (!period) throw new Error('demo period not inserted');
    for (const [i, city] of cities.entries()) {
      const state = demoStateOf(i);
      const submittedAt = state === 'open' ? null : state === 'late' ? lateAt : onTimeAt;
      const [row] = await tx
        .insert(collectionSubmissions)
        .values({
          periodId: period.id,
          assigneeCode: city.code,
          assigneeKind: 'city',
          state: state === 'late' ? 'submitted' : state,
          firstSubmittedAt: submittedAt,
          submittedAt,
          acceptedAt: state === 'accepted' ? reviewedAt : null,
          lastReason:
            state === 'returned'
              ? '部分企业研发费用为零，请核实 / some enterprises report no R&D: check'
              : null,
          version: 1,
          createdAt: period.openedAt,
          updatedAt: submittedAt ?? period.openedAt,
        })
        .returning();
      if (!row) throw new Error('demo submission not inserted');
      const event = (
        action: 'assign' | 'submit' | 'return' | 'accept',
        from: typeof row.state | null,
        to: typeof row.state,
        at: Date,
        reason: string | null = null,
      ) =>
        tx.insert(collectionEvents).values({
          submissionId: row.id,
          action,
          fromState: from,
          toState: to,
          reason,
          actorId: null,
          actorName:
            action === 'assign' || action === 'accept' || action === 'return' ? 'demo-province' : city.code,
          at,
        });
      await event('assign', null, 'open', period.openedAt);
      if (submittedAt) await event('submit', 'open', 'submitted', submittedAt);
      if (state === 'accepted') await event('accept', 'submitted', 'accepted', reviewedAt);
      if (state === 'returned') await event('return', 'submitted', 'returned', reviewedAt, row.lastReason);
      if (!submittedAt || !city.regionCode) continue;
      // staged figures: the demo registry's 2025 figures of the city's enterprises
      await tx.execute(sql`
        insert into ${collectionValues} (submission_id, subject_code, metric_code, value, accepted_value, was_accepted, updated_at, updated_by)
        select ${row.id}::uuid, o.subject_code, o.metric_code, o.value,
          ${state === 'accepted' ? sql`o.value` : sql`null`}, ${state === 'accepted'}, ${submittedAt}, ${city.code}
        from ${observations} o join enterprises e on e.credit_code = o.subject_code
        where o.subject_type = 'enterprise' and o.period = ${demoPeriod}
          and o.metric_code in ('revenue', 'rd-expense') and e.city_code = ${city.regionCode}
        on conflict do nothing`);
      if (state === 'accepted') {
        await tx.execute(sql`
          insert into ${observationLocks} (subject_type, subject_code, metric_code, period, submission_id, locked_at)
          select 'enterprise', v.subject_code, v.metric_code, ${demoPeriod}, v.submission_id, ${reviewedAt}
          from ${collectionValues} v where v.submission_id = ${row.id}::uuid and v.value is not null
          on conflict do nothing`);
      }
    }
    await appendAudit(tx, {
      ...actor,
      action: 'collection.demo_seeded',
      entityType: 'collection_period',
      entityId: period.id,
      after: { dataSet: demoDataSetCode, period: demoPeriod, assignments: cities.length },
    });
    return { submissions: cities.length };
  });
}
