/**
 * Demo data for data collection (docs/data-collection.md, "Demo data"): the data set
 * `enterprise-annual` (revenue and R&D of cluster enterprises, with the rules of the worked example),
 * its period 2025 due 2026-03-31 assigned to the 16 city bureaus, and every state on the
 * completeness page: accepted (figures locked), submitted on time, submitted late, returned with a
 * reason (潍坊 among them, so demo-city has work), and open past the deadline. Staged figures are
 * copied from the demo registry's 2025 observations. Then the quarterly return `enterprise-quarterly`
 * of the last quarter ended, open for every city bureau and due 30 days after the demo clock.
 * Last, `cluster-org-annual` (city review first): the demo cluster organisation's 2025 return,
 * submitted and waiting for 潍坊's review, so demo-city can pass it on or return it.
 * Idempotent: each data set is seeded only when it does not exist.
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

type DemoState = 'accepted' | 'submitted' | 'late' | 'returned' | 'open';
/**
 * States of the 16 city bureaus in code order: 5 accepted, 4 submitted on time, 1 late, 2 returned,
 * 4 open. 潍坊 (the 7th, signed in as demo-city) is returned, so its to-do list has work in it.
 */
const demoStates: readonly DemoState[] = [
  ...(['accepted', 'accepted', 'accepted', 'accepted', 'accepted'] as const),
  'submitted', // 烟台
  'returned', // 潍坊
  'submitted',
  'submitted',
  'late',
  'submitted',
  'returned',
];
const demoStateOf = (i: number): DemoState => demoStates[i] ?? 'open';

export const demoQuarterlyDataSetCode = 'enterprise-quarterly';
const dayMs = 86_400_000;
const chinaOffsetMs = 8 * 3_600_000;

/**
 * The quarter reported in the demo's quarterly return and its deadline, from the demo clock: the
 * last quarter ended before `at` (China time), due 30 days after `at` at 23:59:59 China time, so
 * the city bureaus always owe a submission that is not yet late.
 * 2026-03-02T01:00Z → 2025Q4, due 2026-04-01T15:59:59Z (2026-04-01 23:59:59 UTC+8).
 */
export function demoQuarterOf(at: Date): { period: string; deadline: Date } {
  const china = new Date(at.getTime() + chinaOffsetMs);
  const year = china.getUTCFullYear();
  const quarter = Math.floor(china.getUTCMonth() / 3); // 0-based: the current quarter
  const period = quarter === 0 ? `${year - 1}Q4` : `${year}Q${quarter}`;
  const dueDay = new Date(china.getTime() + 30 * dayMs).toISOString().slice(0, 10);
  return { period, deadline: new Date(`${dueDay}T15:59:59.000Z`) };
}

/**
 * The demo's data collection: the annual return of 2025 (every state) and a quarterly return that
 * is still open (see `seedQuarterlyDemo`). Each part is skipped when its data set exists.
 */
export async function seedCollectionDemo(db: Db, actor: Actor): Promise<{ submissions: number }> {
  await seedMetricCatalogue(db, actor.at);
  const cities = await db
    .select({ code: organisations.code, regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.type, 'city'))
    .orderBy(asc(organisations.code));
  const annual = await seedAnnualDemo(db, actor, cities);
  const quarterly = await seedQuarterlyDemo(db, actor, cities);
  const cityReview = await seedCityReviewDemo(db, actor);
  return { submissions: annual + quarterly + cityReview };
}

type DemoCity = { code: string; regionCode: string | null };

const dataSetExists = async (db: Db, code: string) =>
  (
    await db
      .select({ code: collectionDataSets.code })
      .from(collectionDataSets)
      .where(eq(collectionDataSets.code, code))
  ).length > 0;

/** The annual return of 2025, due 2026-03-31, in every state (demoStates). */
async function seedAnnualDemo(db: Db, actor: Actor, cities: DemoCity[]): Promise<number> {
  if (await dataSetExists(db, demoDataSetCode)) return 0;
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
    return cities.length;
  });
}

/**
 * 集群企业季度快报: revenue of cluster enterprises for the last quarter ended before the demo clock,
 * assigned to the 16 city bureaus, every submission open (a draft with no figures) and due 30 days
 * after the demo clock (`demoQuarterOf`).
 */
