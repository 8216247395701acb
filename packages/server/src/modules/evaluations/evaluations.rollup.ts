/**
 * Cluster values of derived (roll-up) metrics from accepted enterprise figures only, for evaluation
 * snapshots. The metrics module's stored roll-ups (source `rollup`, status provisional) include figures
 * still under review; an evaluation that decides public money reads accepted figures only, so it rolls
 * the accepted enterprise observations up itself with the same catalogue rule (`@qunce/core/rollup`,
 * membership valid on the period's last day). Designations are registry facts and count as they stand.
 */
import { derivationInputs, type MetricDefinition, metricDefinitionSchema } from '@qunce/core/metrics';
import { periodEndDate, periodStartDate } from '@qunce/core/periods';
import { createRollupContext, type RollupRule } from '@qunce/core/rollup';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { observations } from '../../db/schema/metrics.ts';
import {
  listDesignationsGrantedBy,
  listMembershipsOverlapping,
  listMetricRows,
} from '../metrics/metrics.repository.ts';

const designationTypesOf = (rule: RollupRule): string[] =>
  rule.kind === 'count_designated' || rule.kind === 'share_designated' ? rule.designationTypes : [];

/** Metric codes among `metrics` that the catalogue derives for clusters by a roll-up rule. */
export async function listRollupMetrics(db: DbOrTx, metrics: readonly string[]): Promise<MetricDefinition[]> {
  const rows = await listMetricRows(db);
  return rows
    .filter((row) => metrics.includes(row.code))
    .map((row) => metricDefinitionSchema.parse({ ...row, derivation: row.derivation ?? null }))
    .filter((m) => m.derivation?.kind === 'rollup' && m.subjectTypes.includes('cluster'));
}

/** `cluster|metric|period` → value, rolled up from accepted enterprise figures of the year. */
export async function acceptedRollupValues(
  db: DbOrTx,
  input: { clusterCodes: readonly string[]; metrics: readonly MetricDefinition[]; period: string },
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const rules = input.metrics.flatMap((m) =>
    m.derivation?.kind === 'rollup' ? [{ code: m.code, derivation: m.derivation }] : [],
  );
  if (rules.length === 0 || input.clusterCodes.length === 0) return out;
  const { period } = input;
  const memberships = (
    await listMembershipsOverlapping(db, periodStartDate(period), periodEndDate(period))
  ).filter((m) => input.clusterCodes.includes(m.clusterCode));
  const inputs = [...new Set(rules.flatMap((r) => derivationInputs(r.derivation)))];
  const members = [...new Set(memberships.map((m) => m.creditCode))];
  const observed =
    inputs.length > 0 && members.length > 0
      ? await db
          .select({
            subjectCode: observations.subjectCode,
            metricCode: observations.metricCode,
            value: observations.value,
          })
          .from(observations)
          .where(
            and(
              eq(observations.subjectType, 'enterprise'),
              eq(observations.status, 'accepted'),
              eq(observations.period, period),
              inArray(observations.metricCode, inputs),
              inArray(observations.subjectCode, members),
            ),
          )
      : [];
  const types = [...new Set(rules.flatMap((r) => designationTypesOf(r.derivation.rule)))];
  const designationRows = await listDesignationsGrantedBy(db, types, periodEndDate(period));
  const facts = new Map(
    memberships.map((m) => [
      m.creditCode,
      { enterpriseId: m.creditCode, aboveScale: m.isAboveScale, key: m.isKeyEnterprise },
    ]),
  );
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
  for (const { code, derivation } of rules)
    for (const { clusterId, result } of context.byCluster(derivation.rule, input.clusterCodes))
      if (result.value !== null) out.set(`${clusterId}|${code}|${period}`, result.value);
  return out;
}
