import {
  derivationInputs,
  type MetricDefinition,
  metricDefinitionSchema,
  type RecomputeResult,
} from '@qunce/core/metrics';
import { formatPeriod, periodEndDate, periodKind, periodStartDate } from '@qunce/core/periods';
import { createRollupContext, type RollupRule } from '@qunce/core/rollup';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Actor } from '../users/users.service.ts';
import {
  findProvinceCode,
  listDesignationsGrantedBy,
  listLiveClusterCodes,
  listMembershipsOverlapping,
  listMetricRows,
  listObservationValues,
  replaceDerivedObservations,
} from './metrics.repository.ts';

const systemActor = (at: Date): Actor => ({ actorId: null, actorName: 'system', ip: null, at });

function designationTypesOf(rule: RollupRule): string[] {
  return rule.kind === 'count_designated' || rule.kind === 'share_designated' ? rule.designationTypes : [];
}

type Derived = { subjectType: 'cluster' | 'province'; subjectCode: string; value: number };

/**
 * Recomputes the derived cluster metrics of one period (docs/methods/rollup.md): reads the live
 * clusters, the memberships overlapping the period, the members' enterprise observations and
 * designations, evaluates every roll-up metric of the catalogue accepting the period's kind (or only
 * `metrics`) with `@qunce/core/rollup` (membership valid on the period's last day), then the gaps to
 * the province-level values, and writes the results as source `rollup` in one short transaction
 * (audited). Values that can no longer be computed are removed. Reads happen outside the transaction.
 */
export async function recomputeClusterMetrics(
  db: Db,
  input: { period: string; metrics?: readonly string[] | undefined },
  actor: Actor = systemActor(new Date()),
): Promise<RecomputeResult> {
  const period = formatPeriod(input.period);
  const kind = periodKind(period);
  const catalogue: MetricDefinition[] = (await listMetricRows(db)).map((row) =>
    metricDefinitionSchema.parse({ ...row, derivation: row.derivation ?? null }),
  );
  const selected = catalogue.filter(
    (m) =>
      m.derivation !== null &&
      m.periodKinds.includes(kind) &&
      (input.metrics === undefined || input.metrics.includes(m.code)),
  );
  const rollups = selected.flatMap((m) =>
    m.derivation?.kind === 'rollup' ? [{ metric: m, derivation: m.derivation }] : [],
  );
  const gaps = selected.flatMap((m) =>
    m.derivation?.kind === 'gap_to_province' ? [{ metric: m, reference: m.derivation.metric }] : [],
  );

  const clusterCodes = await listLiveClusterCodes(db);
  const memberships = await listMembershipsOverlapping(db, periodStartDate(period), periodEndDate(period));
  const observationMetrics = [...new Set(rollups.flatMap((r) => derivationInputs(r.derivation)))];
  const observed = await listObservationValues(db, {
    subjectType: 'enterprise',
    metricCodes: observationMetrics,
    period,
  });
  const designationTypes = [...new Set(rollups.flatMap((r) => designationTypesOf(r.derivation.rule)))];
  const designationRows = await listDesignationsGrantedBy(db, designationTypes, periodEndDate(period));
  const provinceCode = await findProvinceCode(db);

  const facts = new Map<string, { enterpriseId: string; aboveScale: boolean; key: boolean }>();
  for (const m of memberships) {
    facts.set(m.creditCode, {
      enterpriseId: m.creditCode,
      aboveScale: m.isAboveScale,
      key: m.isKeyEnterprise,
    });
  }
  const context = createRollupContext(
    {
      memberships: memberships.map((m) => ({
        enterpriseId: m.creditCode,
        clusterId: m.clusterCode,
        from: m.validFrom,
        to: m.validTo,
        role: m.role,
      })),
      enterprises: [...facts.values()],
      observations: observed.map((o) => ({
        enterpriseId: o.subjectCode,
        metric: o.metricCode,
        period,
        value: o.value,
      })),
      designations: designationRows.map((d) => ({
        enterpriseId: d.creditCode,
        type: d.type,
        level: d.level,
        grantedOn: d.grantedOn,
        expiresOn: d.expiresOn,
        revokedOn: d.revokedOn,
      })),
    },
    period,
  );

  const results = new Map<string, Derived[]>();
  for (const { metric, derivation } of rollups) {
    const rows: Derived[] = [];
    for (const { clusterId, result } of context.byCluster(derivation.rule, clusterCodes)) {
      if (result.value !== null)
        rows.push({ subjectType: 'cluster', subjectCode: clusterId, value: result.value });
    }
    if (derivation.province && provinceCode) {
      const all = context.evaluate(derivation.rule, { kind: 'all_clusters' });
      if (all.value !== null)
        rows.push({ subjectType: 'province', subjectCode: provinceCode, value: all.value });
    }
    results.set(metric.code, rows);
  }

  // Gaps: the cluster's value (computed above, else stored) minus the province's published value.
  for (const { metric, reference } of gaps) {
    const computed = results.get(reference);
    const clusterValues = new Map(
      computed
        ? computed.filter((r) => r.subjectType === 'cluster').map((r) => [r.subjectCode, r.value])
        : (await listObservationValues(db, { subjectType: 'cluster', metricCodes: [reference], period })).map(
            (r) => [r.subjectCode, r.value] as const,
          ),
    );
    const provinceRows = await listObservationValues(db, {
      subjectType: 'province',
      metricCodes: [reference],
      period,
    });
    const provinceValue = provinceRows.find((r) => r.subjectCode === provinceCode)?.value;
    const rows: Derived[] = [];
    if (provinceValue !== undefined) {
      for (const [code, value] of clusterValues)
        rows.push({ subjectType: 'cluster', subjectCode: code, value: value - provinceValue });
    }
    results.set(metric.code, rows);
  }

  let written = 0;
  let removed = 0;
  await db.transaction(async (tx) => {
    for (const [metricCode, rows] of results) {
      const counts = await replaceDerivedObservations(tx, {
        metricCode,
        period,
        periodKind: kind,
        periodEnd: periodEndDate(period),
        rows,
        at: actor.at,
        by: actor.actorName,
      });
      written += counts.written;
      removed += counts.removed;
    }
    if (written + removed > 0) {
      await appendAudit(tx, {
        ...actor,
        action: 'metrics.recomputed',
        entityType: 'observation',
        entityId: period,
        after: { period, metrics: [...results.keys()], written, removed },
      });
    }
  });
  return { period, metrics: [...results.keys()], clusters: clusterCodes.length, written, removed };
}
