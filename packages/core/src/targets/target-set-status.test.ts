import { describe, expect, it } from 'vitest';
import policy from './fixtures/policy-2023-185.json';
import { buildPolicyTargetSet, withBaselines } from './policy-target-set.ts';
import { assessTargetSet, targetSetStatusSchema } from './target-set-status.ts';

const y = (year: number, value: number) => ({ date: `${year}-12-31`, value });
const base = (value: number) => ({ period: '2022', date: '2022-12-31', value });

describe('the status of a whole target set', () => {
  const set = withBaselines(buildPolicyTargetSet(policy), {
    T06: base(3000),
    T08: base(1.0),
    T10: base(1500),
    T18: base(80),
    T21: base(600),
    T22: base(8),
  });
  const observations = {
    T06: [y(2023, 3500), y(2024, 4200)], // CAGR 18.3 % vs 18.6 % → 0.99 on_track
    T08: [y(2024, 0.8)], // slope −0.1 vs 0.167 → −0.6 deteriorating
    T10: [y(2024, 1600)], // CAGR 3.3 % vs 10.1 % → 0.33 limited_progress
    T18: [y(2024, 104)], // 104 ≥ 100 achieved
    T21: [y(2024, 700)], // CAGR 8.0 % vs 10.1 % → 0.80 needs_acceleration
    T22: [y(2024, 14)], // 14 within 15 ± 1.5 achieved
    T07: [y(2024, 42)], // no baseline → no_data, actual still shown
  };

  it('on 2025-06-30: T06 on_track, T08 deteriorating, T10 limited, T18 achieved, T21 (700 from 600, ratio 0.80) needs_acceleration, T22 achieved, T07 no_data', () => {
    const s = assessTargetSet({ set, observations, asOf: '2025-06-30' });
    const status = Object.fromEntries(s.targets.map((t) => [t.code, t.status]));
    expect(status).toMatchObject({
      T06: 'on_track',
      T08: 'deteriorating',
      T10: 'limited_progress',
      T18: 'achieved',
      T21: 'needs_acceleration',
      T22: 'achieved',
      T07: 'no_data',
      T01: 'no_data',
    });
    const t07 = s.targets.find((t) => t.code === 'T07');
    expect(t07?.actual).toBe(42);
    expect(t07?.owners).toEqual(['省工业和信息化厅', '省发展改革委', '省科技厅']);
    expect(s).toMatchObject({ set: 'policy-2023-185', version: 1, date: '2025-06-30' });
    // the JSON the CLI prints parses back through the contract
    expect(targetSetStatusSchema.parse(JSON.parse(JSON.stringify(s))).targets).toHaveLength(23);
  });

  it('on 2026-06-30 (deadline passed, no 2025 figures): T06 4200 < 5000 and T21 700 < 800 → not_achieved (provisional); T18 stays achieved', () => {
    const s = assessTargetSet({ set, observations, asOf: '2026-06-30' });
    const row = (code: string) => s.targets.find((t) => t.code === code);
    expect(row('T06')?.status).toBe('not_achieved');
    expect(row('T06')?.calculation.isProvisional).toBe(true);
    expect(row('T21')?.status).toBe('not_achieved');
    expect(row('T18')?.status).toBe('achieved');
  });
});