async function seedQuarterlyDemo(db: Db, actor: Actor, cities: DemoCity[]): Promise<number> {
  if (await dataSetExists(db, demoQuarterlyDataSetCode)) return 0;
  const { period: quarter, deadline } = demoQuarterOf(actor.at);
  return db.transaction(async (tx) => {
    await tx.insert(collectionDataSets).values({
      code: demoQuarterlyDataSetCode,
      name: '集群企业季度快报',
      nameEn: 'Cluster enterprises, quarterly flash report',
      subjectType: 'enterprise',
      metrics: ['revenue'],
      periodKind: 'quarter',
      allowFuture: false,
      cityReview: false,
      rules: { required: ['revenue'], ranges: [{ metric: 'revenue', min: 0 }], crossField: [], outliers: [] },
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const [period] = await tx
      .insert(collectionPeriods)
      .values({
        dataSetCode: demoQuarterlyDataSetCode,
        period: quarter,
        deadline,
        openedAt: actor.at,
        openedBy: 'demo-province',
      })
      .returning();
    if (!period) throw new Error('demo quarterly period not inserted');
    for (const city of cities) {
      const [row] = await tx
        .insert(collectionSubmissions)
        .values({
          periodId: period.id,
          assigneeCode: city.code,
          assigneeKind: 'city',
          state: 'open',
          version: 1,
          createdAt: actor.at,
          updatedAt: actor.at,
        })
        .returning({ id: collectionSubmissions.id });
      if (!row) throw new Error('demo quarterly submission not inserted');
      await tx.insert(collectionEvents).values({
        submissionId: row.id,
        action: 'assign',
        fromState: null,
        toState: 'open',
        reason: null,
        actorId: null,
        actorName: 'demo-province',
        at: actor.at,
      });
    }
    await appendAudit(tx, {
      ...actor,
      action: 'collection.demo_seeded',
      entityType: 'collection_period',
      entityId: period.id,
      after: { dataSet: demoQuarterlyDataSetCode, period: quarter, assignments: cities.length },
    });
    return cities.length;
  });
}

export const demoCityReviewDataSetCode = 'cluster-org-annual';
const demoClusterOrg = 'cluster-org-demo';

/**
 * 集群促进组织年度报表 (city review first): the demo cluster organisation's 2025 return, submitted
 * at the demo clock and waiting for its home city 潍坊 to review it (due with the quarterly return).
 * The demo organisation promotes no demo cluster, so the submission carries no figures.
 */
async function seedCityReviewDemo(db: Db, actor: Actor): Promise<number> {
  if (await dataSetExists(db, demoCityReviewDataSetCode)) return 0;
  const [org] = await db
    .select({ code: organisations.code })
    .from(organisations)
    .where(eq(organisations.code, demoClusterOrg));
  if (!org) return 0;
  const { deadline } = demoQuarterOf(actor.at);
  return db.transaction(async (tx) => {
    await tx.insert(collectionDataSets).values({
      code: demoCityReviewDataSetCode,
      name: '集群促进组织年度报表',
      nameEn: 'Cluster organisations, annual report',
      subjectType: 'cluster',
      metrics: ['promoting-org-activities', 'national-innovation-carriers'],
      periodKind: 'year',
      allowFuture: false,
      cityReview: true,
      rules: {
        required: ['promoting-org-activities'],
        ranges: [{ metric: 'promoting-org-activities', min: 0 }],
        crossField: [],
        outliers: [],
      },
      createdAt: actor.at,
      updatedAt: actor.at,
    });
    const [period] = await tx
      .insert(collectionPeriods)
      .values({
        dataSetCode: demoCityReviewDataSetCode,
        period: demoPeriod,
        deadline,
        openedAt: actor.at,
        openedBy: 'demo-province',
      })
      .returning();
    if (!period) throw new Error('demo city-review period not inserted');
    const [row] = await tx
      .insert(collectionSubmissions)
      .values({
        periodId: period.id,
        assigneeCode: demoClusterOrg,
        assigneeKind: 'cluster_org',
        state: 'submitted',
        firstSubmittedAt: actor.at,
        submittedAt: actor.at,
        version: 2,
        createdAt: actor.at,
        updatedAt: actor.at,
      })
      .returning({ id: collectionSubmissions.id });
    if (!row) throw new Error('demo city-review submission not inserted');
    await tx.insert(collectionEvents).values([
      {
        submissionId: row.id,
        action: 'assign',
        fromState: null,
        toState: 'open',
        reason: null,
        actorId: null,
        actorName: 'demo-province',
        at: actor.at,
      },
      {
        submissionId: row.id,
        action: 'submit',
        fromState: 'open',
        toState: 'submitted',
        reason: null,
        actorId: null,
        actorName: demoClusterOrg,
        at: actor.at,
      },
    ]);
    await appendAudit(tx, {
      ...actor,
      action: 'collection.demo_seeded',
      entityType: 'collection_period',
      entityId: period.id,
      after: { dataSet: demoCityReviewDataSetCode, period: demoPeriod, assignments: 1 },
    });
    return 1;
  });
}
