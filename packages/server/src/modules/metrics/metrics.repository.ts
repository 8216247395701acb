import { and, asc, eq, gte, inArray, isNull, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  clusterMemberships,
  clusters,
  designations,
  enterprises,
  type MetricDefinitionRow,
  metricDefinitions,
  type ObservationRow,
  observations,
  parks,
  regions,
} from '../../db/schema/index.ts';
import {
  clusterScopeCondition,
  enterpriseScopeCondition,
  type RegistryScope,
} from '../clusters/registry.scope.ts';
import { parkScopeCondition } from '../parks/parks.repository.ts';
import { listPage, type Paging, updateVersioned } from '../registry-kit/registry-kit.repository.ts';

// ── catalogue ─────────────────────────────────────────────────────────────────────────────────────

export async function listMetricRows(db: DbOrTx): Promise<MetricDefinitionRow[]> {
  return db.select().from(metricDefinitions).orderBy(asc(metricDefinitions.code));
}

export async function findMetricRow(db: DbOrTx, code: string): Promise<MetricDefinitionRow | undefined> {
  const [row] = await db.select().from(metricDefinitions).where(eq(metricDefinitions.code, code));
  return row;
}

export async function insertMetricRows(
  db: DbOrTx,
  values: (typeof metricDefinitions.$inferInsert)[],
  options: { ignoreExisting?: boolean } = {},
): Promise<MetricDefinitionRow[]> {
  if (values.length === 0) return [];
  const insert = db.insert(metricDefinitions).values(values);
  return options.ignoreExisting ? insert.onConflictDoNothing().returning() : insert.returning();
}

export async function updateMetricRow(
  db: DbOrTx,
  code: string,
  version: number,
  values: Partial<typeof metricDefinitions.$inferInsert>,
): Promise<MetricDefinitionRow | undefined> {
  return updateVersioned(db, metricDefinitions, eq(metricDefinitions.code, code), version, values);
}

// ── scope ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Observations a user may read: enterprises and clusters of their registry scope, their own cities,
 * and the public province- and industry-level figures.
 */
export function observationScopeCondition(scope: RegistryScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'nothing') return sql`false`;
  const enterpriseCondition = enterpriseScopeCondition(scope) ?? sql`true`;
  const clusterCondition = clusterScopeCondition(scope) ?? sql`true`;
  const parts: (SQL | undefined)[] = [
    inArray(observations.subjectType, ['province', 'industry']),
    and(
      eq(observations.subjectType, 'enterprise'),
      sql`exists (select 1 from ${enterprises} where ${enterprises.creditCode} = ${observations.subjectCode}
            and ${enterprises.deletedAt} is null and ${enterpriseCondition})`,
    ),
    and(
      eq(observations.subjectType, 'cluster'),
      sql`exists (select 1 from ${clusters} where ${clusters.code} = ${observations.subjectCode}
            and ${clusters.deletedAt} is null and ${clusterCondition})`,
    ),
    and(
      eq(observations.subjectType, 'park'),
      sql`exists (select 1 from ${parks} where ${parks.code} = ${observations.subjectCode}
            and ${parks.deletedAt} is null and ${parkScopeCondition(scope) ?? sql`true`})`,
    ),
  ];
  if (scope.kind === 'cities' && scope.cityCodes.length > 0) {
    parts.push(and(eq(observations.subjectType, 'city'), inArray(observations.subjectCode, scope.cityCodes)));
  }
  return or(...parts);
}

/** The live enterprises among `codes` that lie in the scope. */
export async function findEnterprisesInScope(
  db: DbOrTx,
  codes: string[],
  scope: RegistryScope,
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: enterprises.creditCode })
    .from(enterprises)
    .where(
      and(
        inArray(enterprises.creditCode, codes),
        isNull(enterprises.deletedAt),
        enterpriseScopeCondition(scope),
      ),
    );
  return new Set(rows.map((r) => r.code));
}

/** The live clusters among `codes` that lie in the scope. */
export async function findClustersInScope(
  db: DbOrTx,
  codes: string[],
  scope: RegistryScope,
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: clusters.code })
    .from(clusters)
    .where(and(inArray(clusters.code, codes), isNull(clusters.deletedAt), clusterScopeCondition(scope)));
  return new Set(rows.map((r) => r.code));
}

/** The live parks among `codes` that lie in the scope. */
export async function findParksInScope(
  db: DbOrTx,
  codes: string[],
  scope: RegistryScope,
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: parks.code })
    .from(parks)
    .where(and(inArray(parks.code, codes), isNull(parks.deletedAt), parkScopeCondition(scope)));
  return new Set(rows.map((r) => r.code));
}

