/**
 * Test data for evaluations and reviews: clusters carrying the figures of framework v1's reference data
 * set (reference-2023, shifted to another year), written as accepted cluster observations, so that a
 * run's scores can be checked against the engine on the reference data.
 */
import { frameworkV1Reference, metricCodeOf } from '@qunce/core/frameworks';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { observations } from '../../db/schema/metrics.ts';

/** Accepted (or other status) observations of reference unit `referenceIndex` for a cluster in year `period` (its output a year earlier too). */
export async function buildReferenceObservations(
  db: DbOrTx,
  input: {
    clusterCode: string;
    referenceIndex: number;
    period: string;
    status?: 'accepted' | 'submitted' | 'provisional';
    at?: Date;
  },
): Promise<void> {
  const at = input.at ?? new Date('2026-03-02T01:00:00.000Z');
  const status = input.status ?? 'accepted';
  const row = (metric: string, period: string, value: number) => ({
    subjectType: 'cluster' as const,
    subjectCode: input.clusterCode,
    metricCode: metric,
    period,
    periodKind: 'year' as const,
    periodEnd: `${period}-12-31`,
    value,
    source: 'entered' as const,
    status,
    createdAt: at,
    updatedAt: at,
  });
  const rows = Object.entries(frameworkV1Reference.values).flatMap(([name, column]) => {
    const value = column[input.referenceIndex];
    return value === null || value === undefined ? [] : [row(metricCodeOf(name), input.period, value)];
  });
  const previous = frameworkV1Reference.panel?.[0]?.values.industrial_output?.[input.referenceIndex];
  if (previous !== null && previous !== undefined)
    rows.push(row('industrial-output', String(Number(input.period) - 1), previous));
  await db
    .insert(observations)
    .values(rows)
    .onConflictDoUpdate({
      target: [
        observations.subjectType,
        observations.subjectCode,
        observations.metricCode,
        observations.period,
      ],
      set: { value: sql`excluded.value`, status: sql`excluded.status` },
    });
}
