/**
 * A cluster's tier and status on a past date, rebuilt from its dated history (cluster_history): the
 * registry keeps only the current values, targets are assessed on any date.
 */
import type { ClusterStatus } from './pattern-3830.ts';
import type { ClusterTier } from './target.contract.ts';

export type ClusterHistoryEvent = {
  changedOn: string;
  field: 'created' | 'tier' | 'cultivationTarget' | 'status' | 'deleted';
  fromValue: string | null;
  toValue: string | null;
};

export type ClusterStateOnDate = { exists: boolean; tier: ClusterTier; status: ClusterStatus };

/**
 * The value of a field on `date`: the `to` of the last change on or before the date; before the first
 * change, that change's `from`; with no change at all, the current value. A cluster exists from its
 * `created` date (always, when no creation is recorded) until its `deleted` date.
 */
export function clusterStateOn(
  current: { tier: ClusterTier; status: ClusterStatus },
  events: readonly ClusterHistoryEvent[],
  date: string,
): ClusterStateOnDate {
  const sorted = [...events].sort((a, b) =>
    a.changedOn < b.changedOn ? -1 : a.changedOn > b.changedOn ? 1 : 0,
  );
  const valueOn = (field: 'tier' | 'status', now: string): string => {
    const changes = sorted.filter((e) => e.field === field);
    const before = changes.filter((e) => e.changedOn <= date).at(-1);
    if (before) return before.toValue ?? now;
    const first = changes[0];
    return first ? (first.fromValue ?? now) : now;
  };
  const created = sorted.find((e) => e.field === 'created');
  const deleted = sorted.find((e) => e.field === 'deleted');
  const exists = (!created || created.changedOn <= date) && (!deleted || deleted.changedOn > date);
  return {
    exists,
    tier: valueOn('tier', current.tier) as ClusterTier,
    status: valueOn('status', current.status) as ClusterStatus,
  };
}

/** Holds its tier on the date: exists, recognised or rectifying (a cluster keeps its tier until revoked). */
export function isRecognisedOn(state: ClusterStateOnDate): boolean {
  return (
    state.exists &&
    state.tier !== 'candidate' &&
    (state.status === 'recognised' || state.status === 'rectifying')
  );
}