export async function findRegionCodes(
  db: DbOrTx,
  codes: string[],
  level: 'province' | 'city',
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(inArray(regions.code, codes), eq(regions.level, level)));
  return new Set(rows.map((r) => r.code));
}

/** The province's region code (the one region of level `province`). */
export async function findProvinceCode(db: DbOrTx): Promise<string | undefined> {
  const [row] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.level, 'province'))
    .orderBy(asc(regions.code))
    .limit(1);
  return row?.code;
}

// ── observations ──────────────────────────────────────────────────────────────────────────────────

export type ObservationFilter = {
  metric?: string | undefined;
  subjectType?: ObservationRow['subjectType'] | undefined;
  subjectCode?: string | undefined;
  periodKind?: ObservationRow['periodKind'] | undefined;
  periodEndFrom?: string | undefined;
  periodEndTo?: string | undefined;
  status?: ObservationRow['status'] | undefined;
  source?: ObservationRow['source'] | undefined;
};

export async function listObservationRows(
  db: DbOrTx,
  input: Paging & { filter: ObservationFilter; scope: RegistryScope },
): Promise<{ rows: ObservationRow[]; total: number }> {
  const f = input.filter;
  const where = and(
    observationScopeCondition(input.scope),
    f.metric ? eq(observations.metricCode, f.metric) : undefined,
    f.subjectType ? eq(observations.subjectType, f.subjectType) : undefined,
    f.subjectCode ? eq(observations.subjectCode, f.subjectCode) : undefined,
    f.periodKind ? eq(observations.periodKind, f.periodKind) : undefined,
    f.periodEndFrom ? gte(observations.periodEnd, f.periodEndFrom) : undefined,
    f.periodEndTo ? lte(observations.periodEnd, f.periodEndTo) : undefined,
    f.status ? eq(observations.status, f.status) : undefined,
    f.source ? eq(observations.source, f.source) : undefined,
  );
  const order = [
    asc(observations.metricCode),
    asc(observations.subjectType),
    asc(observations.subjectCode),
    asc(observations.periodEnd),
    asc(observations.period),
  ];
  return listPage(db, observations, where, order, input);
}

export type ObservationKey = {
  subjectType: ObservationRow['subjectType'];
  subjectCode: string;
  metricCode: string;
  period: string;
};

export const observationKeyOf = (k: ObservationKey) =>
  `${k.subjectType}|${k.subjectCode}|${k.metricCode}|${k.period}`;

/** Stored observations with these natural keys (locked for update inside a transaction). */
export async function findObservationRows(
  db: DbOrTx,
  keys: ObservationKey[],
  options: { forUpdate?: boolean } = {},
): Promise<ObservationRow[]> {
  if (keys.length === 0) return [];
  const tuples = sql.join(
    keys.map((k) => sql`(${k.subjectType}, ${k.subjectCode}, ${k.metricCode}, ${k.period})`),
    sql`, `,
  );
  const query = db
    .select()
    .from(observations)
    .where(
      sql`(${observations.subjectType}, ${observations.subjectCode}, ${observations.metricCode}, ${observations.period}) in (${tuples})`,
    );
  return options.forUpdate ? query.for('update') : query;
}

export async function insertObservationRows(
  db: DbOrTx,
  values: (typeof observations.$inferInsert)[],
): Promise<ObservationRow[]> {
  const out: ObservationRow[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    out.push(
      ...(await db
        .insert(observations)
        .values(values.slice(i, i + 1000))
        .returning()),
    );
  }
  return out;
}

export async function updateObservationRow(
  db: DbOrTx,
  id: string,
  values: Pick<typeof observations.$inferInsert, 'value' | 'source' | 'status' | 'updatedAt' | 'updatedBy'>,
): Promise<ObservationRow | undefined> {
  const [row] = await db
    .update(observations)
    .set({ ...values, version: sql`${observations.version} + 1` })
    .where(eq(observations.id, id))
    .returning();
  return row;
}

export async function findObservationValue(
  db: DbOrTx,
  key: ObservationKey,
): Promise<ObservationRow | undefined> {
  const [row] = await findObservationRows(db, [key]);
  return row;
}

// ── roll-up inputs and outputs ────────────────────────────────────────────────────────────────────

export async function listLiveClusterCodes(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ code: clusters.code })
    .from(clusters)
    .where(isNull(clusters.deletedAt))
    .orderBy(asc(clusters.code));
  return rows.map((r) => r.code);
}

