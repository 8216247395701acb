/** SQL of data collection: data sets, periods, submissions, staged values, events, locks, subjects. */
import type { CollectionSubjectType } from '@qunce/core/collection';
import type { SubjectType } from '@qunce/core/metrics';
import { periodEndDate, periodKind, periodStartDate } from '@qunce/core/periods';
import { and, asc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { insertOne } from '../../db/insert-one.ts';
import {
  type CollectionDataSetRow,
  type CollectionPeriodRow,
  type CollectionSubmissionRow,
  clusterMemberships,
  clusters,
  collectionDataSets,
  collectionEvents,
  collectionPeriods,
  collectionSubmissions,
  collectionValues,
  enterprises,
  observationLocks,
  observations,
  organisations,
  parks,
  regions,
} from '../../db/schema/index.ts';

// ── data sets and periods ─────────────────────────────────────────────────────────────────────────

export async function findDataSetRow(db: DbOrTx, code: string): Promise<CollectionDataSetRow | undefined> {
  const [row] = await db.select().from(collectionDataSets).where(eq(collectionDataSets.code, code));
  return row;
}

export async function listDataSetRows(db: DbOrTx): Promise<CollectionDataSetRow[]> {
  return db.select().from(collectionDataSets).orderBy(asc(collectionDataSets.code));
}

export async function insertDataSetRow(db: DbOrTx, values: typeof collectionDataSets.$inferInsert) {
  return insertOne(db, collectionDataSets, values);
}

export async function updateDataSetRow(
  db: DbOrTx,
  code: string,
  version: number,
  values: Partial<typeof collectionDataSets.$inferInsert>,
): Promise<CollectionDataSetRow | undefined> {
  const [row] = await db
    .update(collectionDataSets)
    .set({ ...values, version: version + 1 })
    .where(and(eq(collectionDataSets.code, code), eq(collectionDataSets.version, version)))
    .returning();
  return row;
}

export async function findPeriodRow(db: DbOrTx, id: string): Promise<CollectionPeriodRow | undefined> {
  const [row] = await db.select().from(collectionPeriods).where(eq(collectionPeriods.id, id));
  return row;
}

export async function findPeriodByKey(db: DbOrTx, dataSetCode: string, period: string) {
  const [row] = await db
    .select()
    .from(collectionPeriods)
    .where(and(eq(collectionPeriods.dataSetCode, dataSetCode), eq(collectionPeriods.period, period)));
  return row;
}

export async function insertPeriodRow(db: DbOrTx, values: typeof collectionPeriods.$inferInsert) {
  return insertOne(db, collectionPeriods, values);
}

export async function listPeriodRows(db: DbOrTx, filter: { period?: string; dataSet?: string }) {
  const conditions = [
    filter.period ? eq(collectionPeriods.period, filter.period) : undefined,
    filter.dataSet ? eq(collectionPeriods.dataSetCode, filter.dataSet) : undefined,
  ];
  return db
    .select({
      period: collectionPeriods,
      // written out: in a one-table select drizzle leaves columns unqualified, and `id` would bind inside
      assignments: sql<number>`(select count(*)::int from collection_submissions s where s.period_id = "collection_periods"."id")`,
    })
    .from(collectionPeriods)
    .where(and(...conditions))
    .orderBy(asc(collectionPeriods.period), asc(collectionPeriods.dataSetCode));
}

// ── organisations ─────────────────────────────────────────────────────────────────────────────────

export async function findOrganisationRows(db: DbOrTx, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({
      code: organisations.code,
      name: organisations.name,
      type: organisations.type,
      regionCode: organisations.regionCode,
    })
    .from(organisations)
    .where(inArray(organisations.code, codes));
}

// ── submissions ───────────────────────────────────────────────────────────────────────────────────

/** A submission with its period, data set and assignee, as every view needs them. */
export type SubmissionContext = {
  submission: CollectionSubmissionRow;
  period: CollectionPeriodRow;
  dataSet: CollectionDataSetRow;
  assigneeName: string;
  assigneeCityCode: string | null;
  everReturned: boolean;
};

const everReturned = sql<boolean>`exists (select 1 from collection_events e where e.submission_id = "collection_submissions"."id" and e.action = 'return')`;

function contextQuery(db: DbOrTx) {
  return db
    .select({
      submission: collectionSubmissions,
      period: collectionPeriods,
      dataSet: collectionDataSets,
      assigneeName: organisations.name,
      assigneeCityCode: organisations.regionCode,
      everReturned,
    })
    .from(collectionSubmissions)
    .innerJoin(collectionPeriods, eq(collectionPeriods.id, collectionSubmissions.periodId))
    .innerJoin(collectionDataSets, eq(collectionDataSets.code, collectionPeriods.dataSetCode))
    .innerJoin(organisations, eq(organisations.code, collectionSubmissions.assigneeCode));
}

export async function findSubmissionContext(
  db: DbOrTx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SubmissionContext | undefined> {
  if (options.forUpdate) {
    await db
      .select({ id: collectionSubmissions.id })
      .from(collectionSubmissions)
      .where(eq(collectionSubmissions.id, id))
      .for('update');
  }
  const [row] = await contextQuery(db).where(eq(collectionSubmissions.id, id));
  return row;
}

export type SubmissionFilter = {
  period?: string;
  dataSet?: string;
  state?: CollectionSubmissionRow['state'];
  assignee?: string;
  /** Restricts to these assignees, or to cluster organisations of these cities on city-review data sets. */
  visibleTo?: { assignees: string[]; reviewCities: string[] } | null;
};

export async function listSubmissionContexts(
  db: DbOrTx,
  filter: SubmissionFilter,
): Promise<SubmissionContext[]> {
  const conditions: (SQL | undefined)[] = [
    filter.period ? eq(collectionPeriods.period, filter.period) : undefined,
    filter.dataSet ? eq(collectionPeriods.dataSetCode, filter.dataSet) : undefined,
    filter.state ? eq(collectionSubmissions.state, filter.state) : undefined,
    filter.assignee ? eq(collectionSubmissions.assigneeCode, filter.assignee) : undefined,
  ];
  if (filter.visibleTo) {
    const { assignees, reviewCities } = filter.visibleTo;
    conditions.push(
      or(
        assignees.length > 0 ? inArray(collectionSubmissions.assigneeCode, assignees) : sql`false`,
        reviewCities.length > 0
          ? and(
              eq(collectionSubmissions.assigneeKind, 'cluster_org'),
              eq(collectionDataSets.cityReview, true),
              inArray(organisations.regionCode, reviewCities),
            )
          : sql`false`,
      ),
    );
  }
  return contextQuery(db)
    .where(and(...conditions))
    .orderBy(
      asc(collectionPeriods.period),
      asc(collectionPeriods.dataSetCode),
      asc(organisations.regionCode),
      asc(collectionSubmissions.assigneeCode),
    );
}

export async function insertSubmissionRows(db: DbOrTx, rows: (typeof collectionSubmissions.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(collectionSubmissions).values(rows).onConflictDoNothing().returning();
}

export async function updateSubmissionRow(
  db: DbOrTx,
  id: string,
  version: number,
  values: Partial<typeof collectionSubmissions.$inferInsert>,
): Promise<CollectionSubmissionRow | undefined> {
  const [row] = await db
    .update(collectionSubmissions)
    .set({ ...values, version: version + 1 })
    .where(and(eq(collectionSubmissions.id, id), eq(collectionSubmissions.version, version)))
    .returning();
  return row;
}

export async function insertEventRow(db: DbOrTx, values: typeof collectionEvents.$inferInsert) {
  return insertOne(db, collectionEvents, values);
}

export async function listEventRows(db: DbOrTx, submissionId: string) {
  return db
    .select()
    .from(collectionEvents)
    .where(eq(collectionEvents.submissionId, submissionId))
    .orderBy(asc(collectionEvents.seq));
}

// ── staged values ─────────────────────────────────────────────────────────────────────────────────

export async function listValueRows(db: DbOrTx, submissionId: string) {
  return db
    .select()
    .from(collectionValues)
    .where(eq(collectionValues.submissionId, submissionId))
    .orderBy(asc(collectionValues.subjectCode), asc(collectionValues.metricCode));
}

export async function upsertValueRows(db: DbOrTx, rows: (typeof collectionValues.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(collectionValues)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [collectionValues.submissionId, collectionValues.subjectCode, collectionValues.metricCode],
        set: {
          value: sql`excluded.value`,
          comment: sql`excluded.comment`,
          updatedAt: sql`excluded.updated_at`,
          updatedBy: sql`excluded.updated_by`,
        },
      });
  }
}

/** After acceptance: the accepted figure of every staged value is its current one. */
export async function markValuesAccepted(db: DbOrTx, submissionId: string) {
  await db
    .update(collectionValues)
    .set({ acceptedValue: sql`${collectionValues.value}`, wasAccepted: true })
    .where(eq(collectionValues.submissionId, submissionId));
}

// ── observations and locks ────────────────────────────────────────────────────────────────────────

export async function upsertAcceptedObservations(
  db: DbOrTx,
  input: {
    subjectType: SubjectType;
    period: string;
    values: { subjectCode: string; metricCode: string; value: number }[];
    at: Date;
    by: string | null;
  },
) {
  const kind = periodKind(input.period);
  const end = periodEndDate(input.period);
  for (let i = 0; i < input.values.length; i += 1000) {
    await db
      .insert(observations)
      .values(
        input.values.slice(i, i + 1000).map((v) => ({
          subjectType: input.subjectType,
          subjectCode: v.subjectCode,
          metricCode: v.metricCode,
          period: input.period,
          periodKind: kind,
          periodEnd: end,
          value: v.value,
          source: 'entered' as const,
          status: 'accepted' as const,
          createdAt: input.at,
          updatedAt: input.at,
          updatedBy: input.by,
        })),
      )
      .onConflictDoUpdate({
        target: [
          observations.subjectType,
          observations.subjectCode,
          observations.metricCode,
          observations.period,
        ],
        set: {
          value: sql`excluded.value`,
          status: sql`excluded.status`,
          source: sql`excluded.source`,
          updatedAt: sql`excluded.updated_at`,
          updatedBy: sql`excluded.updated_by`,
          version: sql`${observations.version} + 1`,
        },
      });
  }
}

/** Removes observations of a subject type and period by (subject, metric). */
export async function deleteObservationRows(
  db: DbOrTx,
  input: { subjectType: SubjectType; period: string; keys: { subjectCode: string; metricCode: string }[] },
) {
  for (const k of input.keys) {
    await db
      .delete(observations)
      .where(
        and(
          eq(observations.subjectType, input.subjectType),
          eq(observations.subjectCode, k.subjectCode),
          eq(observations.metricCode, k.metricCode),
          eq(observations.period, input.period),
        ),
      );
  }
}

export type LockKey = { subjectType: string; subjectCode: string; metricCode: string; period: string };
export const lockKeyOf = (k: LockKey) => `${k.subjectType}|${k.subjectCode}|${k.metricCode}|${k.period}`;

/** The locks among `keys`, by key, with the submission holding each (one join per 5,000 keys). */
export async function findLockRows(db: DbOrTx, keys: LockKey[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 5000) {
    const chunk = keys
      .slice(i, i + 5000)
      .map((k) => ({ t: k.subjectType, c: k.subjectCode, m: k.metricCode, p: k.period }));
    const result = await db.execute(sql`
      select l.subject_type, l.subject_code, l.metric_code, l.period, l.submission_id
      from ${observationLocks} l
      join jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as k(t text, c text, m text, p text)
        on l.subject_type = k.t and l.subject_code = k.c and l.metric_code = k.m and l.period = k.p`);
    const rows = (
      result as unknown as {
        rows: {
          subject_type: string;
          subject_code: string;
          metric_code: string;
          period: string;
          submission_id: string;
        }[];
      }
    ).rows;
    for (const r of rows) {
      found.set(
        lockKeyOf({
          subjectType: r.subject_type,
          subjectCode: r.subject_code,
          metricCode: r.metric_code,
          period: r.period,
        }),
        r.submission_id,
      );
    }
  }
  return found;
}

export async function insertLockRows(db: DbOrTx, rows: (typeof observationLocks.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(observationLocks)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing();
  }
}

export async function deleteLockRows(db: DbOrTx, submissionId: string): Promise<number> {
  const rows = await db
    .delete(observationLocks)
    .where(eq(observationLocks.submissionId, submissionId))
    .returning({ code: observationLocks.subjectCode });
  return rows.length;
}

/** Observations of a (metric, subject type, period), optionally of some subjects, with their status. */
export async function countObservationsByStatus(
  db: DbOrTx,
  query: { metric: string; subjectType: SubjectType; period: string; subjectCodes?: string[] },
) {
  return db
    .select({ status: observations.status, source: observations.source, count: sql<number>`count(*)::int` })
    .from(observations)
    .where(
      and(
        eq(observations.metricCode, query.metric),
        eq(observations.subjectType, query.subjectType),
        eq(observations.period, query.period),
        query.subjectCodes ? inArray(observations.subjectCode, query.subjectCodes) : undefined,
      ),
    )
    .groupBy(observations.status, observations.source);
}

/** Earlier figures (any status) of subjects' metrics, for the outlier rules. */
export async function listHistoryRows(
  db: DbOrTx,
  query: { subjectType: SubjectType; subjectCodes: string[]; metrics: string[]; periods: string[] },
) {
  if (query.subjectCodes.length === 0 || query.metrics.length === 0 || query.periods.length === 0) return [];
  return db
    .select({
      subjectCode: observations.subjectCode,
      metricCode: observations.metricCode,
      period: observations.period,
      value: observations.value,
    })
    .from(observations)
    .where(
      and(
        eq(observations.subjectType, query.subjectType),
        inArray(observations.subjectCode, query.subjectCodes),
        inArray(observations.metricCode, query.metrics),
        inArray(observations.period, query.periods),
      ),
    );
}

// ── subjects of an assignment ─────────────────────────────────────────────────────────────────────

export type Assignee = { code: string; type: string; regionCode: string | null };

/**
 * The subjects an assignee reports for in a period: a city bureau its city, the clusters having its
 * city among theirs, the parks of its city and the enterprises of its city belonging to a cluster
 * during the period; a cluster organisation the clusters it promotes, their member enterprises during
 * the period and the parks serving them.
 */
export async function listSubjectRows(
  db: DbOrTx,
  subjectType: CollectionSubjectType,
  assignee: Assignee,
  period: string,
): Promise<{ code: string; name: string }[]> {
  const start = periodStartDate(period);
  const end = periodEndDate(period);
  const city = assignee.type === 'city' ? assignee.regionCode : null;
  const ownClusters =
    assignee.type === 'city'
      ? sql`${city} = any(${clusters.cityCodes})`
      : eq(clusters.promotingOrganisationCode, assignee.code);
  if (subjectType === 'city') {
    if (!city) return [];
    return db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.code, city));
  }
  if (subjectType === 'cluster') {
    return db
      .select({ code: clusters.code, name: clusters.name })
      .from(clusters)
      .where(and(isNull(clusters.deletedAt), ownClusters))
      .orderBy(asc(clusters.code));
  }
  if (subjectType === 'park') {
    const condition =
      city !== null
        ? eq(parks.cityCode, city)
        : sql`${parks.clusterCodes} && array(select ${clusters.code} from ${clusters} where ${clusters.deletedAt} is null and ${ownClusters})`;
    return db
      .select({ code: parks.code, name: parks.name })
      .from(parks)
      .where(and(isNull(parks.deletedAt), condition))
      .orderBy(asc(parks.code));
  }
  const member = sql`exists (select 1 from ${clusterMemberships} join ${clusters} on ${clusters.code} = ${clusterMemberships.clusterCode}
    where ${clusterMemberships.creditCode} = ${enterprises.creditCode} and ${clusterMemberships.deletedAt} is null
      and ${clusters.deletedAt} is null and ${clusterMemberships.validFrom} <= ${end}
      and (${clusterMemberships.validTo} is null or ${clusterMemberships.validTo} >= ${start})
      ${city !== null ? sql`` : sql`and ${ownClusters}`})`;
  return db
    .select({ code: enterprises.creditCode, name: enterprises.name })
    .from(enterprises)
    .where(
      and(isNull(enterprises.deletedAt), city !== null ? eq(enterprises.cityCode, city) : undefined, member),
    )
    .orderBy(asc(enterprises.creditCode));
}

export async function findCityNames(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}
