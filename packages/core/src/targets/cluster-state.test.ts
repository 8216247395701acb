import { describe, expect, it } from 'vitest';
import { type ClusterHistoryEvent, clusterStateOn, isRecognisedOn } from './cluster-state.ts';

const history: ClusterHistoryEvent[] = [
  { changedOn: '2023-01-01', field: 'created', fromValue: null, toValue: null },
  { changedOn: '2024-05-10', field: 'tier', fromValue: 'provincial', toValue: 'national' },
  { changedOn: '2025-03-01', field: 'status', fromValue: 'recognised', toValue: 'revoked' },
];
const current = { tier: 'national', status: 'revoked' } as const;

describe('clusterStateOn: the tier and status on a date from the dated history', () => {
  it('before its creation (2022-12-31) the cluster does not exist', () => {
    expect(clusterStateOn(current, history, '2022-12-31').exists).toBe(false);
  });
  it('2023-06-30: before the first tier change its "from" (provincial), before the status change its "from" (recognised)', () => {
    const s = clusterStateOn(current, history, '2023-06-30');
    expect(s).toEqual({ exists: true, tier: 'provincial', status: 'recognised' });
    expect(isRecognisedOn(s)).toBe(true);
  });
  it('2024-05-10 (the day of the upgrade, inclusive): national', () => {
    expect(clusterStateOn(current, history, '2024-05-10').tier).toBe('national');
  });
  it('2025-03-01: revoked, no longer counted as recognised', () => {
    const s = clusterStateOn(current, history, '2025-03-01');
    expect(s.status).toBe('revoked');
    expect(isRecognisedOn(s)).toBe(false);
  });
  it('no history at all: the current values, existing on every date', () => {
    expect(clusterStateOn({ tier: 'world', status: 'recognised' }, [], '2000-01-01')).toEqual({
      exists: true,
      tier: 'world',
      status: 'recognised',
    });
  });
  it('deleted on 2025-01-01: exists the day before, not on the day', () => {
    const deleted = [
      ...history,
      { changedOn: '2025-01-01', field: 'deleted' as const, fromValue: null, toValue: null },
    ];
    expect(clusterStateOn(current, deleted, '2024-12-31').exists).toBe(true);
    expect(clusterStateOn(current, deleted, '2025-01-01').exists).toBe(false);
  });
});