/** Live memberships of live clusters overlapping [start, end], with the member's size flags. */
export async function listMembershipsOverlapping(db: DbOrTx, start: string, end: string) {
  return db
    .select({
      creditCode: clusterMemberships.creditCode,
      clusterCode: clusterMemberships.clusterCode,
      role: clusterMemberships.role,
      validFrom: clusterMemberships.validFrom,
      validTo: clusterMemberships.validTo,
      isAboveScale: enterprises.isAboveScale,
      isKeyEnterprise: enterprises.isKeyEnterprise,
    })
    .from(clusterMemberships)
    .innerJoin(clusters, eq(clusters.code, clusterMemberships.clusterCode))
    .innerJoin(enterprises, eq(enterprises.creditCode, clusterMemberships.creditCode))
    .where(
      and(
        isNull(clusterMemberships.deletedAt),
        isNull(clusters.deletedAt),
        isNull(enterprises.deletedAt),
        lte(clusterMemberships.validFrom, end),
        or(isNull(clusterMemberships.validTo), gte(clusterMemberships.validTo, start)),
      ),
    );
}

export async function listObservationValues(
  db: DbOrTx,
  input: { subjectType: ObservationRow['subjectType']; metricCodes: string[]; period: string },
) {
  if (input.metricCodes.length === 0) return [];
  return db
    .select({
      subjectCode: observations.subjectCode,
      metricCode: observations.metricCode,
      value: observations.value,
    })
    .from(observations)
    .where(
      and(
        eq(observations.subjectType, input.subjectType),
        inArray(observations.metricCode, input.metricCodes),
        eq(observations.period, input.period),
      ),
    );
}

/** Live designations of the given types granted on or before `date`. */
export async function listDesignationsGrantedBy(db: DbOrTx, types: string[], date: string) {
  if (types.length === 0) return [];
  return db
    .select({
      creditCode: designations.creditCode,
      type: designations.type,
      level: designations.level,
      grantedOn: designations.grantedOn,
      expiresOn: designations.expiresOn,
      revokedOn: designations.revokedOn,
    })
    .from(designations)
    .where(
      and(
        isNull(designations.deletedAt),
        inArray(designations.type, types as (typeof designations.type.enumValues)[number][]),
        lte(designations.grantedOn, date),
      ),
    );
}

/**
 * Writes derived values for one metric and period: upserts the given (subject type, code, value)
 * rows as source `rollup` (version bumped only when the value changes) and deletes the metric's
 * derived rows for the period that are no longer produced. Returns counts.
 */
export async function replaceDerivedObservations(
  db: DbOrTx,
  input: {
    metricCode: string;
    period: string;
    periodKind: ObservationRow['periodKind'];
    periodEnd: string;
    rows: { subjectType: ObservationRow['subjectType']; subjectCode: string; value: number }[];
    at: Date;
    by: string | null;
  },
): Promise<{ written: number; removed: number }> {
  let written = 0;
  for (let i = 0; i < input.rows.length; i += 1000) {
    const chunk = input.rows.slice(i, i + 1000);
    const result = await db
      .insert(observations)
      .values(
        chunk.map((r) => ({
          subjectType: r.subjectType,
          subjectCode: r.subjectCode,
          metricCode: input.metricCode,
          period: input.period,
          periodKind: input.periodKind,
          periodEnd: input.periodEnd,
          value: r.value,
          source: 'rollup' as const,
          status: 'provisional' as const,
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
          source: sql`excluded.source`,
          status: sql`excluded.status`,
          updatedAt: sql`excluded.updated_at`,
          updatedBy: sql`excluded.updated_by`,
          version: sql`${observations.version} + 1`,
        },
        setWhere: sql`${observations.value} is distinct from excluded.value or ${observations.source} <> 'rollup'`,
      })
      .returning({ id: observations.id });
    written += result.length;
  }
  const bySubjectType = new Map<ObservationRow['subjectType'], string[]>();
  for (const r of input.rows)
    bySubjectType.set(r.subjectType, [...(bySubjectType.get(r.subjectType) ?? []), r.subjectCode]);
  const removed = await db
    .delete(observations)
    .where(
      and(
        eq(observations.metricCode, input.metricCode),
        eq(observations.period, input.period),
        eq(observations.source, 'rollup'),
        or(
          ...(['cluster', 'province'] as const).map((type) => {
            const keep = bySubjectType.get(type) ?? [];
            return and(
              eq(observations.subjectType, type),
              keep.length > 0 ? notInArray(observations.subjectCode, keep) : undefined,
            );
          }),
        ),
      ),
    )
    .returning({ id: observations.id });
  return { written, removed: removed.length };
}
