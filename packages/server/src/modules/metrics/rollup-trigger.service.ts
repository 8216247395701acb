/**
 * Recompute when data changes (issue 4, item 2). Derived cluster metrics (recomputeClusterMetrics) read
 * memberships valid on a period's last day and designations granted by then, so a membership or
 * designation write changes the roll-ups of every period ending within the dates it touched. After such
 * a write commits, the HTTP routes (and importers, through `recomputeAfterChange` / `markRollupDirty`)
 * recompute those periods synchronously, outside the write's transaction: the response then already
 * reflects the change, and the cost (one province-wide roll-up per affected period, well under a second
 * each at 20,000 enterprises) is paid by the writer, never by readers. Why not a debounced job:
 * docs/registries.md, "Recompute on change".
 *
 * The affected periods are the periods that already hold observations (entered, imported or derived)
 * and end inside the change window; a period nobody has reported for has nothing to recompute.
 */
import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { clusterMemberships, designations, observations } from '../../db/schema/index.ts';
import type { Actor } from '../users/users.service.ts';
import { recomputeClusterMetrics } from './metrics-rollup.service.ts';

/** Dates inclusive; `to` null: open-ended (every later period). */
export type ChangeWindow = { from: string; to: string | null };

/** The smallest window covering the given ranges (e.g. a membership's old and new validity). */
export function changeWindowOf(ranges: readonly { from: string; to: string | null }[]): ChangeWindow | null {
  const froms = ranges.map((r) => r.from).sort();
  const tos = ranges.map((r) => r.to);
  const from = froms[0];
  if (from === undefined) return null;
  const to = tos.includes(null) ? null : ((tos as string[]).sort().at(-1) ?? null);
  return { from, to };
}

/** Periods holding observations whose last day lies in the window, oldest first. */
export async function findAffectedPeriods(db: DbOrTx, window: ChangeWindow): Promise<string[]> {
  const conditions: SQL[] = [gte(observations.periodEnd, window.from)];
  if (window.to !== null) conditions.push(lte(observations.periodEnd, window.to));
  const rows = await db
    .selectDistinct({ period: observations.period, periodEnd: observations.periodEnd })
    .from(observations)
    .where(and(...conditions));
  return rows
    .sort((a, b) =>
      a.periodEnd === b.periodEnd ? a.period.localeCompare(b.period) : a.periodEnd < b.periodEnd ? -1 : 1,
    )
    .map((row) => row.period);
}

/** Recomputes the derived metrics of the given periods now (each once, in order); returns them. */
export async function markRollupDirty(db: Db, periods: readonly string[], actor?: Actor): Promise<string[]> {
  const unique = [...new Set(periods)];
  for (const period of unique) await recomputeClusterMetrics(db, { period }, actor);
  return unique;
}

/** Recomputes every period with observations ending inside the window; returns the periods. */
export async function recomputeAfterChange(
  db: Db,
  window: ChangeWindow | null,
  actor?: Actor,
): Promise<string[]> {
  if (!window) return [];
  return markRollupDirty(db, await findAffectedPeriods(db, window), actor);
}

/** A membership's validity as a change range (read before an update or delete). */
export async function findMembershipRange(
  db: DbOrTx,
  id: string,
): Promise<{ from: string; to: string | null }[]> {
  const [row] = await db
    .select({ from: clusterMemberships.validFrom, to: clusterMemberships.validTo })
    .from(clusterMemberships)
    .where(eq(clusterMemberships.id, id));
  return row ? [row] : [];
}

/**
 * A designation's effect as a change range: from its grant date on, open-ended (both "valid on D" and
 * "ever granted up to D" counts of every later period may change).
 */
export async function findDesignationRange(db: DbOrTx, id: string): Promise<{ from: string; to: null }[]> {
  const [row] = await db
    .select({ from: designations.grantedOn })
    .from(designations)
    .where(eq(designations.id, id));
  return row ? [{ from: row.from, to: null }] : [];
}

/**
 * What the routes call after a committed membership or designation write: recompute the periods the
 * ranges touch. A failure here does not undo the write (it is committed): it is logged, and
 * `POST /api/metrics/recompute` or `qunce metrics recompute` repairs it.
 */
export async function recomputeAfterWrite(
  db: Db,
  ranges: readonly { from: string; to: string | null }[],
  actor: Actor,
  log: { error: (object: object, message: string) => void },
): Promise<void> {
  try {
    await recomputeAfterChange(db, changeWindowOf(ranges), actor);
  } catch (error) {
    log.error({ err: error }, 'roll-up recompute after a registry write failed');
  }
}
